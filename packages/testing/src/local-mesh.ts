import { join } from 'node:path';
import { startClinical } from '@mesh/clinical';
import type { GenerateOptions } from '@mesh/demo-data';
import { startGateway, type GatewayAuthOptions, type RunningGateway } from '@mesh/gateway';
import { startGenomics } from '@mesh/genomics';
import { startTrials } from '@mesh/trials';
import { createLogger, type RunningProduct } from '@mesh/product-kit';
import { asUser } from './auth';
import { waitForHealthy } from './http';
import { createTestSnapshots } from './snapshots';

export interface LocalMesh {
  dataDir: string;
  clinical: RunningProduct;
  genomics: RunningProduct;
  trials: RunningProduct;
  gateway: RunningGateway;
  /** Authorization headers of the demo users (alice analyst, carol clinician, gene, ada admin, bob analyst). */
  as: Record<'alice' | 'bob' | 'carol' | 'gene' | 'ada', Record<string, string>>;
  close(): Promise<void>;
}

export interface LocalMeshOptions {
  /** Use existing snapshots instead of generating fresh ones in a temporary folder. */
  dataDir?: string;
  data?: Partial<Omit<GenerateOptions, 'outDir'>>;
  logLevel?: string;
  /** Gateway authentication/authorization settings (e.g. who may introspect). */
  auth?: GatewayAuthOptions;
}

/**
 * Generates a fresh data snapshot, starts both products and the gateway on free ports (port 0), and
 * waits until each answers its health endpoint.
 */
export async function startLocalMesh(options: LocalMeshOptions = {}): Promise<LocalMesh> {
  const snapshots = options.dataDir === undefined ? await createTestSnapshots(options.data) : undefined;
  const dataDir = options.dataDir ?? snapshots!.dir;
  const level = options.logLevel ?? process.env.MESH_TEST_LOG_LEVEL ?? 'silent';
  const host = '127.0.0.1';
  const clinical = await startClinical({
    databaseFile: join(dataDir, 'clinical.sqlite'),
    port: 0,
    host,
    logger: createLogger('clinical', level),
  });
  const genomics = await startGenomics({
    databaseFile: join(dataDir, 'genomics.sqlite'),
    port: 0,
    host,
    logger: createLogger('genomics', level),
  });
  const trials = await startTrials({
    databaseFile: join(dataDir, 'trials.sqlite'),
    port: 0,
    host,
    logger: createLogger('trials', level),
  });
  await Promise.all(
    [clinical, genomics, trials].map((product) => waitForHealthy(`${product.origin}/health`)),
  );
  const gateway = await startGateway({
    port: 0,
    host,
    subgraphs: [
      { name: 'clinical', url: clinical.url },
      { name: 'genomics', url: genomics.url },
      { name: 'trials', url: trials.url },
    ],
    logger: createLogger('gateway', level),
    auth: options.auth,
  });
  await waitForHealthy(`${gateway.origin}/ready`);
  const users = ['alice', 'bob', 'carol', 'gene', 'ada'] as const;
  const headers = await Promise.all(users.map((user) => asUser(user)));
  return {
    as: Object.fromEntries(users.map((user, index) => [user, headers[index]!])) as LocalMesh['as'],
    dataDir,
    clinical,
    genomics,
    trials,
    gateway,
    async close() {
      await gateway.close();
      await Promise.all([clinical.close(), genomics.close(), trials.close()]);
      snapshots?.remove();
    },
  };
}
