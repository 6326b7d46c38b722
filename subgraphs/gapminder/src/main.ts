import { gapminder } from './index';

gapminder.main();
