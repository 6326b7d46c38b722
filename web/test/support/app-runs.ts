import { postToGateway, type GatewayOutcome, type GatewaySend } from '../../components/history/gateway-fetch';
import {
  buildAppRun,
  defaultFormValues,
  entrySchemaOf,
  findApp,
  groupNames,
  PRODUCT_APPS_SELECTION,
  recordRunRequest,
  resultOf,
  runTitle,
  SCHEMA_INTROSPECTION_QUERY,
  type AnalysisApp,
  type AnalysisResult,
  type AppFormValues,
  type AppRun,
  type EntrySchema,
  type ProductApps,
  type SchemaIntrospection,
} from '../../lib/apps';
import { productsOfAnswer, recordedOf, type ProductVersion } from '../../lib/workspace';

/**
 * The platform's own steps for an app run, for tests that need one recorded against a running mesh: the app
 * page's discovery, its form, the app runner's operation and its record in the history.
 */

/** The data of a gateway answer, or a thrown error with the gateway's outcome. */
export async function ok<T>(outcome: Promise<GatewayOutcome<T>>): Promise<T> {
  const answer = await outcome;
  if (answer.status !== 'ok') throw new Error(`gateway: ${JSON.stringify(answer)}`);
  return answer.data;
}

/** A signed-in session's gateway calls, the way the web's server code sends them (the session token). */
export function sessionGateway(gatewayUrl: () => string, token: () => string) {
  const send: GatewaySend = (document, variables, options = {}) =>
    postToGateway(gatewayUrl, document, variables, { ...options, token: token() });
  /** An ad-hoc query; its data, or a thrown error with the gateway's outcome. */
  const query = <T>(document: string, variables: Record<string, unknown> = {}) =>
    ok(send<T, Record<string, unknown>>(document, variables));
  return { send, query };
}

type Query = ReturnType<typeof sessionGateway>['query'];

/** The app page's discovery: the product's app metadata and the entry's argument types, from the gateway. */
export async function discoverApp(
  query: Query,
  appId: string,
): Promise<{ app: AnalysisApp; schema: EntrySchema }> {
  const productField = `${appId.split('.')[0]}Product`;
  const product = await query<{ product: Omit<ProductApps, 'field'> }>(
    `query ProductApps { product: ${productField} { ${PRODUCT_APPS_SELECTION} } }`,
  );
  const app = findApp([{ field: productField, ...product.product }], appId);
  if (!app) throw new Error(`${appId} not served`);
  const introspection = await query<{ __schema: SchemaIntrospection }>(SCHEMA_INTROSPECTION_QUERY);
  const entry = entrySchemaOf(app, introspection.__schema);
  if (!entry.ok) throw new Error(entry.reason);
  return { app, schema: entry.schema };
}

export interface RecordedRun {
  /** The new history entry's id. */
  id: string;
  run: AppRun;
  result: AnalysisResult;
  /** The products (with versions and data versions) the run recorded. */
  products: ProductVersion[];
}

/**
 * Runs an app as its page does — the form's defaults, then `fill` — and records the run as the app runner
 * does.
 */
export async function runAndRecordApp(
  send: GatewaySend,
  { app, schema }: { app: AnalysisApp; schema: EntrySchema },
  fill: (values: AppFormValues) => void | Promise<void>,
): Promise<RecordedRun> {
  const values = defaultFormValues(app, schema);
  await fill(values);
  const built = buildAppRun(app, schema, values);
  if (!built.ok) throw new Error(`form errors: ${JSON.stringify(built.errors)}`);
  const { run } = built;
  const title = runTitle(app, groupNames(values, schema));
  const answer = await send<Record<string, unknown>, Record<string, unknown>>(run.operation, run.variables, {
    operationName: run.operationName,
    extensions: { recordRun: recordRunRequest(app, title) },
  });
  if (answer.status !== 'ok') throw new Error(`app run: ${JSON.stringify(answer)}`);
  const result = resultOf(app, answer.data);
  if (!result) throw new Error(`no result in the app's answer: ${JSON.stringify(answer.data)}`);
  const recorded = recordedOf(answer.extensions);
  if (!('id' in recorded)) throw new Error(`not recorded: ${JSON.stringify(recorded)}`);
  return { id: recorded.id, run, result, products: productsOfAnswer(answer.extensions) };
}
