import { crateOptions, udatDownload } from '@/components/history/export-routes';
import { METADATA_FILE, udatRoCrate } from '@/lib/ro-crate';

/** `ro-crate-metadata.json` of one saved artifact, with the run it came from when that run is visible. */
export const GET = udatDownload(async (udat, request) => ({
  body: `${JSON.stringify(udatRoCrate(udat, await crateOptions(request)), null, 2)}\n`,
  contentType: 'application/ld+json; charset=utf-8',
  fileName: METADATA_FILE,
}));
