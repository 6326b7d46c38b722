export { recordRunPlugin, WORKSPACE_PRODUCT, type RecordRunOptions } from './plugin';
export { RecordErrorCode, type RecordError } from './request';
export { requiredScopesOf } from './required-scopes';
