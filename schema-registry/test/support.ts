import { createLogger } from '@mesh/product-kit';
import {
  createTestDatabase as createMeshTestDatabase,
  graphql,
  waitForHealthy,
  type DatabaseUnderTest,
  type GraphQLResponse,
} from '@mesh/testing';
import type { Report } from '../src/cli/operations';
import { startRegistry, type RegistryOptions, type RunningRegistry } from '../src';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';
export { DATABASES, type DatabaseUnderTest } from '@mesh/testing';

/** A fresh, empty registry store for one suite (SQLite file or a new PostgreSQL database). */
export async function createTestDatabase(kind: DatabaseUnderTest): Promise<{
  options: Pick<RegistryOptions, 'databaseFile' | 'databaseUrl'>;
  env: Record<string, string>;
  drop(): Promise<void>;
}> {
  const database = await createMeshTestDatabase(kind, 'registry');
  return database.databaseUrl
    ? {
        options: { databaseUrl: database.databaseUrl },
        env: { DATABASE_URL: database.databaseUrl },
        drop: database.drop,
      }
    : {
        options: { databaseFile: database.databaseFile! },
        env: { DATABASE_FILE: database.databaseFile! },
        drop: database.drop,
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
