export * from './compose';
export * from './config';
export * from './server';
