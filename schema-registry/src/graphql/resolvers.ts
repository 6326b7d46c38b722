import { GraphQLError } from 'graphql';
import { requireAdmin, type Principal } from '../auth';
import { spdxUrl, type CatalogMetadata } from '../composition/catalog-metadata';
import { productIri } from '../composition/json-ld';
import { badInput, RegistryError } from '../errors';
import { createAuditStorage, auditAction } from '../storage/audit-storage';
import { createProductsStorage, type Product } from '../storage/products-storage';
import type { SchemaVersion } from '../storage/schema-versions-storage';
import { listCatalog, searchCatalogEntries } from '../operations/catalog';
import { checkSchema, type CheckOutcome } from '../operations/check';
import type { RegistryContext } from '../operations/context';
import { diffVersions } from '../operations/diff-versions';
import type { CheckReport } from '../operations/evaluate-change';
import { listHistory, resolveVersionRef } from '../operations/history';
import { approveProductAccess } from '../operations/access-governance';
import { publishSchema, type PublishOutcome } from '../operations/publish';
import { retireProduct } from '../operations/retire';
import { rollbackProduct } from '../operations/rollback';
import { createToken, listTokens, revokeToken, type PublicToken } from '../operations/tokens';
import type { RegistryLoaders } from './loaders';

export interface RegistryGraphQLContext {
  registry: RegistryContext;
  principal: Principal;
  loaders: RegistryLoaders;
}

type Resolver<A = Record<string, never>, P = unknown> = (
  parent: P,
  args: A,
  context: RegistryGraphQLContext,
) => unknown;

/** Registry errors become GraphQL errors with their stable code and HTTP status. */
function guard<A, P>(resolve: Resolver<A, P>): Resolver<A, P> {
  return async (parent, args, context) => {
    try {
      return await resolve(parent, args, context);
    } catch (error) {
      if (error instanceof RegistryError) throw error.toGraphQLError();
      throw error;
    }
  };
}

const upper = (value: string) => value.toUpperCase();

function mapReport(report: CheckReport) {
  return {
    composition:
      report.composition.status === 'composed'
        ? { composed: true, errors: [], hints: report.composition.hints }
        : { composed: false, errors: report.composition.problems, hints: [] },
    changes: report.changes,
    summary: report.summary,
    policy: report.policy
      ? report.policy.status === 'allowed'
        ? { allowed: true, basis: report.policy.basis, message: report.policy.note }
        : { allowed: false, basis: null, message: report.policy.message }
      : null,
  };
}

function mapPublish(outcome: PublishOutcome) {
  switch (outcome.status) {
    case 'published':
      return {
        status: 'PUBLISHED',
        code: null,
        message: outcome.message,
        version: outcome.version,
        check: mapReport(outcome.check),
      };
    case 'recorded':
      return {
        status: 'PUBLISHED',
        code: null,
        message: outcome.message,
        version: outcome.version,
        check: null,
      };
    case 'unchanged':
      return {
        status: 'UNCHANGED',
        code: null,
        message: outcome.message,
        version: outcome.version,
        check: null,
      };
    case 'rejected':
      return {
        status: 'REJECTED',
        code: outcome.code,
        message: outcome.message,
        version: null,
        check: mapReport(outcome.check),
      };
  }
}

const mapCheck = (outcome: CheckOutcome) => ({
  status: upper(outcome.status),
  code: outcome.code,
  message: outcome.message,
  report: mapReport(outcome.report),
});

const mapToken = (token: PublicToken) => ({ ...token, scope: upper(token.scope) });
const lowerScope = <T extends { scope?: string }>(input: T) => ({
  ...input,
  scope: input.scope?.toLowerCase(),
});

