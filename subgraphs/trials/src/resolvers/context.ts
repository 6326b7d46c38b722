import type { ProductContext } from '@mesh/product-kit';
import type { TrialsStorage } from '../storage';

export type Context = ProductContext<TrialsStorage>;
