import { parseArgs } from 'node:util';
import {
  assertProductionSafe,
  createLogger,
  httpTimeoutsOf,
  isProduction,
  loadConfig,
  runService,
} from '@mesh/product-kit';
import { gatewayEnvSchema } from './config';
import { gatewayProductionCheck } from './production-check';
import { startGateway } from './server';
import { loadTrustedDocuments } from './trusted-documents';

runService('gateway', async () => {
  const { values } = parseArgs({ options: { supergraph: { type: 'string' } } });
  const env = loadConfig('gateway', gatewayEnvSchema);
  const production = isProduction();
  assertProductionSafe('gateway', gatewayProductionCheck(env));
  const introspection = env.INTROSPECTION ?? { enabled: !production, policy: production ? 'none' : 'all' };
  return startGateway({
    port: env.PORT,
    host: env.HOST,
    subgraphs: env.SUBGRAPHS,
    supergraphFile: values.supergraph ?? env.SUPERGRAPH_FILE,
    registry: env.REGISTRY_URL
      ? {
          origin: env.REGISTRY_URL.replace(/\/$/, ''),
          token: env.REGISTRY_TOKEN,
          cacheFile: env.SUPERGRAPH_CACHE_FILE,
          waitSeconds: env.REGISTRY_POLL_WAIT_SECONDS,
          usageFlushMs: env.USAGE_REPORT_INTERVAL_MS,
        }
      : undefined,
    maxBodyBytes: env.MAX_BODY_BYTES,
    maxJsonDepth: env.MAX_JSON_DEPTH,
    timeouts: httpTimeoutsOf(env),
    startupTimeoutMs: env.STARTUP_TIMEOUT_MS,
    subgraphTimeoutMs: env.SUBGRAPH_TIMEOUT_MS,
    subgraphTimeouts: env.SUBGRAPH_TIMEOUTS,
    limits: {
      maxDepth: env.MAX_QUERY_DEPTH,
      maxAliases: env.MAX_ALIASES,
      maxDirectivesPerField: env.MAX_DIRECTIVES_PER_FIELD,
      maxTokens: env.MAX_TOKENS,
      maxCost: env.MAX_QUERY_COST,
      batching: env.BATCHING,
      maxBatchSize: env.MAX_BATCH_SIZE,
      introspection: introspection.enabled,
    },
    resilience: {
      retries: env.SUBGRAPH_RETRIES,
      retryBaseDelayMs: env.SUBGRAPH_RETRY_DELAY_MS,
      breakerFailureThreshold: env.BREAKER_FAILURE_THRESHOLD,
      breakerCooldownMs: env.BREAKER_COOLDOWN_MS,
    },
    corsOrigins: env.CORS_ORIGINS,
    queryPlanCacheMiB: env.QUERY_PLAN_CACHE_MIB,
    documentCacheMiB: env.DOCUMENT_CACHE_MIB,
    authorizationCacheMiB: env.AUTHORIZATION_CACHE_MIB,
    queryPlanExecutor: env.QUERY_PLAN_EXECUTOR,
    trustedDocuments: env.TRUSTED_DOCUMENTS
      ? loadTrustedDocuments(env.TRUSTED_DOCUMENTS, env.TRUSTED_DOCUMENTS_BYPASS_ROLES)
      : undefined,
    auth: {
      jwtSecret: env.JWT_SECRET,
      jwksUrl: env.JWKS_URL,
      issuer: env.JWT_ISSUER,
      audience: env.JWT_AUDIENCE,
      rolesClaim: env.JWT_ROLES_CLAIM,
      roleScopes: env.ROLE_SCOPES,
      identitySecret: env.MESH_IDENTITY_SECRET,
      identitySecrets: env.MESH_IDENTITY_SECRETS,
      identityLifetimeSeconds: env.MESH_IDENTITY_LIFETIME_SECONDS,
      devLogin: env.DEMO_SIGN_IN ?? (!production && !env.JWKS_URL),
      apiTokens: { databaseFile: env.API_TOKENS_DATABASE_FILE, databaseUrl: env.API_TOKENS_DATABASE_URL },
      apiTokenMaxDays: env.API_TOKEN_MAX_DAYS,
      productOwners: env.PRODUCT_OWNERS,
      accessGrantMaxDays: env.ACCESS_GRANT_MAX_DAYS,
      trustProxy: env.TRUST_PROXY,
      introspection: introspection.policy,
      productVisibility: env.PRODUCT_VISIBILITY,
    },
    audit: {
      enabled: env.AUDIT === 'on',
      retentionDays: env.AUDIT_RETENTION_DAYS,
      maxQueue: env.AUDIT_QUEUE_MAX,
      owners: env.PRODUCT_OWNERS,
    },
    logger: createLogger('gateway', env.LOG_LEVEL),
  });
});
