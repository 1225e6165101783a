import { categoryForRole, checkHire, NoQuota, placeCheckDate, QuotaExceeded, vacancyOf, type Post } from './post';

const post: Post = { id: 'p1', schoolId: 's1', subjectCode: 'mathematics', category: 'teacher', version: 3 };

describe('checkHire', () => {
  it('lets a school hire below its approved headcount', () => {
    expect(() => checkHire(post, '台城第一小学', 2026, 5, 4)).not.toThrow();
  });

  it('refuses a hire into a full post naming the post, quota and current count', () => {
    expect(() => checkHire(post, '台城第一小学', 2026, 5, 5)).toThrow(QuotaExceeded);
    expect(() => checkHire(post, '台城第一小学', 2026, 5, 5)).toThrow('post teacher/mathematics at 台城第一小学 is full for school year 2026-27: quota 5, 5 filled');
  });

  it('refuses a hire where the county approved no quota for that year', () => {
    expect(() => checkHire(post, '台城第一小学', 2027, null, 0)).toThrow(NoQuota);
  });
});

describe('posts', () => {
  it('maps roles to post categories', () => {
    expect(categoryForRole('teacher')).toBe('teacher');
    expect(categoryForRole('principal')).toBe('leader');
    expect(categoryForRole('secretary')).toBe('leader');
    expect(categoryForRole('researcher')).toBe('researcher');
  });
  it('never reports negative vacancies', () => {
    expect(vacancyOf(post, 3, 5).vacancies).toBe(0);
    expect(vacancyOf(post, 5, 3).vacancies).toBe(2);
  });
});

describe('placeCheckDate', () => {
  it('checks a future start on its date, a past start today, and a finished appointment not at all', () => {
    expect(placeCheckDate('2027-09-01', null, '2026-11-29')).toBe('2027-09-01');
    expect(placeCheckDate('1998-09-01', null, '2026-11-29')).toBe('2026-11-29');
    expect(placeCheckDate('2019-09-01', '2026-11-29', '2026-11-29')).toBe('2026-11-29');
    expect(placeCheckDate('2019-09-01', '2022-08-31', '2026-11-29')).toBeNull();
  });
});
