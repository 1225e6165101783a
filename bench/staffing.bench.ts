import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { DataSource } from 'typeorm';
import { signHs256Token } from '@app/auth';
import { migrateService } from '@app/runtime';
import { ROOT, waitFor } from '@app/testing';
import { startBenchKafka } from './support';
import { staffingService } from '../apps/staffing/src/staffing.service';
import { generateCounty } from '../seeds/county-generator';
import { loadCounty } from '../seeds/load-county';
import { seedCounties } from '../seeds/seed';
import { BENCH_DATABASE_URL, deleteCounty, ensureDatabase } from './support';

/**
 * bench:staffing — the staffing service as a separate process on the seeded 6,000-teacher county:
 *  1. GET /me/appointments (teacher tokens, 500 different teachers) and GET /schools/:id/vacancies
 *     (county HR token, every school), autocannon with 50 connections for BENCH_DURATION s each.
 *     Targets: p99 < 50 ms and >= 1,000 requests/s each.
 *  2. POST /imports/teachers with a 10,000-row CSV (teachers with their current appointments) into a
 *     county whose schools, posts and quotas are loaded. Target: < 30 s.
 */
const DURATION = Number(process.env.BENCH_DURATION ?? 15);
const PORT = Number(process.env.BENCH_PORT ?? 3901);
const SECRET = 'bench-only-secret-bench-only-secret-0123456789';

async function run(title: string, requests: { path: string; token: string }[]): Promise<autocannon.Result> {
  let i = 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${PORT}`,
    connections: 50,
    duration: DURATION,
    requests: [
      {
        setupRequest: (req) => {
          const r = requests[i++ % requests.length];
          return { ...req, method: 'GET', path: r.path, headers: { authorization: `Bearer ${r.token}` } };
        },
      },
    ],
  });
  const bad = result.non2xx + result.errors + result.timeouts;
  console.log(
    `  ${title.padEnd(28)} ${Math.round(result.requests.average)} req/s, latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms; ${result.requests.total} requests, ${bad} not 2xx/errors`,
  );
  if (bad > 0) throw new Error(`${title}: ${bad} requests failed`);
  return result;
}

async function main() {
  const url = BENCH_DATABASE_URL;
  await ensureDatabase(url);
  await migrateService(staffingService, url);
  const ds = new DataSource({ type: 'postgres', url, extra: { max: 4 } });
  await ds.initialize();
  await seedCounties(ds);
  const taishan = generateCounty({ countyCode: 'taishan', seed: '20261129', teachers: 6000, asOf: '2026-11-29' });
  await loadCounty(ds, taishan); // skips when already loaded

  const broker = await startBenchKafka();
  const service = spawn(process.execPath, [join(ROOT, 'dist/apps/staffing/src/main.js')], {
    env: { ...process.env, DATABASE_URL: url, KAFKA_BROKERS: broker.brokers, STAFFING_HTTP_PORT: String(PORT), AUTH_HS256_SECRET: SECRET, AUTH_JWKS_URL: '', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    await waitFor(async () => (await fetch(`http://127.0.0.1:${PORT}/health`)).ok, 'staffing to start', 30000, 200);
    const teachers: { id: string }[] = await ds.query(
      `SELECT t.id FROM staffing.teachers t WHERE t.county_code = 'taishan' ORDER BY t.staff_no LIMIT 500`,
    );
    const schools: { id: string }[] = await ds.query(`SELECT id FROM staffing.schools WHERE county_code = 'taishan' ORDER BY code`);
    const teacherTokens = await Promise.all(teachers.map((t) => signHs256Token({ sub: `bench-${t.id}`, role: 'teacher', county: 'taishan', teacher: t.id }, SECRET, { ttlSeconds: 3600 })));
    const hr = await signHs256Token({ sub: 'bench-hr', role: 'county_hr', county: 'taishan' }, SECRET, { ttlSeconds: 3600 });

    console.log(`bench:staffing — taishan: ${teachers.length} teacher tokens, ${schools.length} schools; 50 connections, ${DURATION} s each`);
    // warm-up (JIT, connection pool)
    await autocannon({ url: `http://127.0.0.1:${PORT}/me/appointments`, connections: 10, duration: 2, headers: { authorization: `Bearer ${teacherTokens[0]}` } });
    await run('GET /me/appointments', teachers.map((t, k) => ({ path: '/me/appointments?asOf=2026-11-29', token: teacherTokens[k] })));
    await run('GET /schools/:id/vacancies', schools.map((s) => ({ path: `/schools/${s.id}/vacancies?asOf=2026-11-29`, token: hr })));

    // Import: kaiping gets the generated schools, posts and quotas; the teachers arrive as a spreadsheet.
    const rows = Number(process.env.BENCH_IMPORT_ROWS ?? 10000);
    const kaiping = generateCounty({ countyCode: 'kaiping', seed: '7', teachers: rows, asOf: '2026-11-29' });
    await ds.transaction((m) => deleteCounty(m, 'kaiping'));
    await loadCounty(ds, { ...kaiping, teachers: [], appointments: [] });
    const schoolCode = new Map(kaiping.schools.map((s) => [s.id, s.code]));
    const postById = new Map(kaiping.posts.map((p) => [p.id, p]));
    const current = new Map<string, (typeof kaiping.appointments)[number]>();
    for (const a of kaiping.appointments) if (a.kind === 'regular' && a.endDate === null && a.postId) current.set(a.teacherId, a);
    const lines = ['staffNo,name,gender,birthDate,firstServiceDate,subjects,title,backboneLevel,category,schoolCode,postSubject,role,kind,workloadShare,startDate'];
    for (const t of kaiping.teachers) {
      const a = current.get(t.id);
      const post = a?.postId ? postById.get(a.postId) : undefined;
      lines.push(
        [t.staffNo, t.name, t.gender, t.birthDate, t.firstServiceDate, t.subjects.join(';'), t.title ?? '', t.backboneLevel, t.category, a ? schoolCode.get(a.schoolId) : '', post?.subjectCode ?? '', a?.role ?? '', a ? 'regular' : '', a ? a.workloadShare : '', a?.startDate ?? ''].join(','),
      );
    }
    const csv = lines.join('\n');
    const hrKaiping = await signHs256Token({ sub: 'bench-hr', role: 'county_hr', county: 'kaiping' }, SECRET, { ttlSeconds: 3600 });
    const t0 = performance.now();
    const response = await fetch(`http://127.0.0.1:${PORT}/imports/teachers?countyCode=kaiping`, {
      method: 'POST',
      headers: { authorization: `Bearer ${hrKaiping}`, 'content-type': 'text/csv' },
      body: csv,
    });
    const seconds = (performance.now() - t0) / 1000;
    const body = (await response.json()) as { written?: unknown };
    if (response.status !== 200) throw new Error(`import failed: ${response.status} ${JSON.stringify(body).slice(0, 800)}`);
    console.log(`  POST /imports/teachers       ${rows} rows (${(csv.length / 1024 / 1024).toFixed(1)} MB CSV) in ${seconds.toFixed(2)} s: ${JSON.stringify(body.written)} (target < 30 s)`);
  } finally {
    service.kill('SIGTERM');
    await new Promise((r) => service.once('exit', r));
    await broker.stop();
    await ds.destroy();
  }
}

main().catch((err) => {
  console.error(`bench:staffing failed: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});
