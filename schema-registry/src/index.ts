export { startRegistry, type RegistryOptions, type RunningRegistry } from './server';
export { registryEnvSchema, loadRegistryEnv, type RegistryEnv } from './environment';
export { RegistryErrorCode, OutcomeCode } from './errors';
export { catalogMetadata, type CatalogMetadata } from './composition/catalog-metadata';
export { composeSupergraph, validateSubgraph } from './composition/compose';
export { schemaVersionId } from './composition/content-hash';
export { RegistryClient, RegistryRequestError } from './cli/client';
export { runCli } from './cli/run';
