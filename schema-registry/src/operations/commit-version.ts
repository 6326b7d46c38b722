import { writeFileSync } from 'node:fs';
import type { Knex } from 'knex';
import type { CatalogMetadata } from '../composition/catalog-metadata';
import { schemaVersionId, sha256, type SubgraphSource } from '../composition/content-hash';
import type { SchemaChange } from '../composition/diff-schemas';
import { createAuditStorage, type AuditAction } from '../storage/audit-storage';
import { createProductsStorage } from '../storage/products-storage';
import {
  createSchemaVersionsStorage,
  type SchemaVersion,
  type VersionAction,
} from '../storage/schema-versions-storage';
import type { MeshState } from './evaluate-change';

export interface VersionCommit {
  action: VersionAction;
  product: string;
  /** The product's entry after this change; null when it leaves the mesh (retire). */
  entry: (SubgraphSource & { productVersion: string }) | null;
  supergraphSdl: string;
  apiSdl: string;
  changes: SchemaChange[];
  actor: string;
  at: string;
  forced: boolean;
  reason: string | null;
  gitCommit: string | null;
  gitAuthor: string | null;
  dataVersion: string | null;
  catalog: CatalogMetadata;
  auditDetails: Record<string, unknown>;
  testPauseFile?: string;
}

/** Subgraphs of the mesh with one product's entry replaced, added or (entry null) removed. */
export function replaceSubgraph(state: MeshState, product: string, entry: VersionCommit['entry']) {
  const others = state.subgraphs.filter((s) => s.name !== product);
  return entry ? [...others, entry] : others;
}

/**
 * Writes a new immutable schema version with everything that goes with it (release, product state, audit
 * entries) in the caller's locked transaction.
 */
export async function commitVersion(
  trx: Knex.Transaction,
  state: MeshState,
  commit: VersionCommit,
): Promise<SchemaVersion> {
  const subgraphs = replaceSubgraph(state, commit.product, commit.entry);
  const versions = createSchemaVersionsStorage(trx);
  const products = createProductsStorage(trx);
  const audit = createAuditStorage(trx);
  const version = await versions.append({
    id: schemaVersionId(subgraphs),
    supergraphSdl: commit.supergraphSdl,
    apiSdl: commit.apiSdl,
    action: commit.action,
    product: commit.product,
    productVersion: commit.entry?.productVersion ?? null,
    createdAt: commit.at,
    createdBy: commit.actor,
    forced: commit.forced,
    reason: commit.reason,
    gitCommit: commit.gitCommit,
    gitAuthor: commit.gitAuthor,
    changes: commit.changes,
    subgraphs: subgraphs.map((s) => ({
      product: s.name,
      routingUrl: s.url,
      sdl: s.sdl,
      productVersion: s.productVersion,
    })),
  });
  const previous = await products.get(commit.product);
  await products.save({
    name: commit.product,
    status: commit.entry ? 'active' : 'retired',
    currentVersion: commit.entry?.productVersion ?? previous!.currentVersion,
    currentDataVersion: commit.dataVersion ?? previous?.currentDataVersion ?? null,
    routingUrl: commit.entry?.url ?? previous!.routingUrl,
    catalog: commit.catalog,
    at: commit.at,
  });
  if (commit.entry) {
    await products.recordRelease({
      product: commit.product,
      version: commit.entry.productVersion,
      dataVersion: commit.dataVersion ?? '',
      sdlHash: sha256(commit.entry.sdl),
      schemaSeq: version.seq,
      publishedAt: commit.at,
      publishedBy: commit.actor,
      gitCommit: commit.gitCommit,
      gitAuthor: commit.gitAuthor,
      catalog: commit.catalog,
    });
  }
  const entries: { action: AuditAction; details: Record<string, unknown> }[] = [];
  if (!previous) entries.push({ action: 'register', details: { routingUrl: commit.entry?.url } });
  entries.push({
    action: commit.action,
    details: { ...commit.auditDetails, schemaVersion: version.id, seq: version.seq },
  });
  if (commit.forced)
    entries.push({
      action: 'force',
      details: { of: commit.action, reason: commit.reason, seq: version.seq },
    });
  for (const entry of entries) {
    await audit.append({
      at: commit.at,
      actor: commit.actor,
      action: entry.action,
      product: commit.product,
      result: 'accepted',
      details: entry.details,
    });
  }
  if (commit.testPauseFile) await pauseForCrashTest(commit.testPauseFile, version.seq);
  return version;
}

/** Test-only (REGISTRY_TEST_PAUSE_FILE): announce we are inside the open transaction, then never finish. */
async function pauseForCrashTest(file: string, seq: number): Promise<never> {
  writeFileSync(file, JSON.stringify({ pid: process.pid, seq }));
  return new Promise<never>(() => undefined);
}
