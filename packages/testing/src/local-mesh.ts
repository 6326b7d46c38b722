import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startClinical } from '@mesh/clinical';
import type { GenerateOptions } from '@mesh/demo-data';
import {
  startGateway,
  type GatewayAuthOptions,
  type GatewayOptions,
  type RunningGateway,
} from '@mesh/gateway';
import { startGenomics } from '@mesh/genomics';
import { startTrials } from '@mesh/trials';
import { createLogger, type RunningProduct } from '@mesh/product-kit';
import { startWorkspace, type RunningWorkspace } from '@mesh/workspace';
import { asUser } from './auth';
import { waitForHealthy } from './http';
import { createTestSnapshots } from './snapshots';

export interface LocalMesh {
  dataDir: string;
  clinical: RunningProduct;
  genomics: RunningProduct;
  trials: RunningProduct;
  /** Set when started with `workspace: true`: run history and saved artifacts, behind the same gateway. */
  workspace?: RunningWorkspace;
  gateway: RunningGateway;
  /** Authorization headers of the demo users (alice analyst, carol clinician, gene, ada admin, bob analyst). */
  as: Record<'alice' | 'bob' | 'carol' | 'gene' | 'ada', Record<string, string>>;
  /**
   * Stops one snapshot product and starts it again on the same port (the gateway keeps its URL), serving
   * `databaseFile` (default: the file it served) — e.g. a new snapshot with a new dataVersion. Resolves once
   * the restarted product answers its health endpoint; `mesh[product]` is the new instance.
   */
  restart(product: SnapshotProductName, options?: { databaseFile?: string }): Promise<RunningProduct>;
  close(): Promise<void>;
}

export type SnapshotProductName = 'clinical' | 'genomics' | 'trials';

export interface LocalMeshOptions {
  /** Use existing snapshots instead of generating fresh ones in a temporary folder. */
  dataDir?: string;
  data?: Partial<Omit<GenerateOptions, 'outDir'>>;
  logLevel?: string;
  /** Gateway authentication/authorization settings (e.g. who may introspect). */
  auth?: GatewayAuthOptions;
  /**
   * Also start the workspace product (run history, UDATs) on a fresh SQLite store in its own temporary
   * folder, composed into the gateway's supergraph like the other products.
   */
  workspace?: boolean;
  /** Gateway data-access audit settings (store, queue bound, owners). */
  audit?: GatewayOptions['audit'];
}

const STARTERS = { clinical: startClinical, genomics: startGenomics, trials: startTrials } as const;

/**
 * Generates a fresh data snapshot, starts the products (and, when asked, the workspace) and the gateway on
 * free ports (port 0), and waits until each answers its health endpoint.
 */
export async function startLocalMesh(options: LocalMeshOptions = {}): Promise<LocalMesh> {
  const snapshots = options.dataDir === undefined ? await createTestSnapshots(options.data) : undefined;
  const dataDir = options.dataDir ?? snapshots!.dir;
  const level = options.logLevel ?? process.env.MESH_TEST_LOG_LEVEL ?? 'silent';
  const host = '127.0.0.1';
  const files: Record<SnapshotProductName, string> = {
    clinical: join(dataDir, 'clinical.sqlite'),
    genomics: join(dataDir, 'genomics.sqlite'),
    trials: join(dataDir, 'trials.sqlite'),
  };
  const startProduct = (name: SnapshotProductName, port = 0) =>
    STARTERS[name]({ databaseFile: files[name], port, host, logger: createLogger(name, level) });
  const clinical = await startProduct('clinical');
  const genomics = await startProduct('genomics');
  const trials = await startProduct('trials');
  const workspaceDir = options.workspace ? mkdtempSync(join(tmpdir(), 'mesh-workspace-')) : undefined;
  const workspace = workspaceDir
    ? await startWorkspace({
        databaseFile: join(workspaceDir, 'workspace.sqlite'),
        port: 0,
        host,
        logger: createLogger('workspace', level),
      })
    : undefined;
  await Promise.all(
    [clinical, genomics, trials, ...(workspace ? [workspace] : [])].map((product) =>
      waitForHealthy(`${product.origin}/health`),
    ),
  );
  const gateway = await startGateway({
    port: 0,
    host,
    subgraphs: [
      { name: 'clinical', url: clinical.url },
      { name: 'genomics', url: genomics.url },
      { name: 'trials', url: trials.url },
      ...(workspace ? [{ name: 'workspace', url: workspace.url }] : []),
    ],
    logger: createLogger('gateway', level),
    auth: options.auth,
    audit: options.audit,
  });
  await waitForHealthy(`${gateway.origin}/ready`);
  const users = ['alice', 'bob', 'carol', 'gene', 'ada'] as const;
  const headers = await Promise.all(users.map((user) => asUser(user)));
  const mesh: LocalMesh = {
    as: Object.fromEntries(users.map((user, index) => [user, headers[index]!])) as LocalMesh['as'],
    dataDir,
    clinical,
    genomics,
    trials,
    ...(workspace ? { workspace } : {}),
    gateway,
    async restart(name, restartOptions = {}) {
      const stopped = mesh[name];
      const port = Number(new URL(stopped.origin).port);
      await stopped.close();
      // Until the new instance serves, close() must not stop the old one a second time.
      mesh[name] = { ...stopped, close: async () => undefined };
      if (restartOptions.databaseFile !== undefined) files[name] = restartOptions.databaseFile;
      const restarted = await startProduct(name, port);
      mesh[name] = restarted;
      await waitForHealthy(`${restarted.origin}/health`);
      return restarted;
    },
    async close() {
      await gateway.close();
      await Promise.all([
        mesh.clinical.close(),
        mesh.genomics.close(),
        mesh.trials.close(),
        ...(workspace ? [workspace.close()] : []),
      ]);
      if (workspaceDir) rmSync(workspaceDir, { recursive: true, force: true });
      snapshots?.remove();
    },
  };
  return mesh;
}
