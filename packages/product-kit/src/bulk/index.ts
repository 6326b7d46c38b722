export * from './encoders';
export * from './plan';
export * from './route';
export * from './row-stream';
