import { z } from 'zod';
import { requireUsageReport, type Principal } from '../auth';
import { sha256 } from '../composition/content-hash';
import { createUsageStorage, type OperationUsageReport } from '../storage/usage-storage';
import type { RegistryContext } from './context';
import { parseInput } from './publish-input';
import { enforceUsageRetention } from './usage-retention';

const coordinate = z
  .string()
  .regex(
    /^[_A-Za-z][_0-9A-Za-z]*(\.[_A-Za-z][_0-9A-Za-z]*(\([_A-Za-z][_0-9A-Za-z]*\))?)?$/,
    'must be a schema coordinate such as Patient.age or Query.patients(filter)',
  );

/** One operation in a usage report. Its body may be cut short by the gateway: `hash` names the full text. */
export const operationReport = z.object({
  operationName: z.string().max(256).nullish(),
  body: z.string().min(1).max(1_000_000),
  /** SHA-256 (hex) of the full operation text, when the gateway sent `body` truncated. */
  hash: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .nullish(),
  /** Length of the full text when `body` was truncated. */
  bodyChars: z.number().int().positive().nullish(),
  client: z
    .object({
      name: z.string().max(128).default('unknown'),
      version: z.string().max(64).default('unknown'),
    })
    .default({ name: 'unknown', version: 'unknown' }),
  coordinates: z.array(coordinate).max(5000),
  count: z.number().int().positive(),
  /** When the calls happened (any time in the hour); defaults to now. */
  at: z.iso.datetime({ offset: true }).nullish(),
});

/**
 * What a gateway sends to POST /usage. Each operation is checked on its own: one bad or huge operation is
 * dropped (and counted), never the whole batch — a batch refused whole would let one caller hide
 * everyone else's usage from breaking-change checks.
 */
export const usageReportBody = z.object({ reports: z.array(z.unknown()).max(10_000) });

export interface UsageIngestStats {
  /** Operations refused (malformed) since start. */
  dropped: number;
  /** Operation texts stored truncated since start. */
  truncated: number;
  /** Operations deleted by retention (age or row cap) since start. */
  expired: number;
}

const hourOf = (iso: string) => `${new Date(iso).toISOString().slice(0, 13)}:00:00.000Z`;

/** Stores a batch of operation usage reports from a gateway (idempotent per operation; counts add up). */
export async function ingestUsage(
  ctx: RegistryContext,
  principal: Principal,
  raw: unknown,
): Promise<{ accepted: number; operations: number; dropped: number; truncated: number }> {
  requireUsageReport(principal);
  const body = parseInput(usageReportBody, raw);
  const now = new Date().toISOString();
  const { maxBodyChars } = ctx.usage;
  const reports: OperationUsageReport[] = [];
  let dropped = 0;
  let truncated = 0;
  for (const item of body.reports) {
    const parsed = operationReport.safeParse(item);
    if (!parsed.success) {
      dropped += 1;
      continue;
    }
    const report = parsed.data;
    const cut = report.body.length > maxBodyChars;
    if (cut || report.hash) truncated += 1;
    reports.push({
      hash: report.hash ?? sha256(report.body),
      name: report.operationName ?? null,
      // Checks need the coordinates, not the text: a long text is kept only as a readable prefix.
      body: cut ? report.body.slice(0, maxBodyChars) : report.body,
      bodyChars: cut ? report.body.length : (report.bodyChars ?? null),
      clientName: report.client.name,
      clientVersion: report.client.version,
      coordinates: report.coordinates,
      bucket: hourOf(report.at ?? now),
      count: report.count,
    });
  }
  if (reports.length > 0) await ctx.db.transaction((trx) => createUsageStorage(trx).ingest(reports, now));
  ctx.usage.stats.dropped += dropped;
  ctx.usage.stats.truncated += truncated;
  if (dropped > 0) ctx.logger.warn({ dropped, accepted: reports.length }, 'usage report: operations dropped');
  await enforceUsageRetention(ctx, { afterIngest: true });
  return {
    accepted: reports.length,
    operations: new Set(reports.map((r) => r.hash)).size,
    dropped,
    truncated,
  };
}
