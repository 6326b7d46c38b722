import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import knex from 'knex';

export const DATABASES = ['sqlite', 'postgres'] as const;
export type DatabaseUnderTest = (typeof DATABASES)[number];

const PG_ADMIN_URL = process.env.MESH_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  /** Set for SQLite: a file in a fresh temporary folder. */
  databaseFile?: string;
  /** Set for PostgreSQL: a fresh database on the local server. */
  databaseUrl?: string;
  drop(): Promise<void>;
}

/** A fresh, empty store for one suite: a SQLite file in a temp folder, or a new PostgreSQL database. */
export async function createTestDatabase(kind: DatabaseUnderTest, prefix = 'mesh'): Promise<TestDatabase> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), `${prefix}-test-`));
    return {
      databaseFile: join(dir, `${prefix}.sqlite`),
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const name = `${prefix.replace(/[^a-z0-9_]/g, '_')}_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = knex({ client: 'pg', connection: PG_ADMIN_URL, pool: { min: 0, max: 1 } });
  await admin.raw(`CREATE DATABASE ${name}`);
  await admin.destroy();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    databaseUrl: url.toString(),
    async drop() {
      const again = knex({ client: 'pg', connection: PG_ADMIN_URL, pool: { min: 0, max: 1 } });
      await again.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await again.destroy();
    },
  };
}
