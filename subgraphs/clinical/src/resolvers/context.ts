import type { ProductContext } from '@mesh/product-kit';
import type { ClinicalStorage } from '../storage';

export type Context = ProductContext<ClinicalStorage>;
