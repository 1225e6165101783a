import { planRotation, type Pin, type PlannerInput } from '../../planning/domain';
import { randomCounty } from '../../planning/domain/random-county.fixture';
import type { SolveJob, SolveOutcome } from '../application/solve-protocol';
import { SolverPool } from './solver-pool';

/**
 * The pool against its real worker thread (the build's solve.worker.js, which npm test builds first: hence
 * an integration test): a cycle's facts cross into the thread once; a re-solve with equal facts keeps them
 * there and re-solves warm.
 */
describe('SolverPool', () => {
  const warnings: unknown[] = [];
  const pool = new SolverPool({ ROTATION_SOLVER_THREADS: 1, ROTATION_SOLVE_TIME_LIMIT_S: 30 }, { warn: (o: unknown) => warnings.push(o), info: () => undefined });
  afterAll(() => pool.onApplicationShutdown());

  const solve = (job: Omit<SolveJob, 'jobId' | 'whatIf'> & { whatIf?: SolveJob['whatIf'] }) =>
    new Promise<SolveOutcome>((resolve, reject) =>
      pool.submit({ jobId: `job-${Math.random()}`, whatIf: null, ...job }, { progress: () => undefined, done: resolve, cancelled: () => reject(new Error('cancelled')), failed: (e) => reject(new Error(e.message)) }),
    );

  it('sends a cycle’s facts once: equal facts stay in the thread and the re-solve is warm; changed facts are sent again', async () => {
    // a county where pins change the plan
    let input: PlannerInput | null = null;
    let seed = 0;
    let pins: Pin[] = [];
    while (!input && seed < 100) {
      const c = randomCounty(++seed);
      const plan = await planRotation(c);
      if (plan.status !== 'infeasible' && plan.moves.length > 0) {
        input = c;
        pins = [{ teacherId: plan.moves[0].teacherId, schoolId: plan.moves[0].toSchoolId, kind: 'forbid' }];
      }
    }
    expect(input).not.toBeNull();
    const first = await solve({ sessionKey: 'cycle-1', source: { kind: 'input', input: input! }, pins: [] });
    expect([first.mode, first.source]).toEqual(['cold', 'sent']);

    // the same facts as new objects (as the database returns them on every request)
    const same = randomCounty(seed);
    expect(same).not.toBe(input);
    const again = await solve({ sessionKey: 'cycle-1', source: { kind: 'input', input: same }, pins });
    expect([again.mode, again.source]).toEqual(['warm', 'kept']);
    const cold = await planRotation({ ...input!, pins });
    expect(again.plan.objective).toBeCloseTo(cold.objective, 9);
    expect(again.plan.moves.some((m) => m.teacherId === pins[0].teacherId && m.toSchoolId === pins[0].schoolId)).toBe(false);

    // one fact changed: sent, and planned afresh
    const changed = { ...input!, teachers: input!.teachers.map((t, i) => (i === 0 ? { ...t, points: t.points + 1 } : t)) };
    const third = await solve({ sessionKey: 'cycle-1', source: { kind: 'input', input: changed }, pins: [] });
    expect([third.mode, third.source]).toEqual(['cold', 'sent']);

    // another cycle in the same thread, then back: the first cycle's facts are sent again (the pool keeps
    // only what the thread's last solve was built from)
    await solve({ sessionKey: 'cycle-2', source: { kind: 'input', input: input! }, pins: [] });
    const back = await solve({ sessionKey: 'cycle-1', source: { kind: 'input', input: changed }, pins: [] });
    expect(back.source).toBe('sent');
    expect(warnings).toEqual([]);
  });
});
