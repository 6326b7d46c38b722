import { createUsageStorage } from '../storage/usage-storage';
import type { RegistryContext } from './context';

/**
 * Keeps the usage store bounded: usage older than the retention period goes, and beyond the row cap the
 * least recently seen operations go. Runs after each ingest (cheap: one count unless over the cap) and
 * periodically (age), so a flood of distinct operations cannot grow the store without bound.
 */
export async function enforceUsageRetention(
  ctx: Pick<RegistryContext, 'db' | 'usage' | 'logger'>,
  options: { afterIngest?: boolean; now?: number } = {},
): Promise<number> {
  const storage = createUsageStorage(ctx.db);
  let removed = 0;
  if (!options.afterIngest) {
    const cutoff = new Date((options.now ?? Date.now()) - ctx.usage.retentionDays * 86_400_000).toISOString();
    removed += await storage.deleteOlderThan(cutoff);
  }
  const count = await storage.operationCount();
  if (count > ctx.usage.maxOperations)
    removed += await storage.deleteLeastRecent(count - ctx.usage.maxOperations);
  if (removed > 0) {
    ctx.usage.stats.expired += removed;
    ctx.logger.info({ removed, maxOperations: ctx.usage.maxOperations }, 'usage retention');
  }
  return removed;
}
