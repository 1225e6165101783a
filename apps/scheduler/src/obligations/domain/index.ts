/**
 * The scheduler's rules (R1 exchange quota, R2 leader tenure, R3 village-teacher placement) as pure
 * functions of facts, dates and dated policy parameters. No I/O: the jobs read facts, call these and
 * write obligations and events. Tenure, exemptions and dates are the shared rules of @app/rules.
 */
export * from './facts';
export * from './r2';
export * from './r3';
export * from './evaluate';
export * from './quota';
