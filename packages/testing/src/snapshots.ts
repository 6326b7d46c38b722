import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import knex, { type Knex } from 'knex';
import {
  DEFAULT_REFERENCE_DATE,
  DEFAULT_SEED,
  DEFAULT_SIZE,
  generateDemoData,
  type GenerateOptions,
} from '@mesh/demo-data';

/** Fresh demo snapshots in a temporary folder, one per test suite. */
export async function createTestSnapshots(overrides: Partial<Omit<GenerateOptions, 'outDir'>> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'mesh-data-'));
  const files = await generateDemoData({
    outDir: dir,
    seed: DEFAULT_SEED,
    referenceDate: DEFAULT_REFERENCE_DATE,
    ...DEFAULT_SIZE,
    ...overrides,
  });
  return { dir, ...files, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * A new snapshot made from an existing one: `source` copied to `target`, then changed by `change` (rows
 * inserted, updated or deleted). The source is never written: a served snapshot is immutable, and a change
 * of data is a new file with a new dataVersion.
 */
export async function deriveSnapshot(
  source: string,
  target: string,
  change: (db: Knex) => Promise<void>,
): Promise<string> {
  copyFileSync(source, target);
  const db = knex({ client: 'better-sqlite3', connection: { filename: target }, useNullAsDefault: true });
  try {
    await change(db);
  } finally {
    await db.destroy();
  }
  return target;
}
