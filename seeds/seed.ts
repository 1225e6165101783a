import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { baseConfigSchema, runWithCorrelation } from '@app/platform';
import { describeConnectionError } from '@app/runtime';
import { loadContacts } from './contacts';
import { JIANGMEN_COUNTIES } from './counties';
import { DEFAULT_AS_OF, DEFAULT_TEACHERS, generateCounty, type GeneratedCounty } from './county-generator';
import { seedExampleSchemes } from '../apps/subsidies/src/scheme/application/publish-scheme-version.use-case';
import { seedKindergartenPairings } from './kindergartens';
import { countyHasData, loadCounty, seedCorrelationId } from './load-county';
import { loadTrainingYear } from './load-training';
import { loadStaffingExtras } from './staffing-extras';

/** The school year of training the seeds load (1 September 2025 – 31 August 2026, before the default as-of date). */
export const SEED_TRAINING_YEAR = 2025;

/** Loads reference data; idempotent, so `npm start` can run it every time. */
export async function seedCounties(ds: DataSource): Promise<number> {
  for (const c of JIANGMEN_COUNTIES) {
    await ds.query(
      `INSERT INTO staffing.counties (code, name_zh, name_en, western) VALUES ($1, $2, $3, $4)
       ON CONFLICT (code) DO UPDATE SET name_zh = EXCLUDED.name_zh, name_en = EXCLUDED.name_en, western = EXCLUDED.western`,
      [c.code, c.nameZh, c.nameEn, c.western],
    );
  }
  return JIANGMEN_COUNTIES.length;
}

export interface SeedOptions {
  county: string;
  teachers: number;
  seed: string;
  asOf: string;
  skipCounty: boolean;
}

export const DEFAULT_SEED_OPTIONS: SeedOptions = { county: 'taishan', teachers: DEFAULT_TEACHERS, seed: '20261129', asOf: DEFAULT_AS_OF, skipCounty: false };

/** `--county <code> --teachers N --seed S --as-of YYYY-MM-DD --skip-county`; throws a one-line message on bad flags. */
export function parseSeedArgs(argv: string[]): SeedOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      county: { type: 'string' },
      teachers: { type: 'string' },
      seed: { type: 'string' },
      'as-of': { type: 'string' },
      'skip-county': { type: 'boolean' },
    },
  });
  const o: SeedOptions = {
    county: values.county ?? DEFAULT_SEED_OPTIONS.county,
    teachers: values.teachers === undefined ? DEFAULT_SEED_OPTIONS.teachers : Number(values.teachers),
    seed: values.seed ?? DEFAULT_SEED_OPTIONS.seed,
    asOf: values['as-of'] ?? DEFAULT_SEED_OPTIONS.asOf,
    skipCounty: values['skip-county'] ?? false,
  };
  if (!/^[a-z]+$/.test(o.county)) throw new Error(`--county must be a lower-case county code such as taishan, got ${o.county}`);
  if (!Number.isInteger(o.teachers) || o.teachers <= 0) throw new Error(`--teachers must be a positive integer, got ${values.teachers}`);
  if (o.seed.length === 0) throw new Error('--seed must not be empty');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(o.asOf)) throw new Error(`--as-of must be YYYY-MM-DD, got ${o.asOf}`);
  return o;
}

