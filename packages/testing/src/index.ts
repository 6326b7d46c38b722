export * from './http';
export * from './local-mesh';
export * from './snapshots';
export * from './npm-start';
export * from './auth';
export * from './databases';
