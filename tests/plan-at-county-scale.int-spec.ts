import { startService, type RunningService } from '@app/runtime';
import { bearer, http, mintTestToken, waitFor } from '@app/testing';
import { rotationService } from '../apps/rotation/src/rotation.service';
import { staffingService } from '../apps/staffing/src/staffing.service';
import { generateCounty } from '../seeds/county-generator';
import { loadCounty } from '../seeds/load-county';

/**
 * Issue #9 as a new user meets it, at county scale over Kafka: a generated county of 5,000 teachers loaded
 * into staffing and carried by its events into rotation's read model, this year's headcounts carried
 * forward to the next, a cycle solved (the plan is full of vacancy chains: posts are full and a post a mover
 * leaves is the one another arrives on), proposed and approved. Staffing applies every move (0 rejected)
 * and its appointments on the effective date are the plan's end state: every mover at their new school on
 * the post the planner counted, nobody else changed, and no post over max(quota, holders before).
 */
const COUNTY = 'scaleplan';
const TEACHERS = 5000;
const CYCLE_YEAR = 2027;
const EFFECTIVE = `${CYCLE_YEAR}-09-01`;

jest.setTimeout(300_000);

describe('an approved plan at county scale is applied whole', () => {
  let staffing: RunningService;
  let rotation: RunningService;
  let hr: Record<string, string>;
  const call = async (svc: RunningService, method: string, path: string, body?: unknown) => {
    const r = await http(`${svc.url}${path}`, { method, headers: { ...hr, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) });
    if (r.status >= 400) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };

  beforeAll(async () => {
    const env = { ...process.env, STAFFING_HTTP_PORT: '0', ROTATION_HTTP_PORT: '0' };
    staffing = await startService(staffingService, env);
    rotation = await startService(rotationService, env);
    await staffing.dataSource.query(`INSERT INTO staffing.counties (code, name_zh, name_en) VALUES ($1, '规模测试县', 'Scale test county') ON CONFLICT DO NOTHING`, [COUNTY]);
    hr = bearer(await mintTestToken({ role: 'county_hr', county: COUNTY }));
  }, 60_000);

  afterAll(async () => {
    await rotation?.stop();
    await staffing?.stop();
  });

  it(`solves, approves and applies every move of a ${TEACHERS.toLocaleString('en')}-teacher county's plan, 0 rejected`, async () => {
    const data = generateCounty({ countyCode: COUNTY, seed: 'issue9', teachers: TEACHERS, asOf: '2026-11-29' });
    await loadCounty(staffing.dataSource, data);
    const lastYear = Math.max(...data.quotaYears);
    await call(staffing, 'POST', `/counties/${COUNTY}/quotas/carry-forward`, { fromYear: lastYear, toYear: CYCLE_YEAR, dryRun: false });
    staffing.relay.poke();
    const [{ n: quotaRows }] = await staffing.dataSource.query(
      `SELECT count(*)::int AS n FROM staffing.post_quotas q JOIN staffing.posts p ON p.id = q.post_id JOIN staffing.schools s ON s.id = p.school_id WHERE s.county_code = $1 AND q.school_year = $2`,
      [COUNTY, CYCLE_YEAR],
    );
    await waitFor(
      async () => {
        const [t] = await rotation.dataSource.query(`SELECT count(*)::int AS n FROM rotation.teachers WHERE county_code = $1`, [COUNTY]);
        const [a] = await rotation.dataSource.query(`SELECT count(*)::int AS n FROM rotation.appointments a JOIN rotation.teachers t USING (teacher_id) WHERE t.county_code = $1`, [COUNTY]);
        const [q] = await rotation.dataSource.query(`SELECT count(*)::int AS n FROM rotation.post_quotas WHERE county_code = $1 AND school_year = $2`, [COUNTY, CYCLE_YEAR]);
        return t.n === TEACHERS && a.n === data.appointments.length && q.n === quotaRows;
      },
      "the county in rotation's read model",
      150_000,
      500,
    );

    const cycle = await call(rotation, 'POST', '/cycles', { countyCode: COUNTY, schoolYear: CYCLE_YEAR });
    const collecting = await call(rotation, 'POST', `/cycles/${cycle.id}/transitions`, { to: 'collecting', version: cycle.version, preferenceDeadline: `${CYCLE_YEAR}-05-31` });
    const planning = await call(rotation, 'POST', `/cycles/${cycle.id}/transitions`, { to: 'planning', version: collecting.version });
    const started = await waitFor(async () => {
      const r = await http(`${rotation.url}/cycles/${cycle.id}/plans`, { method: 'POST', headers: { ...hr, 'content-type': 'application/json' }, body: '{}' });
      return r.status === 202 ? r.body : null; // 503 while the read model is still catching up
    }, 'the solve to start', 60_000, 1000);
    const solved = await waitFor(async () => {
      const r = await call(rotation, 'GET', `/cycles/${cycle.id}/solves/${started.solveId}`);
      return r.status === 'done' || r.status === 'failed' ? r : null;
    }, 'the plan to be solved', 120_000, 500);
    expect(solved).toMatchObject({ status: 'done', result: { saved: true, violations: [] } });
    const plan = await call(rotation, 'GET', `/cycles/${cycle.id}/plans/${solved.planId}`);
    // R1 (the checker found no violation): 5% of the teachers holding a post, the county pool aside
    expect(plan.moves.length).toBeGreaterThanOrEqual(Math.ceil(0.045 * TEACHERS));

    // the facts the plan stands on, in staffing, before approval
    const teacherIds: string[] = plan.moves.map((m: { teacherId: string }) => m.teacherId);
    const others = await activeOn(`t.county_code = $1 AND NOT (a.teacher_id = ANY($2::uuid[]))`, [COUNTY, teacherIds]);
    const holdersBefore = await postHolders();

    const proposed = await call(rotation, 'POST', `/cycles/${cycle.id}/plans/${plan.id}/propose`, { version: planning.version });
    const approvedAt = Date.now();
    const approved = await call(rotation, 'POST', `/cycles/${cycle.id}/approve`, { version: proposed.version });
    expect(approved.moves).toBe(plan.moves.length);
    rotation.relay.poke();

    const outcomes = await waitFor(
      async () => {
        const rows: { status: string; n: number }[] = await staffing.dataSource.query(`SELECT status, count(*)::int AS n FROM staffing.moves WHERE plan_id = $1 GROUP BY status`, [plan.id]);
        return rows.reduce((s, r) => s + r.n, 0) === plan.moves.length ? Object.fromEntries(rows.map((r) => [r.status, r.n])) : null;
      },
      'staffing to apply the plan',
      60_000,
      200,
    );
    const seconds = (Date.now() - approvedAt) / 1000;
    // eslint-disable-next-line no-console
    console.log(`plan of ${plan.moves.length} moves: ${JSON.stringify(outcomes)} ${seconds.toFixed(1)} s from approval to the last move applied`);
    const rejections = await staffing.dataSource.query(`SELECT code, reason FROM staffing.moves WHERE plan_id = $1 AND status = 'rejected' LIMIT 5`, [plan.id]);
    expect(rejections).toEqual([]);
    expect(outcomes).toEqual({ applied: plan.moves.length });

    // staffing's appointments on the effective date are the plan's end state
    const movers = await activeOn(`a.teacher_id = ANY($1::uuid[])`, [teacherIds]);
    const byTeacher = new Map<string, { schoolId: string; kind: string; workloadShare: number; moveId: string | null }[]>();
    for (const a of movers) byTeacher.set(a.teacherId, [...(byTeacher.get(a.teacherId) ?? []), a]);
    const wrong = plan.moves.filter((m: { teacherId: string; toSchoolId: string }) => {
      const now = byTeacher.get(m.teacherId) ?? [];
      return !(now.length === 1 && now[0].schoolId === m.toSchoolId && now[0].kind === 'rotation' && now[0].workloadShare === 1 && now[0].moveId !== null);
    });
    expect(wrong).toEqual([]);
    expect(await activeOn(`t.county_code = $1 AND NOT (a.teacher_id = ANY($2::uuid[]))`, [COUNTY, teacherIds])).toEqual(others);
    const over = [...(await postHolders())].filter(([postId, { held, quota }]) => held > Math.max(quota ?? 0, holdersBefore.get(postId)?.held ?? 0));
    expect(over).toEqual([]);

    // HR reads the outcome on the plan
    const shown = await waitFor(async () => {
      const r = await call(rotation, 'GET', `/cycles/${cycle.id}/plans/${plan.id}`);
      return r.outcomes.applied === plan.moves.length ? r : null;
    }, 'the applied moves on the plan', 60_000, 500);
    expect(shown.outcomes).toMatchObject({ applied: plan.moves.length, rejected: 0, pending: 0 });
  });

  async function activeOn(where: string, params: unknown[]) {
    return staffing.dataSource.query(
      `SELECT a.id, a.teacher_id AS "teacherId", a.school_id AS "schoolId", a.post_id AS "postId", a.kind, a.workload_share::float8 AS "workloadShare", a.move_id AS "moveId"
         FROM staffing.appointments a JOIN staffing.teachers t ON t.id = a.teacher_id
        WHERE ${where} AND a.superseded_by IS NULL AND a.start_date <= '${EFFECTIVE}' AND (a.end_date IS NULL OR a.end_date >= '${EFFECTIVE}')
        ORDER BY a.id`,
      params,
    );
  }

  async function postHolders(): Promise<Map<string, { held: number; quota: number | null }>> {
    const rows: { postId: string; held: number; quota: number | null }[] = await staffing.dataSource.query(
      `SELECT p.id AS "postId", q.approved_headcount AS quota,
              (SELECT count(DISTINCT a.teacher_id)::int FROM staffing.appointments a WHERE a.post_id = p.id AND a.superseded_by IS NULL
                  AND a.start_date <= $2 AND (a.end_date IS NULL OR a.end_date >= $2)) AS held
         FROM staffing.posts p JOIN staffing.schools s ON s.id = p.school_id LEFT JOIN staffing.post_quotas q ON q.post_id = p.id AND q.school_year = $3
        WHERE s.county_code = $1`,
      [COUNTY, EFFECTIVE, CYCLE_YEAR],
    );
    return new Map(rows.map((r) => [r.postId, { held: r.held, quota: r.quota }]));
  }
});
