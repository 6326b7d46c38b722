import { actorOf, requireProductWrite, type Principal } from '../auth';
import { createAuditStorage } from '../storage/audit-storage';
import { createProductsStorage } from '../storage/products-storage';
import type { RegistryContext } from './context';
import { evaluateChange, loadMeshState, type CheckReport } from './evaluate-change';
import { assertValidSubgraph, checkInput, parseInput, requireReasonWithForce } from './publish-input';
import { rejectionOf } from './apply-change';

export type CheckOutcome = {
  status: 'passed' | 'failed';
  message: string;
  code: string | null;
  report: CheckReport;
};

/**
 * Every check a publish would run, without publishing: CI runs it on a pull request. Read-only apart from
 * its audit entry.
 */
export async function checkSchema(
  ctx: RegistryContext,
  principal: Principal,
  raw: unknown,
): Promise<CheckOutcome> {
  const input = parseInput(checkInput, raw);
  requireProductWrite(principal, input.product);
  requireReasonWithForce(input);
  const products = createProductsStorage(ctx.db);
  const product = await products.get(input.product);
  const routingUrl = input.routingUrl ?? product?.routingUrl ?? `http://${input.product}.invalid/graphql`;
  assertValidSubgraph(input.product, routingUrl, input.sdl);
  const state = await loadMeshState(ctx.db);
  const entry = {
    name: input.product,
    url: routingUrl,
    sdl: input.sdl,
    productVersion: input.version ?? product?.currentVersion ?? '0.0.0',
  };
  const proposed = [...state.subgraphs.filter((s) => s.name !== input.product), entry];
  const report = await evaluateChange(ctx.db, {
    state,
    proposed,
    currentVersion: product?.status === 'active' ? product.currentVersion : null,
    nextVersion: input.version,
    force: input.force,
    reason: input.reason,
    usageWindowDays: ctx.usageWindowDays,
  });
  const rejection = report.status === 'failed' ? rejectionOf(input.product, report) : null;
  const message =
    rejection?.message ?? (report.policy?.status === 'allowed' ? report.policy.note : 'Passed.');
  await createAuditStorage(ctx.db).append({
    at: new Date().toISOString(),
    actor: actorOf(principal),
    action: 'check',
    product: input.product,
    result: report.status,
    details: { version: input.version, summary: report.summary, code: rejection?.code ?? null },
  });
  return { status: report.status, message, code: rejection?.code ?? null, report };
}