export const registryResolvers = {
  Query: {
    supergraph: guard(async (_p, _a, { registry, principal }) => {
      const { versions } = await listHistory(registry, principal, { first: 1 });
      return versions[0] ?? null;
    }),
    history: guard<{ product?: string; first?: number; before?: number }, unknown>(
      (_p, args, { registry, principal }) =>
        listHistory(registry, principal, {
          product: args.product,
          first: args.first,
          beforeSeq: args.before,
        }),
    ),
    schemaVersion: guard<{ ref: string }, unknown>(async (_p, { ref }, { registry, principal }) => {
      await listHistory(registry, principal, { first: 1 });
      return resolveVersionRef(registry, ref);
    }),
    diff: guard<{ from: string; to: string; product?: string }, unknown>(
      (_p, args, { registry, principal }) => diffVersions(registry, principal, args),
    ),
    products: guard<{ includeRetired?: boolean }, unknown>(async (_p, args, { registry }) =>
      (await listCatalog(registry, { includeRetired: args.includeRetired ?? false })).map(
        ({ product, versions }) => ({ ...product, versions }),
      ),
    ),
    product: guard<{ name: string }, unknown>(async (_p, { name }, { registry }) => {
      const product = await createProductsStorage(registry.db).get(name);
      if (!product) return null;
      const versions = (await createProductsStorage(registry.db).versionsOf([name])).get(name)!;
      return { ...product, versions };
    }),
    searchCatalog: guard<{ query: string; first?: number }, unknown>((_p, args, { registry }) =>
      searchCatalogEntries(registry, args.query, args.first ?? 20),
    ),
    auditLog: guard<{ product?: string; action?: string; first?: number; before?: number }, unknown>(
      async (_p, args, { registry, principal }) => {
        requireAdmin(principal);
        const action = args.action ? auditAction.safeParse(args.action) : null;
        if (action && !action.success)
          throw badInput(`Unknown audit action "${args.action}"; one of ${auditAction.options.join(', ')}.`);
        const first = args.first ?? 50;
        if (first < 1 || first > 500) throw badInput('first must be between 1 and 500.', { field: 'first' });
        return createAuditStorage(registry.db).list({
          product: args.product,
          action: action?.data,
          first,
          beforeId: args.before,
        });
      },
    ),
    tokens: guard(async (_p, _a, { registry, principal }) =>
      (await listTokens(registry, principal)).map(mapToken),
    ),
    viewer: (_p: unknown, _a: unknown, { principal }: RegistryGraphQLContext) =>
      principal.kind === 'anonymous'
        ? { authenticated: false, name: null, scope: null, product: null }
        : {
            authenticated: true,
            name: principal.name,
            scope: upper(principal.scope),
            product: principal.product,
          },
  },

  Mutation: {
    publish: guard<{ input: unknown }, unknown>(async (_p, { input }, { registry, principal }) =>
      mapPublish(await publishSchema(registry, principal, input)),
    ),
    check: guard<{ input: unknown }, unknown>(async (_p, { input }, { registry, principal }) =>
      mapCheck(await checkSchema(registry, principal, input)),
    ),
    rollback: guard<{ input: unknown }, unknown>(async (_p, { input }, { registry, principal }) =>
      mapPublish(await rollbackProduct(registry, principal, input)),
    ),
    retire: guard<{ input: unknown }, unknown>(async (_p, { input }, { registry, principal }) =>
      mapPublish(await retireProduct(registry, principal, input)),
    ),
    createToken: guard<{ input: { scope?: string } }, unknown>(
      async (_p, { input }, { registry, principal }) => {
        const created = await createToken(registry, principal, lowerScope(input));
        return { token: mapToken(created.token), secret: created.secret };
      },
    ),
    revokeToken: guard<{ id: string }, unknown>(async (_p, { id }, { registry, principal }) =>
      mapToken(await revokeToken(registry, principal, id)),
    ),
    approveProductAccess: guard<{ input: unknown }, unknown>(async (_p, { input }, { registry, principal }) =>
      approveProductAccess(registry, principal, input),
    ),
  },

  SchemaVersion: {
    subgraphs: (
      version: SchemaVersion & { subgraphs?: unknown },
      _a: unknown,
      { loaders }: RegistryGraphQLContext,
    ) => version.subgraphs ?? loaders.subgraphs.load(version.seq),
    supergraphSdl: (version: SchemaVersion, _a: unknown, { loaders }: RegistryGraphQLContext) =>
      loaders.blob.load(version.supergraphHash),
    apiSdl: (version: SchemaVersion, _a: unknown, { loaders }: RegistryGraphQLContext) =>
      loaders.blob.load(version.apiHash),
  },
  VersionSubgraph: {
    sdl: (subgraph: { sdlHash: string }, _a: unknown, { loaders }: RegistryGraphQLContext) =>
      loaders.blob.load(subgraph.sdlHash),
  },
  Product: {
    identifier: (product: Product, _a: unknown, { registry }: RegistryGraphQLContext) =>
      productIri(registry.links, product.name),
  },
  CatalogMetadata: {
    licenseUrl: (catalog: CatalogMetadata) => spdxUrl(catalog.license),
  },
};

/** Masks anything that is not a deliberate client-facing error. */
export function isDeliberate(error: unknown): boolean {
  return error instanceof GraphQLError && typeof error.extensions?.code === 'string';
}
