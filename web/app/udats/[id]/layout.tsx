import { notFound } from 'next/navigation';
import type { ReactNode } from 'react';
import { loadUdat } from '@/components/history/loaders';
import { sessionToken } from '@/lib/session';

/**
 * Decides "not found" before the page streams (its loading state would otherwise fix the status at 200), so an
 * artifact that does not exist, was deleted, or is not shared with the viewer answers HTTP 404.
 */
export default async function UdatLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ id: string }>;
}) {
  const { id } = await params;
  if (await sessionToken()) {
    const outcome = await loadUdat(id);
    if (outcome.status === 'ok' && !outcome.data.udat) notFound();
  }
  return children;
}
