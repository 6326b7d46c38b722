import type { ReactNode } from 'react';
import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { loadProduct } from './product-data';

/**
 * Checks that the product exists before anything streams. The page's `loading.tsx` starts the response,
 * and a `notFound()` after that keeps status 200; here, above the loading boundary, an unknown product is a
 * real 404 (rendered by app/products/not-found.tsx).
 */
export default async function ProductLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ name: string }>;
}) {
  await connection();
  const { name } = await params;
  const product = await loadProduct(name);
  if (product.status === 'ok' && product.data === null) notFound();
  return children;
}
