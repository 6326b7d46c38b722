import { trials } from './index';

trials.main();
