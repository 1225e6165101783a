import { z } from 'zod';
import { countyCode, defineEvent, id, isoDate } from './define-event';

export const OBLIGATION_RULES = ['R2', 'R3'] as const; // R2 leader tenure, R3 village teacher placement
export const OBLIGATION_SEVERITIES = ['warning', 'due', 'overdue'] as const;

const obligationKey = {
  obligationId: id,
  rule: z.enum(OBLIGATION_RULES),
  teacherId: id,
  countyCode,
};

/** A teacher must move (R2) or be placed (R3); raised again only when its severity changes. */
export const ObligationRaised = defineEvent({
  name: 'scheduler.ObligationRaised',
  version: 1,
  topic: 'scheduler.obligations',
  aggregateType: 'teacher',
  schema: z.object({
    ...obligationKey,
    severity: z.enum(OBLIGATION_SEVERITIES),
    dueBy: isoDate,
    asOf: isoDate,
    /** what triggered it: school, post, years in post, window end… */
    facts: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  }),
  aggregateId: (d) => d.teacherId,
});

/** The obligation no longer applies: the teacher moved, was placed, became exempt or left. */
export const ObligationResolved = defineEvent({
  name: 'scheduler.ObligationResolved',
  version: 1,
  topic: 'scheduler.obligations',
  aggregateType: 'teacher',
  schema: z.object({ ...obligationKey, asOf: isoDate, reason: z.string().min(1).max(500) }),
  aggregateId: (d) => d.teacherId,
});

export const TermClosed = defineEvent({
  name: 'scheduler.TermClosed',
  version: 1,
  topic: 'scheduler.calendar',
  aggregateType: 'county',
  schema: z.object({ countyCode, schoolYear: z.number().int(), term: z.enum(['autumn', 'spring']), endedOn: isoDate }),
  aggregateId: (d) => d.countyCode,
});

export const MonthClosed = defineEvent({
  name: 'scheduler.MonthClosed',
  version: 1,
  topic: 'scheduler.calendar',
  aggregateType: 'county',
  schema: z.object({ countyCode, month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/), firstDay: isoDate, lastDay: isoDate }),
  aggregateId: (d) => d.countyCode,
});

/** R1: a county exchanged fewer than the required share of its teachers in a school year. */
export const QuotaShortfall = defineEvent({
  name: 'scheduler.QuotaShortfall',
  version: 1,
  topic: 'scheduler.quotas',
  aggregateType: 'county',
  schema: z.object({
    countyCode,
    schoolYear: z.number().int(),
    asOf: isoDate,
    moved: z.number().int().min(0),
    teachers: z.number().int().min(0),
    ratio: z.number().min(0),
    requiredRatio: z.number().min(0).max(1),
    required: z.number().int().min(0),
    shortfall: z.number().int().min(1),
    /** the national base inspectors also check: 10% of teachers eligible by tenure */
    eligibleByTenure: z.number().int().min(0),
    nationalBaseRequired: z.number().int().min(0),
  }),
  aggregateId: (d) => d.countyCode,
});

/** HR recorded an exemption from rotation (health, maternity…) with its reason and dates (inclusive). */
export const ExemptionRecorded = defineEvent({
  name: 'scheduler.ExemptionRecorded',
  version: 1,
  topic: 'scheduler.obligations',
  aggregateType: 'teacher',
  schema: z.object({ exemptionId: id, teacherId: id, countyCode, reason: z.string().min(1).max(500), from: isoDate, until: isoDate }),
  aggregateId: (d) => d.teacherId,
});
