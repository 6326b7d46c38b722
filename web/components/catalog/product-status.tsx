import { shortDataVersion } from '@/lib/data-version';
import { getGatewayClient } from '@/lib/server-client';
import { formatTimestamp } from './catalog-text';
import styles from './product.module.css';

interface ServedIdentity {
  version: string;
  dataVersion: string;
  snapshotDate: string | null;
  startedAt: string;
}

type GatewayStatus =
  ({ status: 'serving' } & ServedIdentity) | { status: 'unavailable'; reason: string; code?: string };

const GRAPHQL_NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;

/**
 * Asks the gateway, as the signed-in user, for the product's identity field (`<name>Product`): readable by
 * everyone, so it answers whenever the product is composed and serving.
 */
async function fetchGatewayStatus(name: string): Promise<GatewayStatus> {
  if (!GRAPHQL_NAME.test(name)) {
    return {
      status: 'unavailable',
      reason: `"${name}" is not a GraphQL name, so no gateway field serves it.`,
    };
  }
  let client: ReturnType<typeof getGatewayClient>;
  try {
    client = getGatewayClient();
  } catch (error) {
    return { status: 'unavailable', reason: (error as Error).message };
  }
  const result = await client
    .query<{ identity: ServedIdentity | null }>(
      `query ProductStatus { identity: ${name}Product { version dataVersion snapshotDate startedAt } }`,
      {},
    )
    .toPromise();
  if (result.error) {
    const graphQLError = result.error.graphQLErrors[0];
    if (graphQLError) {
      const code = graphQLError.extensions.code;
      return {
        status: 'unavailable',
        reason: graphQLError.message,
        code: typeof code === 'string' ? code : undefined,
      };
    }
    const cause = (result.error.networkError as (Error & { cause?: Error }) | undefined)?.cause;
    return { status: 'unavailable', reason: cause?.message ?? result.error.message, code: 'NETWORK_ERROR' };
  }
  const identity = result.data?.identity;
  if (!identity)
    return { status: 'unavailable', reason: 'The gateway answered without the product’s identity.' };
  return { status: 'serving', ...identity };
}

/** "Serving" with what the gateway serves right now, or "not reachable through the gateway" and why. */
export async function ProductStatus({ name, registryVersion }: { name: string; registryVersion: string }) {
  const status = await fetchGatewayStatus(name);
  if (status.status === 'unavailable') {
    return (
      <div data-testid="product-status" data-state="unavailable">
        <p className={styles.status}>
          <span className={styles.statusLabel} data-state="unavailable">
            Not reachable through the gateway
          </span>
        </p>
        <p>
          {status.code ? <code className="error-code">{status.code}</code> : null} {status.reason}
        </p>
        <p className="muted">
          The product may be stopped or retired, or the gateway may be down. Its catalogue entry, history and
          schema below stay available from the registry.
        </p>
      </div>
    );
  }
  return (
    <div data-testid="product-status" data-state="serving">
      <p className={styles.status}>
        <span className={styles.statusLabel} data-state="serving">
          Serving
        </span>
        <span>
          version <strong data-field="version">{status.version}</strong>, data version{' '}
          <code data-field="dataVersion" title={status.dataVersion}>
            {shortDataVersion(status.dataVersion)}
          </code>
        </span>
      </p>
      <dl className="facts">
        <div>
          <dt>Snapshot date</dt>
          <dd>{status.snapshotDate ?? 'not recorded'}</dd>
        </div>
        <div>
          <dt>Serving since</dt>
          <dd>{formatTimestamp(status.startedAt)}</dd>
        </div>
      </dl>
      {status.version !== registryVersion ? (
        <p className="notice">
          The registry’s current version is <strong>{registryVersion}</strong>, the gateway serves{' '}
          <strong>{status.version}</strong>: a new version is being rolled out, or an instance was not
          updated.
        </p>
      ) : null}
    </div>
  );
}
