export * from './http';
export * from './local-mesh';