/** Seeds the counties, then (unless skipped) a generated county; returns the one summary line. */
export async function seed(ds: DataSource, o: SeedOptions): Promise<string> {
  const counties = await seedCounties(ds);
  const schemes = await ds.transaction((m) => seedExampleSchemes(m, JIANGMEN_COUNTIES.map((c) => c.code)));
  const head = `seed: ${counties} counties${schemes ? `, the example living-subsidy scheme for ${schemes}` : ''}`;
  if (o.skipCounty) return `${head}; county load skipped (--skip-county)`;
  const before = await countyHasData(ds, o.county);
  if (before.schools > 0 || before.teachers > 0) {
    return `${head}; ${o.county} already has ${before.schools} schools and ${before.teachers} teachers, county load skipped${await extras(ds, o)}`;
  }
  const t0 = performance.now();
  const data = generateCounty({ countyCode: o.county, seed: o.seed, teachers: o.teachers, asOf: o.asOf });
  const generated = (performance.now() - t0) / 1000;
  const r = await loadCounty(ds, data);
  if (!r.loaded) return `${head}; ${o.county} already has ${r.existingSchools} schools and ${r.existingTeachers} teachers, county load skipped`;
  const more = await extras(ds, o, data);
  const total = (performance.now() - t0) / 1000;
  return (
    `${head}; ${o.county} (seed ${o.seed}, as of ${o.asOf}): ${r.schools} schools, ${r.teachers} teachers, ` +
    `${r.appointments} appointments, ${r.events} events in ${total.toFixed(1)} s (generate ${generated.toFixed(2)} s, load ${r.seconds.toFixed(1)} s)${more}`
  );
}

/**
 * What the services built after the county generator add to a generated county, each once (a county loaded
 * earlier gets what it lacks): establishment types and a few absences (R9, subsidies), R10 kindergarten
 * pairings, and a school year of training (R6–R8). The generator is deterministic, so the ids agree.
 */
async function extras(ds: DataSource, o: SeedOptions, generated?: GeneratedCounty): Promise<string> {
  let data = generated;
  const county = () => (data ??= generateCounty({ countyCode: o.county, seed: o.seed, teachers: o.teachers, asOf: o.asOf }));
  const parts: string[] = [];
  const [{ missing }] = await ds.query(
    `SELECT count(*)::int AS missing FROM staffing.teachers t WHERE t.county_code = $1 AND NOT EXISTS (SELECT 1 FROM staffing.establishment_entries e WHERE e.teacher_id = t.id)`,
    [o.county],
  );
  if (missing > 0) {
    const c = county();
    const x = await runWithCorrelation(seedCorrelationId(c), () => ds.transaction((m) => loadStaffingExtras(m, c)));
    if (x.establishment) parts.push(`${x.establishment} establishment entries and ${x.absences} absences (${x.events} events)`);
  }
  const [{ noContact }] = await ds.query(
    `SELECT count(*)::int AS "noContact" FROM staffing.teachers t WHERE t.county_code = $1 AND NOT EXISTS (SELECT 1 FROM staffing.teacher_contacts c WHERE c.teacher_id = t.id)`,
    [o.county],
  );
  if (noContact > 0) {
    const c = county();
    const x = await runWithCorrelation(seedCorrelationId(c), () => ds.transaction((m) => loadContacts(m, c)));
    if (x.contacts) parts.push(`${x.contacts} teachers' contacts (synthetic e-mail, ${x.english} reading English)`);
  }
  const r10 = await seedKindergartenPairings(ds, o.county);
  if (r10.pairings) parts.push(`${r10.pairings} R10 kindergarten pairings`);
  const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM training.activities WHERE county_code = $1`, [o.county]);
  if (n === 0) {
    const t = await loadTrainingYear(ds, county(), SEED_TRAINING_YEAR);
    parts.push(`training ${SEED_TRAINING_YEAR}–${SEED_TRAINING_YEAR + 1}: ${t.activities} activities, ${t.attendance} attendance rows, ${t.postings} credit postings in ${t.seconds.toFixed(1)} s`);
  }
  return parts.length ? `; ${parts.join('; ')}` : '';
}

async function main() {
  let options: SeedOptions;
  try {
    options = parseSeedArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`seed: ${(err as Error).message}`);
    process.exit(2);
  }
  const url = baseConfigSchema.shape.DATABASE_URL.parse(process.env.DATABASE_URL);
  const ds = new DataSource({ type: 'postgres', url });
  try {
    await ds.initialize();
  } catch (err) {
    console.error(`seed: ${describeConnectionError('PostgreSQL', url, err)}`);
    process.exit(1);
  }
  let failed = false;
  try {
    console.log(await seed(ds, options));
  } catch (err) {
    console.error(`seed: ${(err as Error).message}`);
    failed = true;
  } finally {
    await ds.destroy();
  }
  if (failed) process.exit(1);
}

if (require.main === module) void main();
