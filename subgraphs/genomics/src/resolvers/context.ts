import type { ProductContext } from '@mesh/product-kit';
import type { GenomicsStorage } from '../storage';

export type Context = ProductContext<GenomicsStorage>;
