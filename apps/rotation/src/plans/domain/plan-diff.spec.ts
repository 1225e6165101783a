import { diffPlans } from './plan-diff';

describe('diffPlans', () => {
  it('lists moves added, removed and sent elsewhere, and counts the rest', () => {
    const before = [
      { teacherId: 'a', fromSchoolId: 'V', toSchoolId: 'T' },
      { teacherId: 'b', fromSchoolId: 'T', toSchoolId: 'V' },
      { teacherId: 'c', fromSchoolId: 'T', toSchoolId: 'W' },
    ];
    const after = [
      { teacherId: 'a', fromSchoolId: 'V', toSchoolId: 'T' },
      { teacherId: 'b', fromSchoolId: 'T', toSchoolId: 'W' },
      { teacherId: 'd', fromSchoolId: 'W', toSchoolId: 'V' },
    ];
    expect(diffPlans(before, after)).toEqual({
      added: [{ teacherId: 'd', fromSchoolId: 'W', toSchoolId: 'V' }],
      removed: [{ teacherId: 'c', fromSchoolId: 'T', toSchoolId: 'W' }],
      redirected: [{ teacherId: 'b', fromSchoolId: 'T', before: 'V', after: 'W' }],
      unchanged: 1,
    });
  });
});
