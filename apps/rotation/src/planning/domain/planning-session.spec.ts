import { checkPlan } from './checker';
import { buildCandidates } from './candidates';
import { CountyIndex } from './county-index';
import { SolveCancelled, solveBinaryProgram } from './highs-solver';
import { buildModel, strictObjectiveFloor } from './model';
import type { Pin } from './plan-input';
import { planRotation } from './planner';
import { PlanningSession } from './planning-session';
import { county, rng, school, teacher } from './planning.fixtures';
import { randomCounty } from './random-county.fixture';

describe('PlanningSession (warm re-solves)', () => {
  it('gives the objective a cold solve gives, for random counties and random pins, re-solving warm', async () => {
    let warm = 0;
    let infeasible = 0;
    const settled = { precheck: 0, elastic: 0, strict: 0 };
    for (let seed = 1; seed <= 40; seed++) {
      const input = randomCounty(seed);
      const session = new PlanningSession(input);
      const r = rng(seed * 7919);
      try {
        for (let round = 0; round < 4; round++) {
          const pins: Pin[] = [];
          for (const t of input.teachers) {
            if (!r.chance(0.3)) continue;
            const s = r.pick(input.schools);
            pins.push({ teacherId: t.id, schoolId: s.id, kind: r.chance(0.5) ? 'force' : 'forbid' });
          }
          const viaSession = await session.solve(pins);
          if (session.lastMode === 'warm') warm++;
          if (session.lastSettled) settled[session.lastSettled]++;
          expect([seed, round, session.lastSettled === null]).toEqual([seed, round, viaSession.status !== 'infeasible']);
          const cold = await planRotation({ ...input, pins });
          expect([seed, round, viaSession.status === 'infeasible']).toEqual([seed, round, cold.status === 'infeasible']);
          if (cold.status === 'infeasible') {
            // the draft of the same elastic model, solved warm: the same value, the same findings
            infeasible++;
            expect([seed, round, viaSession.objective]).toEqual([seed, round, expect.closeTo(cold.objective, 6)]);
            const findings = (p: typeof cold) => p.infeasibilities.map((i) => `${i.source}/${i.constraint}`).sort();
            const short = (p: typeof cold) => p.infeasibilities.filter((i) => i.source === 'elastic').reduce((n, i) => n + i.shortBy, 0);
            expect([seed, round, findings(viaSession).filter((f) => f.startsWith('precheck'))]).toEqual([seed, round, findings(cold).filter((f) => f.startsWith('precheck'))]);
            expect([seed, round, short(viaSession)]).toEqual([seed, round, expect.closeTo(short(cold), 6)]);
          } else {
            expect([seed, round, viaSession.objective]).toEqual([seed, round, expect.closeTo(cold.objective, 6)]);
            expect(checkPlan({ ...input, pins }, viaSession.moves)).toEqual([]);
            for (const pin of pins) {
              const m = viaSession.moves.find((x) => x.teacherId === pin.teacherId);
              if (pin.kind === 'forbid') expect(m?.toSchoolId).not.toBe(pin.schoolId);
            }
          }
        }
      } finally {
        session.dispose();
      }
    }
    expect(warm).toBeGreaterThan(20);
    expect(infeasible).toBeGreaterThan(5);
    // the three ways an infeasible solve is settled all occur: by the pre-checks, by the elastic run's
    // value alone, and by a strict run when the elastic run's value does not prove it
    expect(Object.values(settled).every((n) => n > 0)).toBe(true);
    expect(settled.elastic).toBeGreaterThan(5);
  });

  it('re-solves warm after a forbid and a force, and marks the forced move pinned', async () => {
    const schools = [school('T', 'county_town', 'A'), school('R', 'village_primary', 'A', { rural: true }), school('W', 'village_primary', 'B', { rural: true, weak: true })];
    const teachers = [teacher('a', 'T', ['art'], { preferences: ['R'] }), teacher('b', 'T', ['art']), teacher('c', 'R', ['art'])];
    const input = county(schools, teachers, { vacancies: { 'R|art': 1, 'W|art': 1 }, parameters: { minMoverShare: 0.3 } });
    const session = new PlanningSession(input);
    try {
      const first = await session.solve([]);
      expect(session.lastMode).toBe('cold');
      expect(first.status).toBe('optimal');
      const again = await session.solve([
        { teacherId: 'a', schoolId: 'R', kind: 'forbid' },
        { teacherId: 'b', schoolId: 'W', kind: 'force' },
      ]);
      expect(session.lastMode).toBe('warm');
      expect(again.moves.find((m) => m.teacherId === 'b')).toMatchObject({ toSchoolId: 'W', pinned: true });
      expect(again.moves.find((m) => m.teacherId === 'a')?.toSchoolId).not.toBe('R');
      const cold = await planRotation({ ...input, pins: [{ teacherId: 'a', schoolId: 'R', kind: 'forbid' }, { teacherId: 'b', schoolId: 'W', kind: 'force' }] });
      expect(again.objective).toBeCloseTo(cold.objective, 9);
      // and back to no pins: the same plan as the first solve
      expect((await session.solve([])).objective).toBeCloseTo(first.objective, 9);
    } finally {
      session.dispose();
    }
  });

  it('stops when asked to (cancellation), and explains an infeasible pin like a cold solve', async () => {
    const input = randomCounty(3);
    const session = new PlanningSession(input);
    try {
      await expect(session.solve([], { shouldStop: () => true })).rejects.toThrow(SolveCancelled);
      const bad: Pin[] = [{ teacherId: input.teachers[0].id, schoolId: input.teachers[0].currentSchoolId, kind: 'force' }];
      const plan = await session.solve(bad);
      expect(plan.status).toBe('infeasible');
      expect(plan.infeasibilities[0]).toMatchObject({ constraint: 'pin', source: 'precheck' });
    } finally {
      session.dispose();
    }
  });
});

