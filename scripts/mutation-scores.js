#!/usr/bin/env node
// Prints the mutation score of every mutated file from Stryker's JSON report (reports/mutation/mutation.json):
// killed (and timed out) mutants over every mutant that ran or had no test. With --min N, exits 1 when a
// rule file (`--rules` list, default: the files named in issue #10 and the rule libraries) scores below N%.
const fs = require('fs');
const path = require('path');

const args = process.argv.slice(2);
const min = args.includes('--min') ? Number(args[args.indexOf('--min') + 1]) : null;
const report = path.resolve(args.find((a) => a.endsWith('.json')) ?? 'reports/mutation/mutation.json');
if (!fs.existsSync(report)) {
  console.error(`mutation-scores: no report at ${report}; run npm run test:mutation first`);
  process.exit(1);
}
const RULE_FILES = [
  'apps/scheduler/src/obligations/domain/r2.ts',
  'apps/scheduler/src/obligations/domain/r3.ts',
  'apps/scheduler/src/obligations/domain/quota.ts',
  'apps/rotation/src/planning/domain/checker.ts',
  'apps/rotation/src/eligibility/domain/eligibility.ts',
  'libs/rules/src/tenure.ts',
  'libs/rules/src/exemption.ts',
  'libs/rules/src/retirement.ts',
  'libs/rules/src/calendar-date.ts',
  'libs/rules/src/backbone.ts',
  'libs/rules/src/service-days.ts',
];
const { files } = JSON.parse(fs.readFileSync(report, 'utf8'));
const rows = Object.entries(files)
  .map(([file, f]) => {
    const n = (s) => f.mutants.filter((m) => s.includes(m.status)).length;
    const killed = n(['Killed', 'Timeout']);
    const survived = n(['Survived']);
    const noCoverage = n(['NoCoverage']);
    const valid = killed + survived + noCoverage;
    return { file: path.relative(process.cwd(), path.resolve(file)), mutants: valid, killed, survived, noCoverage, score: valid === 0 ? 100 : (100 * killed) / valid };
  })
  .sort((a, b) => a.file.localeCompare(b.file));
const total = rows.reduce((t, r) => ({ killed: t.killed + r.killed, mutants: t.mutants + r.mutants }), { killed: 0, mutants: 0 });
console.log('score   killed/mutants  survived  no-test  file');
for (const r of rows) console.log(`${r.score.toFixed(1).padStart(5)}%  ${`${r.killed}/${r.mutants}`.padStart(14)}  ${String(r.survived).padStart(8)}  ${String(r.noCoverage).padStart(7)}  ${r.file}${RULE_FILES.includes(r.file) ? '  (rule file)' : ''}`);
console.log(`${((100 * total.killed) / Math.max(1, total.mutants)).toFixed(1).padStart(5)}%  ${`${total.killed}/${total.mutants}`.padStart(14)}  all files`);
if (min !== null) {
  const low = rows.filter((r) => RULE_FILES.includes(r.file) && r.score < min);
  if (low.length) {
    console.error(`mutation-scores: ${low.map((r) => `${r.file} ${r.score.toFixed(1)}%`).join(', ')} below ${min}%`);
    process.exit(1);
  }
}
