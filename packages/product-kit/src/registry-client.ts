import { existsSync, readFileSync } from 'node:fs';
import type { Logger } from 'pino';

export interface SelfPublishOptions {
  /** Registry origin, e.g. http://127.0.0.1:4005 (REGISTRY_URL). */
  registryUrl: string;
  /** A token for this product (or an admin token); REGISTRY_TOKEN. */
  token?: string;
  product: string;
  version: string;
  dataVersion: string;
  /** Where the gateway reaches this product (its /graphql URL). */
  routingUrl: string;
  /** The product's own GraphQL URL, asked for its SDL exactly as the gateway will see it. */
  serviceUrl: string;
  /** FAIR catalogue metadata (`catalog.json` beside the product's package.json), if any. */
  catalogFile?: string;
  /** The product's analysis apps, listed in the catalogue with the rest of its metadata. */
  apps?: readonly {
    id: string;
    name: string;
    title: string;
    description: string;
    input: string;
    entry: string;
    target: string;
    field: string;
    parameters: readonly { name: string; title: string; kind: string }[];
  }[];
  logger: Logger;
  /** How long to keep retrying while the registry is not reachable, or the schema waits for other products. */
  timeoutMs?: number;
}

export type SelfPublishOutcome =
  | { status: 'PUBLISHED' | 'UNCHANGED'; message: string }
  | { status: 'REJECTED'; code: string; message: string };

const PUBLISH = `mutation Publish($input: PublishInput!) { publish(input: $input) { status code message } }`;

async function postGraphQL(url: string, body: unknown, token?: string) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  return (await response.json()) as {
    data?: Record<string, unknown>;
    errors?: { message: string; extensions?: { code?: string } }[];
  };
}

/**
 * Publishes the running product's schema to the schema registry (what a product does on start when
 * REGISTRY_URL is set): its SDL from its own `_service { sdl }`, its version, data version and catalogue
 * metadata. The registry decides; a rejection is returned, not thrown, and the product keeps serving.
 */
export async function publishToRegistry(options: SelfPublishOptions): Promise<SelfPublishOutcome> {
  const sdlAnswer = await postGraphQL(options.serviceUrl, { query: '{ _service { sdl } }' });
  const sdl = (sdlAnswer.data?._service as { sdl?: string } | undefined)?.sdl;
  if (!sdl)
    throw new Error(
      `Cannot read this product's SDL from ${options.serviceUrl}: ${JSON.stringify(sdlAnswer.errors)}`,
    );
  const catalog =
    options.catalogFile && existsSync(options.catalogFile)
      ? (JSON.parse(readFileSync(options.catalogFile, 'utf8')) as unknown)
      : undefined;
  const apps = (options.apps ?? []).map(
    ({ id, name, title, description, input, entry, target, field, parameters }) => ({
      id,
      name,
      title,
      description,
      input,
      entry,
      target,
      field,
      parameters: parameters.map(({ name: parameter, title: parameterTitle, kind }) => ({
        name: parameter,
        title: parameterTitle,
        kind,
      })),
    }),
  );
  const input = {
    product: options.product,
    routingUrl: options.routingUrl,
    sdl,
    version: options.version,
    dataVersion: options.dataVersion,
    ...(catalog || apps.length > 0
      ? { catalog: { title: options.product, ...(catalog as object | undefined), apps } }
      : {}),
  };
  const origin = options.registryUrl.replace(/\/$/, '');
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  for (;;) {
    const known = await currentSupergraphId(origin, options.token, deadline, options.logger);
    const outcome = await publishOnce(`${origin}/graphql`, input, options.token);
    // Products start together: one that extends another's types does not compose until that one has
    // published. Wait for the next supergraph version (long-poll) and try again, until the deadline.
    const remaining = deadline - Date.now();
    if (outcome.status !== 'REJECTED' || outcome.code !== 'COMPOSITION_FAILED' || remaining < 1000)
      return outcome;
    options.logger.info('schema does not compose yet; waiting for the other products to publish');
    await waitForNewSupergraph(origin, options.token, known, Math.floor(remaining / 1000));
  }
}

const authHeader = (token?: string): Record<string, string> =>
  token ? { authorization: `Bearer ${token}` } : {};

/** The id of the registry's current supergraph (null when none), retrying while the registry starts. */
async function currentSupergraphId(
  origin: string,
  token: string | undefined,
  deadline: number,
  logger: Logger,
): Promise<string | null> {
  let delay = 100;
  for (;;) {
    try {
      const response = await fetch(`${origin}/supergraph`, {
        headers: authHeader(token),
        signal: AbortSignal.timeout(10_000),
      });
      await response.body?.cancel();
      if (response.status === 404) return null;
      if (response.ok) return response.headers.get('etag');
      throw new Error(`HTTP ${response.status}`);
    } catch (error) {
      if (Date.now() >= deadline)
        throw new Error(`Schema registry at ${origin} not reachable: ${(error as Error).message}`);
      logger.debug({ err: (error as Error).message }, 'registry not reachable yet; retrying');
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, 1000);
    }
  }
}

async function waitForNewSupergraph(
  origin: string,
  token: string | undefined,
  known: string | null,
  seconds: number,
): Promise<void> {
  const response = await fetch(`${origin}/supergraph?wait=${seconds}`, {
    headers: { ...authHeader(token), ...(known ? { 'if-none-match': known } : {}) },
    signal: AbortSignal.timeout((seconds + 10) * 1000),
  });
  await response.body?.cancel();
}

async function publishOnce(
  endpoint: string,
  input: Record<string, unknown>,
  token?: string,
): Promise<SelfPublishOutcome> {
  const answer = await postGraphQL(endpoint, { query: PUBLISH, variables: { input } }, token);
  if (answer.errors?.length) {
    const [error] = answer.errors;
    return { status: 'REJECTED', code: error!.extensions?.code ?? 'ERROR', message: error!.message };
  }
  const result = answer.data!.publish as { status: string; code: string | null; message: string };
  return result.status === 'REJECTED'
    ? { status: 'REJECTED', code: result.code ?? 'REJECTED', message: result.message }
    : { status: result.status as 'PUBLISHED' | 'UNCHANGED', message: result.message };
}
