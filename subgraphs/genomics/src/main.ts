import { genomics } from './index';

genomics.main();
