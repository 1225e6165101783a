/**
 * Domain errors carry a stable code (e.g. STAFFING.QUOTA_EXCEEDED) and a kind; the HTTP edge maps the
 * kind to a status. Code below the interface layer never throws HTTP exceptions.
 */
export type DomainErrorKind = 'invalid' | 'not_found' | 'conflict' | 'forbidden';

export class DomainError extends Error {
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
