import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
