export * from './test-env';
export * from './dev-broker';
export * from './tcp-proxy';
export * from './wait-for';
export * from './messaging-harness';
export * from './http';
export * from './auth';
export * from './publish';
