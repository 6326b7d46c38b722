import { clinical } from './index';

clinical.main();
