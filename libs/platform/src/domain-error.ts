// DomainError lives in @app/errors (no logging, no metrics), so domain code can import it; re-exported here
// so `import { DomainError } from '@app/platform'` keeps working at the edges.
export * from '@app/errors';
