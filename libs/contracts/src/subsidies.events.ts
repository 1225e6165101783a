import { z } from 'zod';
import { countyCode, defineEvent, id, isoDate } from './define-event';

/** A calendar month 'YYYY-MM'. */
export const monthField = z.string().regex(/^(19|20|21)\d{2}-(0[1-9]|1[0-2])$/, 'must be a month like 2026-11');
/** An amount of money in integer fen (1 yuan = 100 fen); adjustments may be negative. */
const fen = z.number().int().min(-1_000_000_000_000).max(1_000_000_000_000);

/** A county's living subsidies for one month were accrued (R9): the summary of the ledger lines written. */
export const MonthAccrued = defineEvent({
  name: 'subsidies.MonthAccrued',
  version: 1,
  topic: 'subsidies.ledger',
  aggregateType: 'county',
  schema: z.object({
    countyCode,
    month: monthField,
    /** teachers with a line at an eligible school, and those of them with an amount above zero */
    teachers: z.number().int().min(0),
    paidTeachers: z.number().int().min(0),
    lines: z.number().int().min(0),
    totalFen: fen,
    schemeVersions: z.array(z.number().int().min(1)),
  }),
  aggregateId: (d) => d.countyCode,
});

/** A late fact changed an accrued month: the difference was posted as a new line (no line is ever edited). */
export const AdjustmentPosted = defineEvent({
  name: 'subsidies.AdjustmentPosted',
  version: 1,
  topic: 'subsidies.ledger',
  aggregateType: 'teacher',
  schema: z.object({
    lineId: id,
    teacherId: id,
    countyCode,
    month: monthField,
    schoolId: id,
    beforeFen: fen,
    afterFen: fen,
    amountFen: fen,
    /** what made the month change, e.g. staffing.AppointmentCorrected.v1 */
    cause: z.string().min(1).max(200),
  }),
  aggregateId: (d) => d.teacherId,
});

const batchFields = {
  batchId: id,
  countyCode,
  period: monthField,
  lines: z.number().int().min(0),
  teachers: z.number().int().min(0),
  totalFen: fen,
  /** the province's share of the county's cost (省级分担), by the policy value in force */
  provinceShareFen: fen,
};

/** A payment batch passed its second officer's review (four eyes) and may be exported for payroll. */
export const BatchApproved = defineEvent({
  name: 'subsidies.BatchApproved',
  version: 1,
  topic: 'subsidies.batches',
  aggregateType: 'batch',
  schema: z.object({ ...batchFields, draftedBy: z.string().min(1).max(200), approvedBy: z.string().min(1).max(200) }),
  aggregateId: (d) => d.batchId,
});

/** Payroll paid the batch; it is locked and never changes again. */
export const BatchPaid = defineEvent({
  name: 'subsidies.BatchPaid',
  version: 1,
  topic: 'subsidies.batches',
  aggregateType: 'batch',
  schema: z.object({ ...batchFields, payrollReference: z.string().min(1).max(100), paidOn: isoDate }),
  aggregateId: (d) => d.batchId,
});
