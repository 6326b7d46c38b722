export * from './compose';
export * from './config';
export * from './server';
export * from './registry-source';
export * from './supergraph-cache';
export * from './usage-coordinates';
