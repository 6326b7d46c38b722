export * from './errors';
export * from './execute';
export * from './formats';
export * from './plan';
export * from './route';
export * from './rows';
