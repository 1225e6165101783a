import type { Appointment } from './appointment';
import { CANCELLATION_REFUSED, decideCancellations, newMovesAfterCancellations, REPLACED_MOVE_STANDS, type AmendedMove, type CancelledMoveFacts } from './plan-amendment';

const appt = (id: string, more: Partial<Appointment> = {}): Appointment => ({
  id,
  teacherId: 't1',
  schoolId: 'X',
  postId: 'px',
  kind: 'regular',
  role: 'teacher',
  workloadShare: 1,
  startDate: '2015-09-01',
  endDate: null,
  moveId: null,
  correctsId: null,
  reason: null,
  version: 2,
  ...more,
});
// move m1 (applied): ended A (regular, open before) and W (walking, to end 2034-07-31) the day before 2033-09-01, created B
const A = appt('A', { endDate: '2033-08-31' });
const W = appt('W', { kind: 'walking', workloadShare: 0.5, endDate: '2033-08-31' });
const B = appt('B', { schoolId: 'Y', postId: 'py', kind: 'rotation', startDate: '2033-09-01', moveId: 'm1', version: 1 });
const applied = (more: Partial<Extract<CancelledMoveFacts, { status: 'applied' }>> = {}): CancelledMoveFacts => ({
  moveId: 'm1',
  status: 'applied',
  teacherId: 't1',
  effectiveDate: '2033-09-01',
  appointment: B,
  ended: [
    { appointmentId: 'A', now: A, priorEnd: null },
    { appointmentId: 'W', now: W, priorEnd: '2034-07-31' },
  ],
  ...more,
});

describe("staffing's rule for a cancelled move", () => {
  it('undoes an applied move whose effective date is ahead: its appointment withdrawn, the ends it set restored', () => {
    const [d] = decideCancellations([applied()], '2033-08-31', 'n1');
    expect(d).toEqual({
      kind: 'undo',
      moveId: 'm1',
      teacherId: 't1',
      effectiveDate: '2033-09-01',
      withdraw: B,
      restore: [
        { appointment: A, endDate: null },
        { appointment: W, endDate: '2034-07-31' },
      ],
      reason: expect.stringContaining('cancelled by amendment n1 before it took effect on 2033-09-01'),
    });
  });

  it('refuses once the move has taken effect (its effective date is today or past), saying so in words', () => {
    for (const today of ['2033-09-01', '2034-01-15']) {
      const [d] = decideCancellations([applied()], today, 'n1');
      expect(d).toMatchObject({ kind: 'refuse', code: CANCELLATION_REFUSED, moveId: 'm1', teacherId: 't1' });
      expect((d as { reason: string }).reason).toContain(`the move took effect on 2033-09-01 (today is ${today})`);
    }
  });

  it('refuses when an officer changed the appointments since, or when what the move ended is not recorded', () => {
    const corrected = decideCancellations([applied({ appointment: null })], '2033-08-01', 'n1')[0];
    const reEnded = decideCancellations([applied({ ended: [{ appointmentId: 'A', now: { ...A, endDate: '2033-06-30' }, priorEnd: null }] })], '2033-08-01', 'n1')[0];
    const unknownEnds = decideCancellations([applied({ ended: null })], '2033-08-01', 'n1')[0];
    expect([corrected.kind, reEnded.kind, unknownEnds.kind]).toEqual(['refuse', 'refuse', 'refuse']);
    expect((unknownEnds as { reason: string }).reason).toContain('no record of what the move ended');
  });

  it('has nothing to undo for a move staffing rejected or never received, and skips one whose plan it has not applied', () => {
    const d = decideCancellations(
      [
        { moveId: 'm2', status: 'rejected', teacherId: 't2', code: 'STAFFING.QUOTA_EXCEEDED' },
        { moveId: 'm3', status: 'unknown' },
        { moveId: 'm4', status: 'pending', teacherId: 't4' },
      ],
      '2033-08-01',
      'n1',
    );
    expect(d.map((x) => [x.kind, x.moveId])).toEqual([
      ['nothing', 'm2'],
      ['nothing', 'm3'],
      ['skip', 'm4'],
    ]);
  });
});

describe('the new moves after the cancellations', () => {
  const move = (moveId: string, teacherId: string, ends: string[]): AmendedMove => ({
    moveId,
    teacherId,
    fromSchoolId: 'X',
    toSchoolId: 'Z',
    toPostId: 'pz',
    subject: 'mathematics',
    kind: 'rotation',
    role: 'teacher',
    workloadShare: 1,
    effectiveDate: '2033-09-01',
    endDate: null,
    endsAppointmentIds: ends,
  });

  it("end the restored records of what the undone move ended, and a teacher whose move stands does not move twice", () => {
    const decisions = [
      ...decideCancellations([applied()], '2033-08-31', 'n1'),
      ...decideCancellations([{ ...(applied() as Extract<CancelledMoveFacts, { status: 'applied' }>), moveId: 'm9', teacherId: 't9' }], '2033-09-02', 'n1'),
    ];
    const r = newMovesAfterCancellations([move('n-t1', 't1', ['A', 'W']), move('n-t9', 't9', ['A9']), move('n-t5', 't5', ['A5'])], decisions, new Map([['A', 'A2'], ['W', 'W2']]));
    expect(r.apply.map((m) => [m.moveId, m.endsAppointmentIds])).toEqual([
      ['n-t1', ['A2', 'W2']],
      ['n-t5', ['A5']],
    ]);
    expect(r.reject).toEqual([{ move: expect.objectContaining({ moveId: 'n-t9' }), code: REPLACED_MOVE_STANDS, reason: expect.stringContaining('the move it replaces (m9) was not cancelled') }]);
  });
});
