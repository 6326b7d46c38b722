import { notFound } from 'next/navigation';
import type { ReactNode } from 'react';
import { loadHistoryEntry } from '@/components/history/loaders';
import { sessionToken } from '@/lib/session';

/**
 * Decides "not found" before the page streams (its loading state would otherwise fix the status at 200), so a
 * run that does not exist or is not shared with the viewer answers HTTP 404.
 */
export default async function HistoryEntryLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ id: string }>;
}) {
  const { id } = await params;
  if (await sessionToken()) {
    const outcome = await loadHistoryEntry(id);
    if (outcome.status === 'ok' && !outcome.data.historyEntry) notFound();
  }
  return children;
}
