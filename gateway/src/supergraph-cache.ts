import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';

const cachedSupergraph = z.object({ id: z.string(), supergraphSdl: z.string().min(1), savedAt: z.string() });
export type CachedSupergraph = z.infer<typeof cachedSupergraph>;

/** A cache file that exists but cannot be used: said as such, not as "missing". */
export class CorruptSupergraphCacheError extends Error {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(
      `The supergraph cache ${file} is corrupt (${reason}). Delete it, or start with the registry reachable so it is rewritten.`,
    );
    this.name = 'CorruptSupergraphCacheError';
  }
}

/** The last good supergraph on disk, written atomically (temp file + rename), so a crash never leaves half a file. */
export function saveSupergraphCache(file: string, entry: { id: string; supergraphSdl: string }): void {
  mkdirSync(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify({ ...entry, savedAt: new Date().toISOString() }));
  renameSync(temp, file);
}

/** The cached supergraph; null when the file does not exist; CorruptSupergraphCacheError when it is unusable. */
export function loadSupergraphCache(file: string): CachedSupergraph | null {
  if (!existsSync(file)) return null;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new CorruptSupergraphCacheError(file, `not JSON: ${(error as Error).message}`);
  }
  const parsed = cachedSupergraph.safeParse(json);
  if (!parsed.success)
    throw new CorruptSupergraphCacheError(
      file,
      parsed.error.issues.map((issue) => `${issue.path.join('.') || 'file'} ${issue.message}`).join('; '),
    );
  return parsed.data;
}
