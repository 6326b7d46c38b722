export * from './charts';
export * from './cohorts';
export * from './group-comparison';
export * from './result';
export * from './typedefs';
export * from './types';
export * from './validate-apps';
