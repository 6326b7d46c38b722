export * from './apps';
export * from './product';
export * from './sdl';
export * from './spec';
export * from './table';
