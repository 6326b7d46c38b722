import type { Knex } from 'knex';
import { decideBreakingPolicy, type BreakingPolicyOutcome } from '../composition/check-policy';
import { composeSupergraph, type CompositionProblem } from '../composition/compose';
import type { SubgraphSource } from '../composition/content-hash';
import { diffApiSchemas, type SchemaChange } from '../composition/diff-schemas';
import { attachUsage, coordinatesAffectedBy, type CoordinateLookup } from '../composition/usage-impact';
import { createSchemaVersionsStorage, type SchemaVersion } from '../storage/schema-versions-storage';
import { createUsageStorage } from '../storage/usage-storage';
import { usageWindowStart } from './context';

export interface MeshState {
  version: SchemaVersion | null;
  subgraphs: (SubgraphSource & { productVersion: string })[];
  apiSdl: string | null;
}

/** The current supergraph version with every subgraph's SDL, read in one pass (inside the lock when writing). */
export async function loadMeshState(db: Knex): Promise<MeshState> {
  const versions = createSchemaVersionsStorage(db);
  const version = await versions.current();
  if (!version) return { version: null, subgraphs: [], apiSdl: null };
  const subgraphs = (await versions.subgraphsOf([version.seq])).get(version.seq)!;
  const texts = await versions.blobs([version.apiHash, ...subgraphs.map((s) => s.sdlHash)]);
  return {
    version,
    apiSdl: texts.get(version.apiHash)!,
    subgraphs: subgraphs.map((s) => ({
      name: s.product,
      url: s.routingUrl,
      sdl: texts.get(s.sdlHash)!,
      productVersion: s.productVersion,
    })),
  };
}

export interface CheckSummary {
  breaking: number;
  breakingUsed: number;
  dangerous: number;
  safe: number;
}

/** The result of checking a proposed mesh: composition, the public API diff with usage, and the verdict. */
interface ComposedReport {
  composition: { status: 'composed'; hints: string[] };
  changes: SchemaChange[];
  summary: CheckSummary;
  supergraphSdl: string;
  apiSdl: string;
}
type AllowedPolicy = Extract<BreakingPolicyOutcome, { status: 'allowed' }>;
type BlockedPolicy = Extract<BreakingPolicyOutcome, { status: 'blocked' }>;

/** The result of checking a proposed mesh: composition, the public API diff with usage, and the verdict. */
export type CheckReport =
  | (ComposedReport & { status: 'passed'; policy: AllowedPolicy })
  | (ComposedReport & { status: 'failed'; policy: BlockedPolicy })
  | {
      status: 'failed';
      composition: { status: 'failed'; problems: CompositionProblem[] };
      changes: [];
      summary: CheckSummary;
      policy: null;
    };

const summarize = (changes: readonly SchemaChange[]): CheckSummary => ({
  breaking: changes.filter((c) => c.criticality === 'BREAKING').length,
  breakingUsed: changes.filter((c) => c.criticality === 'BREAKING' && !c.usage?.safe).length,
  dangerous: changes.filter((c) => c.criticality === 'DANGEROUS').length,
  safe: changes.filter((c) => c.criticality === 'SAFE').length,
});

/**
 * Runs every check on a proposed set of subgraphs against the current mesh: composition (every error),
 * the diff of the resulting public API schema, the usage of each breaking change within the window, and
 * the breaking-change policy (major version bump or force with reason).
 */
export async function evaluateChange(
  db: Knex,
  input: {
    state: MeshState;
    proposed: readonly SubgraphSource[];
    currentVersion: string | null;
    nextVersion: string | null;
    force: boolean;
    reason: string | null;
    usageWindowDays: number;
  },
): Promise<CheckReport> {
  const composition = composeSupergraph(input.proposed);
  if (composition.status === 'failed') {
    return {
      status: 'failed',
      composition: { status: 'failed', problems: composition.problems },
      changes: [],
      summary: { breaking: 0, breakingUsed: 0, dangerous: 0, safe: 0 },
      policy: null,
    };
  }
  const rawChanges =
    input.state.apiSdl === null ? [] : await diffApiSchemas(input.state.apiSdl, composition.apiSdl);
  const lookups = rawChanges
    .filter((change) => change.criticality === 'BREAKING')
    .map(coordinatesAffectedBy)
    .filter((lookup): lookup is CoordinateLookup => lookup !== null);
  const usage = createUsageStorage(db);
  const since = usageWindowStart(input.usageWindowDays);
  const [rows, operationsInWindow] =
    lookups.length > 0
      ? await Promise.all([usage.usageOf(lookups, since), usage.operationsSince(since)])
      : [[], 0];
  const changes = attachUsage(rawChanges, rows, { windowDays: input.usageWindowDays, operationsInWindow });
  const policy = decideBreakingPolicy({
    changes,
    currentVersion: input.currentVersion,
    nextVersion: input.nextVersion,
    force: input.force,
    reason: input.reason,
  });
  const report: ComposedReport = {
    composition: { status: 'composed', hints: composition.hints },
    changes,
    summary: summarize(changes),
    supergraphSdl: composition.supergraphSdl,
    apiSdl: composition.apiSdl,
  };
  return policy.status === 'allowed'
    ? { ...report, status: 'passed', policy }
    : { ...report, status: 'failed', policy };
}
