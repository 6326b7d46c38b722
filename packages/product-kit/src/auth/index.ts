export * from './caller';
export * from './policy';
export * from './aggregate-surface';
export * from './identity-header';
export * from './enforce';
