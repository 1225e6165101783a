import { execSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { DataSource } from 'typeorm';
import { migrateService, startService } from '@app/runtime';
import { freePort, launchChromium, startPrivateRedis } from '@app/testing';
import { rotationService } from '../apps/rotation/src/rotation.service';
import { staffingService } from '../apps/staffing/src/staffing.service';
import { generateCounty } from '../seeds/county-generator';
import { loadCounty } from '../seeds/load-county';
import { seedCounties } from '../seeds/seed';
import { startGateway } from '../tests/support/portal';
import { BENCH_DATABASE_URL, ensureDatabase, percentile, startBenchKafka } from './support';

/**
 * bench:portal — the portal in Debian's Chromium on the seeded Taishan (6,000 teachers):
 *  1. a teacher's home, first load with a fresh browser profile (nothing cached), until their
 *     assignments are on screen; Navigation Timing (response, DOMContentLoaded, load) beside it.
 *     Target: < 1.5 s.
 *  2. an HR officer's plan review of a cycle whose plan has 700 moves, until the moves table and the
 *     metric cards are on screen. Target: < 2 s.
 *  3. the JavaScript the teacher's home loads, gzipped. Target: < 500 KB.
 * The services run in this process, the gateway as its own process (as npm start runs it); rotation's
 * read model of Taishan is filled straight from the generated county (the bench measures pages, not
 * Kafka), and the plan is a synthetic one of BENCH_MOVES moves. BENCH_RUNS loads of each page.
 */
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const MOVES = Number(process.env.BENCH_MOVES ?? 700);
const SECRET = 'bench-only-secret-bench-only-secret-0123456789';
const YEAR = 2031;

async function main() {
  const url = BENCH_DATABASE_URL;
  await ensureDatabase(url);
  for (const def of [staffingService, rotationService]) await migrateService(def, url);
  const ds = new DataSource({ type: 'postgres', url, extra: { max: 4 } });
  await ds.initialize();
  await seedCounties(ds);
  const data = generateCounty({ countyCode: 'taishan', seed: '20261129', teachers: 6000, asOf: '2026-11-29' });
  await loadCounty(ds, data); // skips when already loaded
  // The bench measures pages: the seed's events are not replayed through a broker here.
  await ds.query(`DELETE FROM staffing.outbox`);
  const { cycleId, teacherId, schoolName } = await rotationFixture(ds, data);
  await ds.destroy();

  const broker = await startBenchKafka();
  const redis = await startPrivateRedis();
  const env = { ...process.env, DATABASE_URL: url, KAFKA_BROKERS: broker.brokers, AUTH_HS256_SECRET: SECRET, LOG_LEVEL: 'warn', REDIS_URL: redis.url };
  const staffing = await startService(staffingService, { ...env, STAFFING_HTTP_PORT: String(await freePort()) });
  const rotation = await startService(rotationService, { ...env, ROTATION_HTTP_PORT: String(await freePort()) });
  const gateway = await startGateway({ ...env, STAFFING_URL: staffing.url, ROTATION_URL: rotation.url, PORTAL_DEV_COUNTY: 'taishan' });
  const load = () => execSync('uptime').toString().trim().replace(/^.*load average: /, '');
  console.log(`bench:portal — ${RUNS} cold loads per page, load average before: ${load()}`);

  const signIn = async (claims: Record<string, unknown>) => {
    const r = await fetch(`${gateway.url}/auth/dev/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json', origin: gateway.url }, body: JSON.stringify({ claims, name: 'bench' }) });
    if (!r.ok) throw new Error(`sign-in failed: ${r.status} ${await r.text()}`);
    return r.headers.getSetCookie()[0].split(';')[0].split('=')[1];
  };
  const teacherCookie = await signIn({ sub: 'bench-teacher', role: 'teacher', county: 'taishan', teacher: teacherId });
  const hrCookie = await signIn({ sub: 'bench-hr', role: 'county_hr', county: 'taishan' });

  async function measure(path: string, cookie: string, ready: (page: import('playwright-core').Page) => Promise<unknown>) {
    const runs: { content: number; responseEnd: number; dcl: number; load: number; jsRaw: number; jsGzip: number }[] = [];
    for (let i = 0; i < RUNS; i++) {
      const chromium = await launchChromium();
      try {
        await chromium.browser.addCookies([{ name: 'portal_session', value: cookie, url: gateway.url, httpOnly: true, sameSite: 'Lax' }]);
        const page = await chromium.browser.newPage();
        const scripts: Promise<Buffer>[] = [];
        page.on('response', (r) => {
          if (r.request().resourceType() === 'script') scripts.push(r.body());
        });
        await page.goto(`${gateway.url}${path}`, { waitUntil: 'commit' });
        await ready(page);
        const t = await page.evaluate(() => {
          const p = (globalThis as unknown as { performance: { now(): number; getEntriesByType(t: string): { responseEnd: number; domContentLoadedEventEnd: number; loadEventEnd: number }[] } }).performance;
          const nav = p.getEntriesByType('navigation')[0];
          return { content: p.now(), responseEnd: nav.responseEnd, dcl: nav.domContentLoadedEventEnd, load: nav.loadEventEnd };
        });
        const bodies = await Promise.all(scripts);
        runs.push({ ...t, jsRaw: bodies.reduce((s, b) => s + b.length, 0), jsGzip: bodies.reduce((s, b) => s + gzipSync(b, { level: 9 }).length, 0) });
      } finally {
        await chromium.close();
      }
    }
    return runs;
  }

  const report = (title: string, runs: Awaited<ReturnType<typeof measure>>, target: number) => {
    const med = (k: keyof (typeof runs)[number]) => percentile([...runs.map((r) => r[k])].sort((a, b) => a - b), 50);
    const worst = Math.max(...runs.map((r) => r.content));
    console.log(
      `  ${title.padEnd(34)} content on screen median ${(med('content') / 1000).toFixed(2)} s, worst ${(worst / 1000).toFixed(2)} s (target < ${target} s: ${worst / 1000 < target ? 'met' : 'NOT met'}); ` +
        `Navigation Timing median responseEnd ${Math.round(med('responseEnd'))} ms, DOMContentLoaded ${Math.round(med('dcl'))} ms, load ${Math.round(med('load'))} ms; ` +
        `JS ${(med('jsRaw') / 1024).toFixed(0)} KB, ${(med('jsGzip') / 1024).toFixed(0)} KB gzipped`,
    );
  };

  const teacher = await measure('/teacher', teacherCookie, (page) => page.getByText(schoolName).first().waitFor({ timeout: 30000 }));
  report('teacher home (first load)', teacher, 1.5);
  const review = await measure(`/hr/cycles/${cycleId}`, hrCookie, async (page) => {
    await page.getByText(`调动明细（${MOVES} 人）`).waitFor({ timeout: 30000 });
    await page.getByText('交流比例（R1）').first().waitFor();
    await page.locator('[data-chart="echarts"] svg').first().waitFor();
  });
  report(`plan review (${MOVES} moves)`, review, 2);
  const js = Math.max(...teacher.map((r) => r.jsGzip)) / 1024;
  console.log(`  teacher entry JavaScript         ${js.toFixed(0)} KB gzipped (target < 500 KB: ${js < 500 ? 'met' : 'NOT met'})`);
  console.log(`load average after: ${load()}`);

  await gateway.stop();
  await rotation.stop();
  await staffing.stop();
  await redis.destroy();
  await broker.stop();
}

/** Rotation's read model of the county, a cycle in planning and a plan of MOVES moves (synthetic, deterministic). */
async function rotationFixture(ds: DataSource, data: ReturnType<typeof generateCounty>) {
  const s = data.schools;
  await ds.query(
    `INSERT INTO rotation.schools (school_id, county_code, type, district_code, weak, rural, flow_target, accepts_placement, name)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::boolean[], $6::boolean[], $7::boolean[], $8::boolean[], $9::text[]) ON CONFLICT DO NOTHING`,
    [s.map((x) => x.id), s.map((x) => x.countyCode), s.map((x) => x.type), s.map((x) => x.districtCode), s.map((x) => x.weak), s.map((x) => x.rural), s.map((x) => x.weak || x.rural), s.map((x) => x.type === 'county_town' || x.type === 'township_central'), s.map((x) => x.name)],
  );
  const t = data.teachers;
  await ds.query(
    `INSERT INTO rotation.teachers (teacher_id, county_code, name, birth_date, gender, subjects, backbone_level, category)
     SELECT id, county, name, birth, gender, string_to_array(subjects, ','), backbone, category
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::date[], $5::text[], $6::text[], $7::text[], $8::text[]) AS x(id, county, name, birth, gender, subjects, backbone, category) ON CONFLICT DO NOTHING`,
    [t.map((x) => x.id), t.map((x) => x.countyCode), t.map((x) => x.name), t.map((x) => x.birthDate), t.map((x) => x.gender), t.map((x) => x.subjects.join(',')), t.map((x) => x.backboneLevel), t.map((x) => x.category)],
  );
  const current = data.appointments.filter((a) => a.kind === 'regular' && a.startDate <= data.asOf && (a.endDate === null || a.endDate >= data.asOf));
  const schoolById = new Map(s.map((x) => [x.id, x]));
  const sameType = (type: string) => s.filter((x) => x.type === type);
  const moves = current.slice(0, MOVES).map((a, i) => {
    const from = schoolById.get(a.schoolId)!;
    const options = sameType(from.type).filter((x) => x.id !== from.id);
    const to = options[i % options.length];
    return { teacherId: a.teacherId, fromSchoolId: from.id, toSchoolId: to.id, subject: a.subject, category: 'teacher', mandatory: i % 9 === 0 ? 'R2' : i % 7 === 0 ? 'R3' : null, preferenceRank: i % 4 === 0 ? 1 + (i % 10) : null, score: 1, pinned: false };
  });
  const flows = { urbanToRural: 0, ruralToUrban: 0, strongToWeak: 0, weakToStrong: 0, backboneStrongToWeak: 0, backboneWeakToStrong: 0, sameDistrict: 0 };
  for (const m of moves) {
    const from = schoolById.get(m.fromSchoolId)!;
    const to = schoolById.get(m.toSchoolId)!;
    if (!from.rural && to.rural) flows.urbanToRural++;
    if (from.rural && !to.rural) flows.ruralToUrban++;
    if (!from.weak && to.weak) flows.strongToWeak++;
    if (from.weak && !to.weak) flows.weakToStrong++;
    if (from.districtCode === to.districtCode) flows.sameDistrict++;
  }
  const metrics = {
    movers: moves.length,
    moverRatio: moves.length / data.teachers.length,
    requiredRatio: 0.05,
    requiredMovers: Math.ceil(0.05 * data.teachers.length),
    backboneMovers: Math.round(moves.length * 0.22),
    backboneShare: 0.22,
    flows,
    preferenceRanks: new Array(10).fill(0),
    unlisted: moves.filter((m) => m.preferenceRank === null).length,
    volunteersPlaced: 40,
    volunteers: 60,
    mandatory: { R2: { required: 80, met: 78 }, R3: { required: 100, met: 100 } },
    netChange: [],
    objective: moves.length,
  };
  const [cycle] = await ds.query(
    `INSERT INTO rotation.cycles (county_code, school_year, state, preference_deadline, effective_date) VALUES ('taishan', $1, 'planning', $2, $3)
     ON CONFLICT (county_code, school_year) DO UPDATE SET state = 'planning' RETURNING id`,
    [YEAR, `${YEAR}-05-31`, `${YEAR}-09-01`],
  );
  await ds.query(`DELETE FROM rotation.plans WHERE cycle_id = $1`, [cycle.id]);
  await ds.query(
    `INSERT INTO rotation.plans (cycle_id, number, method, status, objective, moves, metrics, infeasibilities, pins, created_by) VALUES ($1, 1, 'optimizer', 'optimal', $2, $3::jsonb, $4::jsonb, '[]', '[]', 'bench')`,
    [cycle.id, moves.length, JSON.stringify(moves), JSON.stringify(metrics)],
  );
  const teacherAppointment = current.find((a) => a.role === 'teacher')!;
  return { cycleId: cycle.id as string, teacherId: teacherAppointment.teacherId, schoolName: schoolById.get(teacherAppointment.schoolId)!.name };
}

main().catch((err) => {
  console.error(`bench:portal: ${err instanceof Error ? err.stack : String(err)}`);
  process.exit(1);
});
