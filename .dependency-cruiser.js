/**
 * Layer rules, checked in CI (`npm run lint:layers`, issue #10):
 * - domain/ folders (and the rule libraries @app/rules, @app/policy, @app/errors) are plain TypeScript: no
 *   framework, no infrastructure, no outer layer of their own module, and no third-party runtime other than
 *   what a rule needs (HiGHS for the planner, zod for the import's row rules);
 * - no app imports another app; libs/ import no app;
 * - interface/ (controllers, Kafka handlers) does not import TypeORM: it calls use cases;
 * - DomainError comes from @app/errors in domain code, never from @app/platform (logging, metrics).
 */
const DOMAIN = '^apps/[^/]+/src/[a-z-]+/domain/|^libs/(rules|policy|errors)/src/';

module.exports = {
  forbidden: [
    {
      name: 'domain-is-plain-typescript',
      comment:
        'domain code imports no framework, database, broker, queue or HTTP library; only what a rule needs: highs (the planner solves with it) and zod (the spreadsheet import states its row rules as schemas)',
      severity: 'error',
      from: { path: DOMAIN, pathNot: '\\.spec\\.ts$' },
      to: { dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'], pathNot: '^node_modules/(highs|zod)/' },
    },
    {
      name: 'highs-only-in-the-planner',
      severity: 'error',
      from: { path: DOMAIN, pathNot: '^apps/rotation/src/planning/domain/' },
      to: { path: '^node_modules/highs/' },
    },
    {
      name: 'domain-uses-no-runtime-lib',
      comment: 'domain code may use the rule libraries and the event catalogue (types, constants), not the runtime libraries (@app/errors for DomainError)',
      severity: 'error',
      from: { path: DOMAIN },
      to: { path: '^libs/(messaging|platform|runtime|auth|audit|testing|spreadsheet|pdf)/' },
    },
    {
      name: 'domain-stays-inside',
      comment: 'a domain folder does not reach into application, infrastructure or interface code',
      severity: 'error',
      from: { path: DOMAIN },
      to: { path: '/(application|infrastructure|interface)/' },
    },
    {
      name: 'no-app-imports-another-app',
      severity: 'error',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'libs-import-no-app',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'interface-has-no-typeorm',
      comment: 'controllers and Kafka handlers call use cases; SQL lives in infrastructure/',
      severity: 'error',
      from: { path: '^apps/[^/]+/src/.+/interface/' },
      to: { path: '^node_modules/typeorm/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: { path: '^(apps|libs)/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|\\.stryker-tmp|reports)/' },
    tsPreCompilationDeps: false,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], mainFields: ['main', 'types'] },
  },
};
