import type { PlannedMove } from '../../planning/domain';
import { AmendmentInvalid, amendmentBaseline, amendmentChanges, amendmentPins, beforePlan, checkAction, type StandingMove } from './amendment';

const move = (teacherId: string, fromSchoolId: string, toSchoolId: string): PlannedMove => ({ teacherId, fromSchoolId, toSchoolId, subject: 'mathematics', category: 'teacher', mandatory: null, preferenceRank: null, score: 1, pinned: false });
const standing: StandingMove[] = [
  { moveId: 'ma', teacherId: 'a', planned: move('a', 'X', 'Y') },
  { moveId: 'mb', teacherId: 'b', planned: move('b', 'Z', 'X') },
  { moveId: 'mc', teacherId: 'c', planned: move('c', 'W', 'V') },
];

describe('an amendment of an approved plan', () => {
  it("pins: the plan's forbidding pins, less the appealing teacher's, plus HR's choice (forced moves are the baseline's to keep)", () => {
    const planPins = [
      { teacherId: 'a', schoolId: 'Y', kind: 'force' as const },
      { teacherId: 'a', schoolId: 'V', kind: 'forbid' as const },
      { teacherId: 'b', schoolId: 'X', kind: 'force' as const },
      { teacherId: 'c', schoolId: 'Y', kind: 'forbid' as const },
    ];
    expect(amendmentPins(planPins, standing[0].planned, { kind: 'forbid' })).toEqual([planPins[3], { teacherId: 'a', schoolId: 'Y', kind: 'forbid' }]);
    expect(amendmentPins(planPins, standing[0].planned, { kind: 'pin', schoolId: 'W' })).toEqual([planPins[3], { teacherId: 'a', schoolId: 'W', kind: 'force' }]);
  });

  it('keeps every standing move but the appealing one', () => {
    expect(amendmentBaseline(standing, 'a')).toEqual({ keep: [{ teacherId: 'b', schoolId: 'X' }, { teacherId: 'c', schoolId: 'V' }] });
  });

  it('refuses a pin to the teacher’s own school, to the school the plan already gives, or outside the county', () => {
    const schools = new Set(['X', 'Y', 'Z', 'W', 'V']);
    expect(() => checkAction({ kind: 'forbid' }, standing[0].planned, schools)).not.toThrow();
    expect(() => checkAction({ kind: 'pin', schoolId: 'W' }, standing[0].planned, schools)).not.toThrow();
    expect(() => checkAction({ kind: 'pin', schoolId: 'X' }, standing[0].planned, schools)).toThrow(AmendmentInvalid);
    expect(() => checkAction({ kind: 'pin', schoolId: 'Y' }, standing[0].planned, schools)).toThrow(/uphold/);
    expect(() => checkAction({ kind: 'pin', schoolId: 'Q' }, standing[0].planned, schools)).toThrow(/not a school of this county/);
  });

  it('says which standing moves it cancels and which moves it adds, with the plan diff', () => {
    // a stays, b is redirected to Y (the place a no longer takes), c is kept
    const changes = amendmentChanges(standing, [move('b', 'Z', 'Y'), move('c', 'W', 'V')]);
    expect(changes.cancelled.map((m) => m.moveId)).toEqual(['ma', 'mb']);
    expect(changes.added.map((m) => [m.teacherId, m.toSchoolId])).toEqual([['b', 'Y']]);
    expect(changes.kept).toBe(1);
    expect(changes.diff).toMatchObject({ removed: [expect.objectContaining({ teacherId: 'a' })], redirected: [{ teacherId: 'b', fromSchoolId: 'Z', before: 'X', after: 'Y' }], added: [], unchanged: 1 });
  });
});

describe('the county as it stood before the plan', () => {
  const rows = [
    { appointmentId: 'A', endDate: '2031-08-31', moveId: null }, // ended by move ma
    { appointmentId: 'B', endDate: null, moveId: 'ma' }, // ma's appointment
    { appointmentId: 'C', endDate: '2031-08-31', moveId: null }, // a restored successor, ended again by a later move
    { appointmentId: 'D', endDate: null, moveId: 'mz' }, // another plan's move: untouched
    { appointmentId: 'E', endDate: '2032-07-31', moveId: null },
  ];
  it("takes out the plan's appointments and gives back the ends its moves set, on the latest correction", () => {
    const before = beforePlan(rows, new Set(['ma', 'mb']), [
      { appointmentId: 'A', endDate: null },
      { appointmentId: 'A0', endDate: '2033-07-31' },
    ], new Map([['A0', 'C']]));
    expect(before).toEqual([
      { appointmentId: 'A', endDate: null, moveId: null },
      { appointmentId: 'C', endDate: '2033-07-31', moveId: null },
      { appointmentId: 'D', endDate: null, moveId: 'mz' },
      { appointmentId: 'E', endDate: '2032-07-31', moveId: null },
    ]);
  });
});
