export * from './principal';
export * from './token-verifier';
export * from './token-signer';
export * from './scope';
export * from './decorators';
export * from './auth.guard';
export * from './authenticate';
