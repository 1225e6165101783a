import { z } from 'zod';
import { countyCode, defineEvent, id, isoDate, workloadShare } from './define-event';
import { APPOINTMENT_KINDS, ROLES } from './staffing.events';

/** An approved move of one teacher; staffing turns it into appointments on the effective date. */
export const MoveApproved = defineEvent({
  name: 'rotation.MoveApproved',
  version: 1,
  topic: 'rotation.moves',
  aggregateType: 'teacher',
  schema: z
    .object({
      moveId: id,
      teacherId: id,
      fromSchoolId: id.nullable(),
      toSchoolId: id,
      kind: z.enum(APPOINTMENT_KINDS),
      role: z.enum(ROLES),
      workloadShare,
      effectiveDate: isoDate,
      endDate: isoDate.nullable(),
    })
    .refine((m) => m.endDate === null || m.endDate > m.effectiveDate, { message: 'endDate must be after effectiveDate', path: ['endDate'] }),
  aggregateId: (d) => d.teacherId,
});

/**
 * v2 (issue #9): the plan is the unit. Every move of an approved plan, keyed by the plan id on
 * `rotation.plans` so a plan's moves stay in order on one partition, each carrying the plan id and how many
 * moves the plan has: staffing gathers them and applies the plan whole, on the state after all its moves.
 * A move says exactly what happens to the teacher's appointments — which of them end the day before the
 * effective date (`endsAppointmentIds`) — and the post and share of the new one.
 */
export const MoveApprovedV2 = defineEvent({
  name: 'rotation.MoveApproved',
  version: 2,
  topic: 'rotation.plans',
  aggregateType: 'plan',
  schema: z
    .object({
      planId: id,
      cycleId: id,
      countyCode: z.string().regex(/^[a-z]+$/),
      /** moves in the plan: staffing applies the plan once it holds this many */
      planMoves: z.number().int().min(1).max(100000),
      moveId: id,
      teacherId: id,
      fromSchoolId: id.nullable(),
      toSchoolId: id,
      /** the post the new appointment names (null: the receiving school's post for the role and subject) */
      toPostId: id.nullable(),
      subject: z.string().max(32).nullable(),
      kind: z.enum(APPOINTMENT_KINDS),
      role: z.enum(ROLES),
      workloadShare,
      effectiveDate: isoDate,
      endDate: isoDate.nullable(),
      /** the teacher's appointments the move ends on the day before effectiveDate; the others are kept */
      endsAppointmentIds: z.array(id).max(50),
    })
    .refine((m) => m.endDate === null || m.endDate > m.effectiveDate, { message: 'endDate must be after effectiveDate', path: ['endDate'] }),
  aggregateId: (d) => d.planId,
});

// ---------------------------------------------------------------------------------------------------------
// Issue #13: what people must be told about a cycle, and appeals of approved moves. Cycle facts are keyed by
// the cycle id on `rotation.cycles`, so a cycle's opening, submissions and approval arrive in order.

/** The county opened a cycle for preferences (交流轮岗志愿填报): teachers may rank schools until the deadline. */
export const CycleOpened = defineEvent({
  name: 'rotation.CycleOpened',
  version: 1,
  topic: 'rotation.cycles',
  aggregateType: 'cycle',
  schema: z.object({
    cycleId: id,
    countyCode,
    schoolYear: z.number().int().min(2000).max(2100),
    /** the last day preferences are taken; the deadline ends at 23:59 Asia/Shanghai of this day */
    preferenceDeadline: isoDate,
    effectiveDate: isoDate,
  }),
  aggregateId: (d) => d.cycleId,
});

/** A teacher saved their ranked preferences (again); reminders go only to those who have not. */
export const PreferencesSubmitted = defineEvent({
  name: 'rotation.PreferencesSubmitted',
  version: 1,
  topic: 'rotation.cycles',
  aggregateType: 'cycle',
  schema: z.object({
    cycleId: id,
    countyCode,
    teacherId: id,
    /** schools ranked (0: the teacher withdrew every preference) */
    schools: z.number().int().min(0).max(10),
    submittedAt: z.iso.datetime({ offset: true }),
  }),
  aggregateId: (d) => d.cycleId,
});

