import { DEFAULT_HOLIDAY_CALENDAR, DEFAULT_POLICY, type PolicyValue } from '@app/policy';
import { workingCalendar } from '@app/rules';
import { appealOpen, appealPeriod, AppealPeriodEnded, checkOpen, decisionPeriod, isOverdue, newAppeal, AppealAlreadyDecided } from './appeal';

const cal = workingCalendar(DEFAULT_HOLIDAY_CALENDAR);
const move = { cycleId: 'c', planId: 'p', moveId: 'm', teacherId: 't', countyCode: 'taishan' };

describe('the appeal period', () => {
  it('is 5 working days from the day the teacher was told, by default, with its source', () => {
    const p = appealPeriod('2027-07-07', DEFAULT_POLICY, cal);
    expect(p).toMatchObject({ from: '2027-07-07', workingDays: 5, date: '2027-07-14', endsAt: '2027-07-14T23:59:59+08:00', assumed: true });
    expect(p.source).toContain('ASSUMPTION to be confirmed by the bureau');
  });

  it('skips the National Day holiday and counts the 调休 Saturday (told on Tuesday 2026-09-29)', () => {
    expect(appealPeriod('2026-09-29', DEFAULT_POLICY, cal)).toMatchObject({ date: '2026-10-12', assumed: false });
  });

  it('takes the value in force on the day the teacher was told', () => {
    const values: PolicyValue[] = [...DEFAULT_POLICY, { key: 'appeals.appeal_period_working_days', value: 10, effectiveFrom: '2027-01-01', source: 'bureau decision' }];
    expect(appealPeriod('2026-12-01', values, cal).workingDays).toBe(5);
    expect(appealPeriod('2027-07-07', values, cal)).toMatchObject({ workingDays: 10, date: '2027-07-21', source: 'bureau decision' });
  });

  it('an appeal a minute before the end is taken; a minute after, it is refused with the date and time', () => {
    const p = appealPeriod('2027-07-07', DEFAULT_POLICY, cal);
    const inTime = newAppeal(move, 'reasons', p, new Date('2027-07-14T23:58:00+08:00'), DEFAULT_POLICY, cal);
    expect(inTime).toMatchObject({ status: 'open', filedOn: '2027-07-14', appealDeadline: '2027-07-14' });
    expect(appealOpen(p, new Date('2027-07-14T23:58:00+08:00'))).toBe(true);
    let refused: unknown;
    try {
      newAppeal(move, 'reasons', p, new Date('2027-07-15T00:00:00+08:00'), DEFAULT_POLICY, cal);
    } catch (err) {
      refused = err;
    }
    expect(refused).toBeInstanceOf(AppealPeriodEnded);
    expect((refused as Error).message).toContain('the appeal period ended 2027-07-14 23:59 (Asia/Shanghai)');
    expect((refused as Error).message).toContain('申诉期已于2027年07月14日23:59（北京时间）截止');
    expect((refused as AppealPeriodEnded).code).toBe('ROTATION.APPEAL_PERIOD_ENDED');
  });
});

describe('the decision period', () => {
  it('is 3 working days from the day the appeal was filed (in Shanghai), and overdue from the next day', () => {
    // filed on Friday 2026-09-25 16:00 UTC, already Saturday 26 in Shanghai: counts from the 26th — the
    // Mid-Autumn holiday ends on the 27th, then Mon 28 (1), Tue 29 (2), Wed 30 (3)
    const a = newAppeal(move, 'r', appealPeriod('2026-09-24', DEFAULT_POLICY, cal), new Date('2026-09-25T16:00:00Z'), DEFAULT_POLICY, cal);
    expect(a).toMatchObject({ filedOn: '2026-09-26', decideBy: '2026-09-30' });
    expect(decisionPeriod('2026-09-26', DEFAULT_POLICY, cal).date).toBe('2026-09-30');
    expect(isOverdue(a, new Date('2026-09-30T23:59:00+08:00'))).toBe(false);
    expect(isOverdue(a, new Date('2026-10-01T00:00:00+08:00'))).toBe(true);
    expect(isOverdue({ ...a, status: 'upheld' }, new Date('2026-10-09T00:00:00+08:00'))).toBe(false);
  });

  it('only an open appeal is decided', () => {
    expect(() => checkOpen({ id: 'a', status: 'open', decidedAt: null })).not.toThrow();
    expect(() => checkOpen({ id: 'a', status: 'upheld', decidedAt: '2026-10-01T02:00:00Z' })).toThrow(AppealAlreadyDecided);
  });
});
