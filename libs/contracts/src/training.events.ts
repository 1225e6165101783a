import { z } from 'zod';
import { countyCode, defineEvent, id, isoDate } from './define-event';
import { TEACHER_CATEGORIES } from './staffing.events';

/** Credit-hour categories of continuing education (集中 centralised, 校本 school-based, 网络 online, 公需 public-required). */
export const CREDIT_CATEGORIES = ['centralised', 'school_based', 'online', 'public_required'] as const;
/** Growth path stages (R12): 新任 → 胜任 → 精干 → 专家 → 引领. */
export const GROWTH_STAGES = ['new', 'competent', 'proficient', 'expert', 'leading'] as const;
/** What training checks: R6 (researchers), R7 (county and rural teachers), R8 (small-scale schools' teachers), credit hours. */
export const COMPLIANCE_RULES = ['R6.visits', 'R6.stationing', 'R7.county', 'R7.teacher', 'R8', 'hours.year', 'hours.probation'] as const;

const hours = z.number().min(-10000).max(10000);

/** Hours were posted to (or reversed from) one teacher's credit ledger; one event per teacher per import or correction. */
export const CreditPosted = defineEvent({
  name: 'training.CreditPosted',
  version: 1,
  topic: 'training.credits',
  aggregateType: 'teacher',
  schema: z.object({
    teacherId: id,
    countyCode,
    entries: z
      .array(
        z.object({
          entryId: z.string().regex(/^\d+$/),
          activityId: id,
          creditYear: z.number().int().min(1990).max(2199),
          category: z.enum(CREDIT_CATEGORIES),
          /** negative for a reversal */
          hours,
          reversesEntryId: z.string().regex(/^\d+$/).nullable(),
        }),
      )
      .min(1),
  }),
  aggregateId: (d) => d.teacherId,
});

const complianceSubject = {
  countyCode,
  rule: z.enum(COMPLIANCE_RULES),
  /** '2026-autumn' / '2026-spring' (semesters of school year 2026–27), '2026-2027' (school year), '2026' (calendar year) */
  period: z.string().regex(/^\d{4}(-(autumn|spring|\d{4}))?$/),
  subjectType: z.enum(['county', 'teacher']),
  /** the county code, or the teacher's id */
  subjectId: z.string().min(1).max(64),
  evaluatedOn: isoDate,
};
const measure = { required: z.number().min(0), actual: z.number().min(0) };

/** A rule was not met for a period (first found, or met before and not any more). */
export const ComplianceShortfall = defineEvent({
  name: 'training.ComplianceShortfall',
  version: 1,
  topic: 'training.compliance',
  aggregateType: 'compliance',
  schema: z.object({ ...complianceSubject, ...measure, message: z.string().min(1).max(500) }),
  aggregateId: (d) => d.subjectId,
});

/** A rule announced as short for a period is met after all (late attendance, a correction). */
export const ComplianceRestored = defineEvent({
  name: 'training.ComplianceRestored',
  version: 1,
  topic: 'training.compliance',
  aggregateType: 'compliance',
  schema: z.object({ ...complianceSubject, ...measure }),
  aggregateId: (d) => d.subjectId,
});

/** HR recorded a teacher's move to another stage of the growth path (R12). */
export const StageChanged = defineEvent({
  name: 'training.StageChanged',
  version: 1,
  topic: 'training.stages',
  aggregateType: 'teacher',
  schema: z.object({
    teacherId: id,
    countyCode,
    category: z.enum(TEACHER_CATEGORIES),
    fromStage: z.enum(GROWTH_STAGES).nullable(),
    toStage: z.enum(GROWTH_STAGES),
    since: isoDate,
  }),
  aggregateId: (d) => d.teacherId,
});
