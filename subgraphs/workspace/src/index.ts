export { startWorkspace, type RunningWorkspace, type WorkspaceServerOptions } from './server';
export { buildWorkspaceSchema } from './schema';
export { workspaceProduct } from './product';
export { loadWorkspaceEnv, workspaceEnvSchema, type WorkspaceEnv } from './environment';
export { migrations } from '../migrations';