/** HR approved a cycle's plan; its moves follow on `rotation.plans` (MoveApproved.v2). */
export const PlanApproved = defineEvent({
  name: 'rotation.PlanApproved',
  version: 1,
  topic: 'rotation.cycles',
  aggregateType: 'cycle',
  schema: z.object({
    cycleId: id,
    planId: id,
    countyCode,
    schoolYear: z.number().int().min(2000).max(2100),
    effectiveDate: isoDate,
    moves: z.number().int().min(0).max(100000),
    approvedBy: z.string().min(1).max(200),
  }),
  aggregateId: (d) => d.cycleId,
});

export const APPEAL_DECISIONS = ['upheld', 'amended'] as const; // 维持原决定 / 变更

/** A teacher appealed an approved move (申诉), within the appeal period. */
export const AppealFiled = defineEvent({
  name: 'rotation.AppealFiled',
  version: 1,
  topic: 'rotation.appeals',
  aggregateType: 'appeal',
  schema: z.object({
    appealId: id,
    cycleId: id,
    planId: id,
    moveId: id,
    teacherId: id,
    countyCode,
    filedAt: z.iso.datetime({ offset: true }),
    /** HR decides by 23:59 Asia/Shanghai of this working day */
    decideBy: isoDate,
  }),
  aggregateId: (d) => d.appealId,
});

/** HR decided an appeal: the move stands, or an amendment (PlanAmended) changes it. */
export const AppealDecided = defineEvent({
  name: 'rotation.AppealDecided',
  version: 1,
  topic: 'rotation.appeals',
  aggregateType: 'appeal',
  schema: z.object({
    appealId: id,
    cycleId: id,
    moveId: id,
    teacherId: id,
    countyCode,
    decision: z.enum(APPEAL_DECISIONS),
    /** the amendment approved with an 'amended' decision */
    amendmentId: id.nullable(),
    reason: z.string().min(1).max(2000),
    decidedAt: z.iso.datetime({ offset: true }),
  }),
  aggregateId: (d) => d.appealId,
});

/** A move of an amendment: the same fields as a plan's move (MoveApproved.v2), without the plan count. */
const amendedMove = z.object({
  moveId: id,
  teacherId: id,
  fromSchoolId: id.nullable(),
  toSchoolId: id,
  toPostId: id.nullable(),
  subject: z.string().max(32).nullable(),
  kind: z.enum(APPOINTMENT_KINDS),
  role: z.enum(ROLES),
  workloadShare,
  effectiveDate: isoDate,
  endDate: isoDate.nullable(),
  endsAppointmentIds: z.array(id).max(50),
});

/**
 * An approved plan amended after an appeal (or by HR): the moves it cancels and the moves it adds, applied by
 * staffing as one change on the state after it. Keyed by the amended plan's id on `rotation.plans`, so it
 * arrives after every move of that plan. Staffing's rule for a cancelled move it has already applied: undone
 * (the new appointment withdrawn, the ended ones restored) while its effective date is still ahead; refused
 * with a MoveRejected once the move has taken effect. A new move's `endsAppointmentIds` name the teacher's
 * appointments as they stood before the plan: where staffing restored one by undoing a cancelled move of the
 * same amendment, it ends the restored record.
 */
export const PlanAmended = defineEvent({
  name: 'rotation.PlanAmended',
  version: 1,
  topic: 'rotation.plans',
  aggregateType: 'plan',
  schema: z.object({
    planId: id,
    amendmentId: id,
    cycleId: id,
    countyCode,
    appealId: id.nullable(),
    cancelledMoveIds: z.array(id).max(1000),
    moves: z.array(amendedMove).max(1000),
  }),
  aggregateId: (d) => d.planId,
});
