import { randomUUID } from 'node:crypto';
import { MoveRejected, ObligationRaised, PostQuotaSet, SchoolRegistered, TeacherAppointed, TeacherRegistered } from '@app/contracts';
import { startService, type RunningService } from '@app/runtime';
import { bearer, http, mintTestToken, publishEvent, waitFor, waitForCaughtUp } from '@app/testing';
import { rotationService } from '../rotation.service';
import { moveIdOf } from './application/cycle-plans.use-case';

/** A cycle planned from rotation's own read model, proposed and approved: every move goes out as MoveApproved. */
describe('rotation plans', () => {
  let svc: RunningService;
  let hr: Record<string, string>;
  // a county code of its own: other test files' events (obligations the scheduler raises in the seven counties) stay out
  const county = 'plantest';
  const year = 2031;
  const town = randomUUID();
  const village = randomUUID();
  const [newcomer, veteran, colleague] = [randomUUID(), randomUUID(), randomUUID()];
  const send = (method: string, path: string, body: unknown) => http(`${svc.url}${path}`, { method, headers: { ...hr, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  /** POST …/plans answers 202 with a solve; poll it until it is done and return its result (and the saved plan). */
  const solve = async (cycleId: string, body: unknown) => {
    const started = await send('POST', `/cycles/${cycleId}/plans`, body);
    expect([started.status, started.body.status]).toEqual([202, 'queued']);
    const done = await waitFor(async () => {
      const r = await http(`${svc.url}/cycles/${cycleId}/solves/${started.body.solveId}`, { headers: hr });
      return r.body.status === 'done' || r.body.status === 'failed' ? r.body : null;
    }, 'the solve to finish', 30000);
    expect(done).toMatchObject({ status: 'done', error: null });
    const plan = done.planId ? (await http(`${svc.url}/cycles/${cycleId}/plans/${done.planId}`, { headers: hr })).body : null;
    return { solve: done, result: done.result, body: plan };
  };

  beforeAll(async () => {
    svc = await startService(rotationService, { ...process.env, ROTATION_HTTP_PORT: '0' });
    hr = bearer(await mintTestToken({ role: 'county_hr', county }));
    const b = process.env.KAFKA_BROKERS!;
    const school = (schoolId: string, type: 'county_town' | 'village_primary', name: string) =>
      publishEvent(b, SchoolRegistered, { schoolId, countyCode: county, code: `PJ-${schoolId.slice(0, 5)}`, name, type, districtCode: 'baisha', weak: type === 'village_primary', smallScale: false, rural: type === 'village_primary', remoteTier: 0 });
    await school(town, 'county_town', '蓬江区城区小学');
    await school(village, 'village_primary', '荷塘镇村小');
    for (const [schoolId, quota] of [[town, 3], [village, 2]] as const) {
      await publishEvent(b, PostQuotaSet, { postId: randomUUID(), schoolId, countyCode: county, subjectCode: 'mathematics', category: 'teacher', schoolYear: year, approvedHeadcount: quota });
    }
    const teacher = async (teacherId: string, schoolId: string, since: string, birthDate: string, backboneLevel: 'none' | 'county' = 'none') => {
      await publishEvent(b, TeacherRegistered, { teacherId, countyCode: county, name: '教师', gender: 'male', birthDate, firstServiceDate: since, subjects: ['mathematics'], title: null, backboneLevel, category: 'teacher' });
      await publishEvent(b, TeacherAppointed, { appointmentId: randomUUID(), teacherId, schoolId, countyCode: county, postId: null, subject: 'mathematics', kind: 'regular', role: 'teacher', workloadShare: 1, startDate: since, endDate: null, moveId: null });
    };
    await teacher(newcomer, village, '2027-09-01', '2004-02-02');
    // a county backbone teacher: movers must include 20% backbone teachers
    await teacher(veteran, town, '2020-09-01', '1990-02-02', 'county');
    await teacher(colleague, town, '2028-09-01', '1995-02-02');
    // The scheduler says the village newcomer must be placed at a central school (R3).
    await publishEvent(b, ObligationRaised, { obligationId: randomUUID(), rule: 'R3', teacherId: newcomer, countyCode: county, severity: 'due', dueBy: '2032-09-01', asOf: '2031-03-01', facts: {} });
    await waitFor(async () => {
      const [{ n }] = await svc.dataSource.query(
        `SELECT (SELECT count(*) FROM rotation.appointments a JOIN rotation.teachers t USING (teacher_id) WHERE t.county_code = $1)
              + (SELECT count(*) FROM rotation.post_quotas WHERE county_code = $1) + (SELECT count(*) FROM rotation.obligations WHERE county_code = $1)
              + (SELECT count(*) FROM rotation.schools WHERE county_code = $1) AS n`,
        [county],
      );
      return Number(n) === 8;
    }, 'the rotation read model', 60000);
    // and the rest of what the shared broker holds for the rotation group: a solve refuses a copy that is behind
    await waitForCaughtUp(svc.url);
  });
  afterAll(() => svc.stop());

  it('solves from the read model, meets the R3 obligation and the subject floor, and approval announces every move', async () => {
    const cycle = (await send('POST', '/cycles', { countyCode: county, schoolYear: year })).body;
    await send('POST', `/cycles/${cycle.id}/transitions`, { to: 'collecting', version: 1, preferenceDeadline: `${year}-05-31` });
    const planning = (await send('POST', `/cycles/${cycle.id}/transitions`, { to: 'planning', version: 2 })).body;

    const whatIf = await solve(cycle.id, { whatIf: { minMoverShare: 1 } });
    expect(whatIf.result.saved).toBe(false);
    expect(whatIf.solve).toMatchObject({ whatIf: true, planId: null });
    expect(whatIf.result.moves.length).toBeGreaterThan(0);
    expect((await svc.dataSource.query(`SELECT count(*)::int AS n FROM rotation.plans WHERE cycle_id = $1`, [cycle.id]))[0].n).toBe(0);

    const plan = await solve(cycle.id, {});
    expect(plan.result).toMatchObject({ saved: true, number: 1, status: 'optimal', violations: [] });
    expect(plan.body).toMatchObject({ number: 1, status: 'optimal' });
    // a finished solve cannot be cancelled
    const late = await http(`${svc.url}/cycles/${cycle.id}/solves/${plan.solve.solveId}`, { method: 'DELETE', headers: hr });
    expect([late.status, late.body.code]).toEqual([409, 'ROTATION.SOLVE_NOT_CANCELLABLE']);
    const moves = plan.body.moves.map((m: { teacherId: string; fromSchoolId: string; toSchoolId: string }) => [m.teacherId, m.fromSchoolId, m.toSchoolId]);
    expect(moves).toContainEqual([newcomer, village, town]);
    // The village keeps a mathematics teacher: someone from town goes there.
    expect(moves.some(([, from, to]: string[]) => from === town && to === village)).toBe(true);

    // A second version with a pin: the diff says what the pin changed.
    const goingToVillage = moves.find(([, from, to]: string[]) => from === town && to === village)[0];
    const setPins = await send('PUT', `/cycles/${cycle.id}/pins`, { pins: [{ teacherId: goingToVillage, schoolId: village, kind: 'forbid' }] });
    expect(setPins.status).toBe(200);
    const pinned = await solve(cycle.id, {});
    expect(pinned.body.number).toBe(2);
    expect(pinned.body.pins).toEqual([{ teacherId: goingToVillage, schoolId: village, kind: 'forbid' }]);
    // the saved pin survives a further re-solve
    const again = await solve(cycle.id, {});
    expect(again.body.moves).not.toContainEqual(expect.objectContaining({ teacherId: goingToVillage, toSchoolId: village }));
    // the facts read again are the same: the worker's warm planner keeps them and re-solves from its model
    expect(again.result.solved).toMatchObject({ mode: 'warm', facts: 'kept' });
    const diff = await http(`${svc.url}/cycles/${cycle.id}/plans/${pinned.body.id}/diff/${plan.body.id}`, { headers: hr });
    expect(diff.body).toMatchObject({ from: 1, to: 2 });
    expect(diff.body.removed).toContainEqual(expect.objectContaining({ teacherId: goingToVillage, toSchoolId: village }));

    const proposed = await send('POST', `/cycles/${cycle.id}/plans/${plan.body.id}/propose`, { version: planning.version });
    expect(proposed.body).toMatchObject({ state: 'proposed' });
    const stale = await send('POST', `/cycles/${cycle.id}/approve`, { version: planning.version });
    expect([stale.status, stale.body.code]).toEqual([409, 'ROTATION.STALE_VERSION']);
    const approved = await send('POST', `/cycles/${cycle.id}/approve`, { version: proposed.body.version });
    expect(approved.body).toMatchObject({ cycle: { state: 'approved' }, moves: moves.length });

    // The plan is the unit (issue #9): every move names its plan and the plan's size, on rotation.plans.
    const events = await svc.dataSource.query(`SELECT payload, topic FROM rotation.outbox WHERE type = 'rotation.MoveApproved.v2' AND payload->>'effectiveDate' = $1`, [`${year}-09-01`]);
    expect(events.map((e: { payload: any }) => [e.payload.teacherId, e.payload.fromSchoolId, e.payload.toSchoolId]).sort()).toEqual([...moves].sort());
    expect(events.every((e: { payload: any }) => e.payload.kind === 'rotation' && e.payload.workloadShare === 1)).toBe(true);
    expect(events.every((e: { payload: any; topic: string }) => e.topic === 'rotation.plans' && e.payload.planId === plan.body.id && e.payload.planMoves === moves.length)).toBe(true);
    expect(events.every((e: { payload: any }) => e.payload.endsAppointmentIds.length >= 1)).toBe(true);

    // The plan and the notices as a workbook.
    const xlsx = await fetch(`${svc.url}/cycles/${cycle.id}/plans/${plan.body.id}/export.xlsx`, { headers: hr });
    expect(xlsx.status).toBe(200);
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await xlsx.arrayBuffer()) as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['调动方案 Plan 1', '通知 Notices']);
    expect(wb.worksheets[0].rowCount).toBe(moves.length + 1);
    expect(String(wb.worksheets[1].getRow(2).getCell(2).value)).toMatch(/^教师老师：根据2031学年县域教师交流轮岗方案，您自2031-09-01起由.+交流到.+任教。$/);

    // Staffing refuses one move: the plan shows it.
    await publishEvent(process.env.KAFKA_BROKERS!, MoveRejected, { moveId: moveIdOf(plan.body.id, newcomer), teacherId: newcomer, code: 'STAFFING.QUOTA_EXCEEDED', reason: 'post full' });
    const shown = await waitFor(async () => {
      const r = await http(`${svc.url}/cycles/${cycle.id}/plans/${plan.body.id}`, { headers: hr });
      return r.body.rejections.length ? r.body : null;
    }, 'the rejection on the plan');
    expect(shown.rejections).toEqual([{ teacherId: newcomer, code: 'STAFFING.QUOTA_EXCEEDED', reason: 'post full' }]);
    expect(events.map((e: { payload: any }) => e.payload.moveId)).toContain(moveIdOf(plan.body.id, newcomer));
    const audit = await svc.dataSource.query(`SELECT action FROM rotation.audit_log WHERE entity_id = $1 ORDER BY id`, [cycle.id]);
    expect(audit.map((r: { action: string }) => r.action)).toEqual(['cycle.create', 'cycle.collecting', 'cycle.planning', 'cycle.pins', 'cycle.proposed', 'cycle.approved']);
  });

  it('says so when the school year has no approved headcounts, naming the year to carry forward', async () => {
    const cycle = (await send('POST', '/cycles', { countyCode: county, schoolYear: year + 1 })).body;
    await send('POST', `/cycles/${cycle.id}/transitions`, { to: 'collecting', version: 1, preferenceDeadline: `${year + 1}-05-31` });
    await send('POST', `/cycles/${cycle.id}/transitions`, { to: 'planning', version: 2 });
    const refused = await send('POST', `/cycles/${cycle.id}/plans`, {});
    expect([refused.status, refused.body.code]).toEqual([409, 'ROTATION.NO_APPROVED_HEADCOUNTS']);
    expect(refused.body.message).toContain(`${county} has no approved headcounts for school year ${year + 1}`);
    expect(refused.body.message).toContain(`the latest approved are for ${year}`);
    expect(refused.body.message).toContain(`POST /counties/${county}/quotas/carry-forward`);
    // the generic transition cannot skip the proposal or the approval
    const skip = await send('POST', `/cycles/${cycle.id}/transitions`, { to: 'proposed', version: 3 });
    expect([skip.status, skip.body.code]).toEqual([409, 'ROTATION.TRANSITION_REFUSED']);
  });

  it('records the approval of a plan approved before approvals were recorded (issue #13) when it is first needed', async () => {
    const [cycle] = await svc.dataSource.query(`SELECT id, proposed_plan_id AS "planId" FROM rotation.cycles WHERE county_code = $1 AND school_year = $2`, [county, year]);
    const announced = (await svc.dataSource.query(`SELECT payload->>'moveId' AS id FROM rotation.outbox WHERE type = 'rotation.MoveApproved.v2' AND payload->>'planId' = $1`, [cycle.planId])).map((r: { id: string }) => r.id).sort();
    // as a plan approved by the version before: no approval record
    await svc.dataSource.query(`DELETE FROM rotation.approved_moves WHERE plan_id = $1`, [cycle.planId]);
    await svc.dataSource.query(`DELETE FROM rotation.approved_plans WHERE plan_id = $1`, [cycle.planId]);
    const plan = (await http(`${svc.url}/cycles/${cycle.id}/plans/${cycle.planId}`, { headers: hr })).body;
    expect(Object.values(plan.moveIds).sort()).toEqual(announced);
    const [audit] = await svc.dataSource.query(`SELECT to_char(at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS day FROM rotation.audit_log WHERE entity_id = $1 AND action = 'cycle.approved'`, [cycle.id]);
    const [record] = await svc.dataSource.query(`SELECT to_char(approved_on, 'YYYY-MM-DD') AS day FROM rotation.approved_plans WHERE plan_id = $1`, [cycle.planId]);
    expect(record.day).toBe(audit.day);
    expect((await svc.dataSource.query(`SELECT move_id AS id FROM rotation.approved_moves WHERE plan_id = $1 ORDER BY move_id`, [cycle.planId])).map((r: { id: string }) => r.id)).toEqual(announced);
  });
});