describe('strictObjectiveFloor', () => {
  it('is the least value a strict plan can have: forced columns, a mandatory teacher’s cheapest column, 0 for those who may stay', () => {
    const schools = [school('T', 'county_town', 'A'), school('R', 'village_primary', 'A', { rural: true }), school('W', 'village_primary', 'B', { rural: true, weak: true })];
    const teachers = [
      teacher('a', 'T', ['art'], { preferences: ['R'] }),
      teacher('b', 'T', ['art']),
      teacher('c', 'R', ['art'], { mandatory: { rule: 'R3' } }),
    ];
    const input = county(schools, teachers, { vacancies: { 'R|art': 1, 'W|art': 1, 'T|art': 1 } });
    const index = new CountyIndex(input);
    const candidates = buildCandidates(index);
    const model = buildModel(index, candidates, true);
    const lower = Float64Array.from(model.colLower);
    const upper = Float64Array.from(model.colUpper);
    const costs = (ti: number) => [...model.colTeacher].map((t, j) => (t === ti ? model.colCost[j] : null)).filter((c): c is number => c !== null);
    const expected = (ti: number) => (ti === 2 ? Math.min(...costs(ti)) : Math.min(0, ...costs(ti)));
    expect(costs(0).length).toBeGreaterThan(0);
    expect(costs(2).length).toBeGreaterThan(0);
    expect(strictObjectiveFloor(model, lower, upper)).toBeCloseTo(expected(0) + expected(1) + expected(2), 9);
    // force b's first column: b counts that column's score, whatever the others
    const jb = [...model.colTeacher].indexOf(1);
    lower[jb] = 1;
    expect(strictObjectiveFloor(model, lower, upper)).toBeCloseTo(expected(0) + model.colCost[jb] + expected(2), 9);
    // nothing left to the teacher who must move: no strict plan at all
    for (let j = 0; j < model.xCount; j++) if (model.colTeacher[j] === 2) upper[j] = 0;
    expect(strictObjectiveFloor(model, lower, upper)).toBe(Number.POSITIVE_INFINITY);
  });

  it('bounds every strict plan from below: random counties, against the least value of the strict LP (HiGHS, minimising)', async () => {
    let checked = 0;
    let tight = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const input = randomCounty(seed);
      const index = new CountyIndex(input);
      const candidates = buildCandidates(index);
      const strict = buildModel(index, candidates, false);
      const least = await solveBinaryProgram({ ...strict, colCost: strict.colCost.map((c) => -c) });
      if (least.lpObjective === null) continue; // no strict plan
      const floor = strictObjectiveFloor(buildModel(index, candidates, true), strict.colLower, strict.colUpper);
      expect([seed, floor <= -least.lpObjective + 1e-9]).toEqual([seed, true]);
      if (Math.abs(floor + least.lpObjective) < 1e-9) tight++;
      checked++;
    }
    expect(checked).toBeGreaterThan(30);
    expect(tight).toBeGreaterThan(0);
  });
});
