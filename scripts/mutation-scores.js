#!/usr/bin/env node
// Prints the mutation score of every mutated file from Stryker's JSON report (reports/mutation/mutation.json):
// killed (and timed out) mutants over every mutant that ran or had no test. With --min N, exits 1 when a
// rule file (every file in stryker.config.json's `mutate`) scores below N% or is missing from the report.
const fs = require('fs');
const path = require('path');

const args = process.argv.slice(2);
const min = args.includes('--min') ? Number(args[args.indexOf('--min') + 1]) : null;
const report = path.resolve(args.find((a) => a.endsWith('.json')) ?? 'reports/mutation/mutation.json');
if (!fs.existsSync(report)) {
  console.error(`mutation-scores: no report at ${report}; run npm run test:mutation first`);
  process.exit(1);
}
// Every file Stryker mutates is a rule file (stryker.config.json `mutate`); one missing from the report fails too,
// so a file dropped from a run cannot pass the floor unseen.
const RULE_FILES = JSON.parse(fs.readFileSync(path.resolve('stryker.config.json'), 'utf8')).mutate;
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
  const missing = RULE_FILES.filter((f) => !rows.some((r) => r.file === f));
  if (low.length) console.error(`mutation-scores: ${low.map((r) => `${r.file} ${r.score.toFixed(1)}%`).join(', ')} below ${min}%`);
  if (missing.length) console.error(`mutation-scores: no mutants reported for ${missing.join(', ')}`);
  if (low.length || missing.length) process.exit(1);
}
