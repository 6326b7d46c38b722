import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import knex from 'knex';
import { createLogger } from '@mesh/product-kit';
import { graphql, waitForHealthy, type GraphQLResponse } from '@mesh/testing';
import type { Report } from '../src/cli/operations';
import { startRegistry, type RegistryOptions, type RunningRegistry } from '../src';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';
export const DATABASES = ['sqlite', 'postgres'] as const;
export type DatabaseUnderTest = (typeof DATABASES)[number];

const PG_ADMIN_URL = process.env.MESH_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A fresh, empty store for one suite: a SQLite file in a temp folder, or a new PostgreSQL database. */
export async function createTestDatabase(kind: DatabaseUnderTest): Promise<{
  options: Pick<RegistryOptions, 'databaseFile' | 'databaseUrl'>;
  env: Record<string, string>;
  drop(): Promise<void>;
}> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'registry-test-'));
    const file = join(dir, 'registry.sqlite');
    return {
      options: { databaseFile: file },
      env: { DATABASE_FILE: file },
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const name = `registry_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = knex({ client: 'pg', connection: PG_ADMIN_URL, pool: { min: 0, max: 1 } });
  await admin.raw(`CREATE DATABASE ${name}`);
  await admin.destroy();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    options: { databaseUrl: url.toString() },
    env: { DATABASE_URL: url.toString() },
    async drop() {
      const again = knex({ client: 'pg', connection: PG_ADMIN_URL, pool: { min: 0, max: 1 } });
      await again.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await again.destroy();
    },
  };
}

export interface TestRegistry {
  registry: RunningRegistry;
  /** GraphQL against the registry, with a token (admin by default; null for none). */
  gql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    token?: string | null,
  ): Promise<GraphQLResponse<T>>;
  close(): Promise<void>;
}

export async function startTestRegistry(
  kind: DatabaseUnderTest,
  options: Partial<RegistryOptions> = {},
): Promise<TestRegistry> {
  const database = await createTestDatabase(kind);
  const registry = await startRegistry({
    port: 0,
    host: '127.0.0.1',
    adminToken: ADMIN_TOKEN,
    logger: createLogger('schema-registry', process.env.MESH_TEST_LOG_LEVEL ?? 'silent'),
    ...database.options,
    ...options,
  });
  await waitForHealthy(`${registry.origin}/ready`);
  return {
    registry,
    gql: (query, variables, token = ADMIN_TOKEN) =>
      graphql(registry.url, query, variables, token === null ? {} : { authorization: `Bearer ${token}` }),
    async close() {
      await registry.close();
      await database.drop();
    },
  };
}

export const PUBLISH = /* GraphQL */ `
  mutation Publish($input: PublishInput!) {
    publish(input: $input) {
      status
      code
      message
      version {
        seq
        id
        productVersion
        forced
        reason
      }
      check {
        composition {
          composed
          errors {
            code
            message
          }
        }
        changes {
          type
          criticality
          path
          message
          usage {
            safe
            reason
            operations {
              name
              count
              clients {
                name
                version
                count
              }
            }
          }
        }
        summary {
          breaking
          breakingUsed
          dangerous
          safe
        }
        policy {
          allowed
          basis
          message
        }
      }
    }
  }
`;

export interface PublishData {
  publish: {
    status: 'PUBLISHED' | 'UNCHANGED' | 'REJECTED';
    code: string | null;
    message: string;
    version: {
      seq: number;
      id: string;
      productVersion: string | null;
      forced: boolean;
      reason: string | null;
    } | null;
    check: Report | null;
  };
}

export function publishInput(
  product: string,
  sdl: string,
  version: string,
  extra: Record<string, unknown> = {},
) {
  return { input: { product, sdl, version, routingUrl: `http://${product}.test/graphql`, ...extra } };
}

/** Counts rows the way an operator would, straight from the store (independent of the API under test). */
export async function countRows(registry: RunningRegistry, table: string): Promise<number> {
  const row = (await registry.context.db(table).count({ n: '*' }).first()) as { n: number | string };
  return Number(row.n);
}
