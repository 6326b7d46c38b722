import { startClinical } from '@mesh/clinical';
import { startGenomics } from '@mesh/genomics';
import { createLogger, type RunningProduct } from '@mesh/product-kit';
import { createTestSnapshots } from '@mesh/testing';

/** A logger that is silent unless MESH_TEST_LOG_LEVEL says otherwise. */
export const testLogger = (name: string) => createLogger(name, process.env.MESH_TEST_LOG_LEVEL ?? 'silent');

export interface TestProducts {
  snapshots: Awaited<ReturnType<typeof createTestSnapshots>>;
  clinical: RunningProduct;
  genomics: RunningProduct;
  /** `subgraphs` of a gateway over both products. */
  subgraphs(): { name: string; url: string }[];
  /** Starts genomics again over the same snapshot (e.g. on its old port after closing it). */
  restartGenomics(port: number): Promise<RunningProduct>;
  /** Closes both products and removes the snapshots. */
  close(): Promise<void>;
}

/**
 * Fresh snapshots and the clinical and genomics products over them, on free ports, for tests that run
 * their own gateway (startGateway's defaults authenticate the same demo users as `asUser`, and sign the
 * caller for the products with the same development secret).
 */
export async function startClinicalAndGenomics(
  data?: Parameters<typeof createTestSnapshots>[0],
): Promise<TestProducts> {
  const snapshots = await createTestSnapshots(data);
  const host = '127.0.0.1';
  const products: TestProducts = {
    snapshots,
    clinical: await startClinical({
      databaseFile: snapshots.clinical,
      port: 0,
      host,
      logger: testLogger('clinical'),
    }),
    genomics: await startGenomics({
      databaseFile: snapshots.genomics,
      port: 0,
      host,
      logger: testLogger('genomics'),
    }),
    subgraphs() {
      return [
        { name: 'clinical', url: products.clinical.url },
        { name: 'genomics', url: products.genomics.url },
      ];
    },
    async restartGenomics(port) {
      products.genomics = await startGenomics({
        databaseFile: snapshots.genomics,
        port,
        host,
        logger: testLogger('genomics'),
      });
      return products.genomics;
    },
    async close() {
      await Promise.all([products.clinical.close(), products.genomics.close()]);
      snapshots.remove();
    },
  };
  return products;
}
