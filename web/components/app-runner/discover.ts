import type { CombinedError } from '@urql/core';
import {
  entrySchemaOf,
  namedTypeOf,
  parseAppId,
  PRODUCT_APPS_SELECTION,
  SCHEMA_INTROSPECTION_QUERY,
  type AnalysisApp,
  type EntrySchema,
  type ProductApps,
  type SchemaIntrospection,
} from '@/lib/apps';
import { getGatewayClient } from '@/lib/server-client';

/*
 * Server side only (it runs as the signed-in user through the gateway client): which apps the mesh serves,
 * and everything the form of one app needs.
 */

export interface GatewayProblem {
  message: string;
  code?: string;
}

function problemsOf(error: CombinedError): GatewayProblem[] {
  if (error.graphQLErrors.length > 0) {
    return error.graphQLErrors.map(({ message, extensions }) => ({
      message,
      code: typeof extensions.code === 'string' ? extensions.code : undefined,
    }));
  }
  const cause = (error.networkError as (Error & { cause?: Error }) | undefined)?.cause;
  return [
    { message: cause?.message ?? error.networkError?.message ?? error.message, code: 'GATEWAY_UNAVAILABLE' },
  ];
}

const ROOT_FIELDS = `query AppRootFields { __type(name: "Query") { fields { name type { kind name ofType { name } } } } }`;

interface RootFieldsData {
  __type: {
    fields: {
      name: string;
      type: { kind: string; name: string | null; ofType: { name: string | null } | null };
    }[];
  } | null;
}

/** Root fields of type DataProduct(!): one per product, whatever its name (as lib/data-products.ts finds them). */
async function productFields(): Promise<{ fields: string[] } | { problems: GatewayProblem[] }> {
  const answer = await getGatewayClient().query<RootFieldsData>(ROOT_FIELDS, {}).toPromise();
  if (answer.error) return { problems: problemsOf(answer.error) };
  const fields = (answer.data?.__type?.fields ?? [])
    .filter(({ type }) => (type.kind === 'NON_NULL' ? type.ofType?.name : type.name) === 'DataProduct')
    .map(({ name }) => name)
    .filter((name) => /^[_A-Za-z][_0-9A-Za-z]*$/.test(name));
  return { fields };
}

async function productApps(field: string): Promise<ProductApps | GatewayProblem[]> {
  const answer = await getGatewayClient()
    .query<Record<string, Omit<ProductApps, 'field'> | null>>(
      `query ProductApps { product: ${field} { ${PRODUCT_APPS_SELECTION} } }`,
      {},
    )
    .toPromise();
  const product = answer.data?.product;
  if (product) return { field, ...product };
  return answer.error ? problemsOf(answer.error) : [{ message: `${field} answered nothing.` }];
}

export type AppsDiscovery =
  | { status: 'ok'; products: ProductApps[]; failures: { field: string; problems: GatewayProblem[] }[] }
  | { status: 'failed'; problems: GatewayProblem[] };

/**
 * Every product's apps. Products are asked one by one (in parallel): `<name>Product` is non-null, so one
 * product that cannot answer would otherwise empty the whole answer.
 */
export async function discoverApps(): Promise<AppsDiscovery> {
  const found = await productFields();
  if ('problems' in found) return { status: 'failed', problems: found.problems };
  const answers = await Promise.all(found.fields.map(productApps));
  const products: ProductApps[] = [];
  const failures: { field: string; problems: GatewayProblem[] }[] = [];
  answers.forEach((answer, index) => {
    if (Array.isArray(answer)) failures.push({ field: found.fields[index]!, problems: answer });
    else products.push(answer);
  });
  return { status: 'ok', products: products.sort((a, b) => a.name.localeCompare(b.name)), failures };
}

export interface DiagnosisCode {
  code: string;
  display: string;
  chapter: string;
  patientCount: number;
}

export interface LabTest {
  code: string;
  display: string;
  unit: string;
}

/** What the cohort builder offers to choose from; null lists fall back to typing codes. */
export interface CohortOptions {
  diagnosisCodes: DiagnosisCode[] | null;
  labTests: LabTest[] | null;
  sexes: string[];
}

export type AppPage =
  | {
      status: 'ok';
      app: AnalysisApp;
      product: ProductApps;
      schema: EntrySchema;
      cohortOptions: CohortOptions | null;
    }
  | { status: 'not-found' }
  | { status: 'failed'; problems: GatewayProblem[] };

/** Clinical serves the codes and lab tests its cohorts are defined with; other products may not. */
async function cohortOptions(schema: EntrySchema, rootFields: Set<string>): Promise<CohortOptions> {
  const sexes = schema.types.Sex?.enumValues?.map(({ name }) => name) ?? [];
  const selections = [
    rootFields.has('diagnosisCodes') ? 'diagnosisCodes { code display chapter patientCount }' : '',
    rootFields.has('labTests') ? 'labTests { code display unit }' : '',
  ].filter(Boolean);
  if (selections.length === 0) return { diagnosisCodes: null, labTests: null, sexes };
  const answer = await getGatewayClient()
    .query<{ diagnosisCodes?: DiagnosisCode[] | null; labTests?: LabTest[] | null }>(
      `query CohortOptions { ${selections.join(' ')} }`,
      {},
    )
    .toPromise();
  return {
    diagnosisCodes: answer.data?.diagnosisCodes ?? null,
    labTests: answer.data?.labTests ?? null,
    sexes,
  };
}

export async function loadAppPage(id: string): Promise<AppPage> {
  const parsed = parseAppId(id);
  if (!parsed) return { status: 'not-found' };
  const introspection = await getGatewayClient()
    .query<{ __schema: SchemaIntrospection }>(SCHEMA_INTROSPECTION_QUERY, {})
    .toPromise();
  if (introspection.error || !introspection.data) {
    return { status: 'failed', problems: introspection.error ? problemsOf(introspection.error) : [] };
  }
  const root = introspection.data.__schema.queryType.fields;
  const productField = root.find(
    ({ name, type }) => name === `${parsed.product}Product` && namedTypeOf(type) === 'DataProduct',
  );
  if (!productField) return { status: 'not-found' };
  const product = await productApps(productField.name);
  if (Array.isArray(product)) return { status: 'failed', problems: product };
  const app = product.apps.find((candidate) => candidate.id === id);
  if (!app) return { status: 'not-found' };
  const entry = entrySchemaOf(app, introspection.data.__schema);
  if (!entry.ok)
    return { status: 'failed', problems: [{ message: entry.reason, code: 'APP_MISCONFIGURED' }] };
  const options = entry.schema.cohortBuilder
    ? await cohortOptions(entry.schema, new Set(root.map(({ name }) => name)))
    : null;
  return { status: 'ok', app, product, schema: entry.schema, cohortOptions: options };
}
