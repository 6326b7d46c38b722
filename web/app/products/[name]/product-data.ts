import { cache } from 'react';
import { getCatalogProduct } from '@/lib/registry';

/** One registry request per render for the product, shared by the layout's 404 check, metadata and page. */
export const loadProduct = cache((name: string) => getCatalogProduct(name));
