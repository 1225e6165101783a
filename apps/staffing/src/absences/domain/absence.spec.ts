import { AbsencesOverlap, checkAbsence, type Absence } from './absence';

const teacher = { firstServiceDate: '2010-09-01' };
const existing: Absence = { id: 'a1', teacherId: 't', kind: 'unpaid_leave', startDate: '2026-03-01', endDate: '2026-03-10', status: 'active', reason: 'x', version: 1 };

describe('checkAbsence', () => {
  it('accepts an absence next to another and an open one after it', () => {
    expect(() => checkAbsence({ kind: 'paid_leave', startDate: '2026-03-11', endDate: '2026-03-20' }, [existing], teacher)).not.toThrow();
    expect(() => checkAbsence({ kind: 'secondment_out', startDate: '2026-04-01', endDate: null }, [existing], teacher)).not.toThrow();
  });

  it('refuses overlaps (but not with itself or a cancelled one), reversed dates and dates before first service', () => {
    expect(() => checkAbsence({ kind: 'paid_leave', startDate: '2026-03-10', endDate: '2026-03-12' }, [existing], teacher)).toThrow(AbsencesOverlap);
    expect(() => checkAbsence({ kind: 'paid_leave', startDate: '2026-01-01', endDate: null }, [existing], teacher)).toThrow(AbsencesOverlap);
    expect(() => checkAbsence({ kind: 'paid_leave', startDate: '2026-03-05', endDate: '2026-03-06' }, [existing], teacher, 'a1')).not.toThrow();
    expect(() => checkAbsence({ kind: 'paid_leave', startDate: '2026-03-05', endDate: '2026-03-06' }, [{ ...existing, status: 'cancelled' }], teacher)).not.toThrow();
    expect(() => checkAbsence({ kind: 'paid_leave', startDate: '2026-03-05', endDate: '2026-03-01' }, [], teacher)).toThrow(/cannot end before/);
    expect(() => checkAbsence({ kind: 'paid_leave', startDate: '2009-03-05', endDate: null }, [], teacher)).toThrow(/first service/);
  });
});
