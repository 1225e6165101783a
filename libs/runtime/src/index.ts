export * from './service-definition';
export * from './tokens';
export * from './migrations';
export * from './create-service';
export * from './http-errors';
export * from './unit-of-work';
export * from './http-schemas';
export * from './policy-values';
