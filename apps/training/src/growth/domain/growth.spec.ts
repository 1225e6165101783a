import { DEFAULT_POLICY } from '@app/policy';
import { checkStageChange, readiness, StageChangeInvalid, titleRank } from './growth';

describe('growth path (R12)', () => {
  it('ranks the titles staffing records', () => {
    expect(['三级教师', '二级教师', '一级教师', '高级教师', '正高级教师', null, '见习'].map(titleRank)).toEqual([1, 2, 3, 4, 5, 0, 0]);
  });

  it('shows a competent teacher ready for proficient when every criterion is met, and which one is missing otherwise', () => {
    const record = { category: 'teacher' as const, stage: 'competent' as const, since: '2020-09-01' };
    const ready = readiness(record, { title: '一级教师', hours5y: 360, awards: 1 }, '2026-09-01', DEFAULT_POLICY);
    expect({ next: ready?.next, ready: ready?.ready }).toEqual({ next: 'proficient', ready: true });
    const early = readiness(record, { title: '一级教师', hours5y: 360, awards: 1 }, '2025-08-31', DEFAULT_POLICY);
    expect(early?.criteria.filter((c) => !c.met).map((c) => [c.name, c.actual, c.required])).toEqual([['years_in_stage', 4, 5]]);
    const noTitle = readiness(record, { title: '二级教师', hours5y: 359, awards: 0 }, '2026-09-01', DEFAULT_POLICY);
    expect(noTitle?.criteria.filter((c) => !c.met).map((c) => c.name)).toEqual(['hours_5y', 'min_title_rank', 'awards']);
    expect(readiness({ ...record, stage: 'leading' }, { title: null, hours5y: 0, awards: 0 }, '2026-09-01', DEFAULT_POLICY)).toBeNull();
  });

  it('records a stage change with evidence, not in the future and not before the current stage', () => {
    const current = { category: 'teacher' as const, stage: 'new' as const, since: '2022-09-01' };
    expect(checkStageChange(current, { category: 'teacher', stage: 'competent', since: '2026-09-01' }, '县级骨干', '2026-12-01').stage).toBe('competent');
    expect(() => checkStageChange(current, { category: 'teacher', stage: 'competent', since: '2027-01-01' }, 'x', '2026-12-01')).toThrow(StageChangeInvalid);
    expect(() => checkStageChange(current, { category: 'teacher', stage: 'competent', since: '2021-01-01' }, 'x', '2026-12-01')).toThrow(/before/);
    expect(() => checkStageChange(current, { category: 'teacher', stage: 'new', since: '2026-01-01' }, 'x', '2026-12-01')).toThrow(/already/);
    expect(() => checkStageChange(current, { category: 'teacher', stage: 'competent', since: '2026-01-01' }, '  ', '2026-12-01')).toThrow(/evidence/);
  });
});
