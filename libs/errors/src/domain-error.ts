/**
 * @app/errors has no dependency at all: domain code (every domain/ folder, libs/policy, libs/rules) imports
 * DomainError from here, never from @app/platform (which pulls in logging and metrics).
 *
 * Domain errors carry a stable code (e.g. STAFFING.QUOTA_EXCEEDED) and a kind; the HTTP edge maps the
 * kind to a status (unavailable: 503, e.g. a read model that is behind). Code below the interface layer
 * never throws HTTP exceptions.
 */
export type DomainErrorKind = 'invalid' | 'not_found' | 'conflict' | 'forbidden' | 'unavailable';

export class DomainError extends Error {
  /**
   * A domain error is a verdict: the same facts give the same answer, so a consumer dead-letters the event
   * at once. The exception is a race that a retry resolves (an optimistic-lock conflict): such errors say so.
   */
  readonly retriable: boolean = false;

  constructor(
    readonly code: string,
    readonly kind: DomainErrorKind,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}
