import { countiesFor, JOB_SCHEDULES, runId } from './jobs';

describe('job definitions', () => {
  it('gives the same run the same id, and dry or manual runs their own', () => {
    expect(runId('term-end-review', 'taishan', '2027-07-10')).toBe('term-end-review.taishan.2027-07-10');
    expect(runId('term-end-review', 'taishan', '2027-07-10', true)).toBe('term-end-review.taishan.2027-07-10.dry');
    expect(runId('monthly-close', 'all', '2027-08-01', false, 'm1')).toBe('monthly-close.all.2027-08-01.m1');
  });
  it('fans out to one county or all seven', () => {
    expect(countiesFor('kaiping')).toEqual(['kaiping']);
    expect(countiesFor(undefined)).toHaveLength(7);
  });
  it('has one schedule per stable id', () => {
    expect(new Set(JOB_SCHEDULES.map((s) => s.id)).size).toBe(JOB_SCHEDULES.length);
  });
});
