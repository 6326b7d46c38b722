import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';

const cachedSupergraph = z.object({ id: z.string(), supergraphSdl: z.string().min(1), savedAt: z.string() });
export type CachedSupergraph = z.infer<typeof cachedSupergraph>;

/** The last good supergraph on disk, written atomically (temp file + rename), so a crash never leaves half a file. */
export function saveSupergraphCache(file: string, entry: { id: string; supergraphSdl: string }): void {
  mkdirSync(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify({ ...entry, savedAt: new Date().toISOString() }));
  renameSync(temp, file);
}

export function loadSupergraphCache(file: string): CachedSupergraph | null {
  try {
    return cachedSupergraph.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    return null;
  }
}
