/**
 * The rules more than one service applies, computed once (issue #10): calendar dates and school years,
 * statutory retirement, the near-retirement and HR exemptions, continuous tenure at a school or in a post,
 * who counts as a backbone teacher, days served. Plain TypeScript: no framework, no I/O; every policy
 * number comes from @app/policy as a dated value, passed in as `values`.
 */
export * from './calendar-date';
export * from './facts';
export * from './retirement';
export * from './exemption';
export * from './tenure';
export * from './backbone';
export * from './service-days';
export * from './counties';
export * from './plan-application';
export * from './working-days';
