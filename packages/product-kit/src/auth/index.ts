export * from './caller';
export * from './policy';
export * from './identity-header';
export * from './enforce';
