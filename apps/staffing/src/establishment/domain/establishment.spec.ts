import { establishmentOn, planEstablishmentEntry, type EstablishmentEntry } from './establishment';

const entry = (id: string, type: EstablishmentEntry['type'], effectiveFrom: string, supersededBy: string | null = null): EstablishmentEntry => ({
  id,
  teacherId: 't',
  type,
  effectiveFrom,
  reason: 'test',
  supersededBy,
  recordedBy: 'hr',
  recordedAt: '2026-01-01T00:00:00Z',
});
const teacher = { firstServiceDate: '2012-09-01' };

describe('establishment history', () => {
  const history = [entry('a', 'special_post', '2012-09-01'), entry('b', 'on_establishment', '2015-09-01'), entry('c', 'contract', '2015-09-01', 'b')];

  it('gives the type in force on a date, ignoring superseded entries and dates before the first entry', () => {
    expect(establishmentOn(history, '2012-08-31')).toBeNull();
    expect(establishmentOn(history, '2012-09-01')).toBe('special_post');
    expect(establishmentOn(history, '2015-08-31')).toBe('special_post');
    expect(establishmentOn(history, '2015-09-01')).toBe('on_establishment');
    expect(establishmentOn(history, '2030-01-01')).toBe('on_establishment');
  });

  it('treats an entry from the same date as a correction of the earlier one', () => {
    expect(planEstablishmentEntry(history, { type: 'contract', effectiveFrom: '2015-09-01', reason: 'wrong type' }, teacher).supersedes?.id).toBe('b');
    expect(planEstablishmentEntry(history, { type: 'contract', effectiveFrom: '2020-01-01', reason: 'changed' }, teacher).supersedes).toBeNull();
  });

  it('refuses an entry that changes nothing or starts before the first service date', () => {
    expect(() => planEstablishmentEntry(history, { type: 'on_establishment', effectiveFrom: '2015-09-01', reason: 'x' }, teacher)).toThrow(/already recorded/);
    expect(() => planEstablishmentEntry(history, { type: 'on_establishment', effectiveFrom: '2019-03-01', reason: 'x' }, teacher)).toThrow(/already on_establishment/);
    expect(() => planEstablishmentEntry(history, { type: 'contract', effectiveFrom: '2010-01-01', reason: 'x' }, teacher)).toThrow(/first service date/);
  });
});
