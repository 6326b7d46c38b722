import { z } from 'zod';
import { requireUsageReport, type Principal } from '../auth';
import { sha256 } from '../composition/content-hash';
import { createUsageStorage, type OperationUsageReport } from '../storage/usage-storage';
import type { RegistryContext } from './context';
import { parseInput } from './publish-input';

const coordinate = z
  .string()
  .regex(
    /^[_A-Za-z][_0-9A-Za-z]*(\.[_A-Za-z][_0-9A-Za-z]*(\([_A-Za-z][_0-9A-Za-z]*\))?)?$/,
    'must be a schema coordinate such as Patient.age or Query.patients(filter)',
  );

/** What a gateway sends to POST /usage. */
export const usageReportBody = z.object({
  reports: z
    .array(
      z.object({
        operationName: z.string().max(256).nullish(),
        body: z.string().min(1).max(100_000),
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
      }),
    )
    .max(10_000),
});

const hourOf = (iso: string) => `${new Date(iso).toISOString().slice(0, 13)}:00:00.000Z`;

/** Stores a batch of operation usage reports from a gateway (idempotent per operation; counts add up). */
export async function ingestUsage(
  ctx: RegistryContext,
  principal: Principal,
  raw: unknown,
): Promise<{ accepted: number; operations: number }> {
  requireUsageReport(principal);
  const body = parseInput(usageReportBody, raw);
  const now = new Date().toISOString();
  const reports: OperationUsageReport[] = body.reports.map((report) => ({
    hash: sha256(report.body),
    name: report.operationName ?? null,
    body: report.body,
    clientName: report.client.name,
    clientVersion: report.client.version,
    coordinates: report.coordinates,
    bucket: hourOf(report.at ?? now),
    count: report.count,
  }));
  await ctx.db.transaction((trx) => createUsageStorage(trx).ingest(reports, now));
  return { accepted: reports.length, operations: new Set(reports.map((r) => r.hash)).size };
}
