import { crateOptions, historyEntryDownload } from '@/components/history/export-routes';
import { historyRoCrate, METADATA_FILE } from '@/lib/ro-crate';

/** `ro-crate-metadata.json` of one run: RO-Crate 1.2 JSON-LD with the run as a PROV CreateAction. */
export const GET = historyEntryDownload(async (entry, request) => ({
  body: `${JSON.stringify(historyRoCrate(entry, await crateOptions(request)), null, 2)}\n`,
  contentType: 'application/ld+json; charset=utf-8',
  fileName: METADATA_FILE,
}));
