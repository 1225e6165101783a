import { z } from 'zod';
import { countyCode, defineEvent, id, isoDate, workloadShare } from './define-event';

/** School types as the staffing service records them (学校类型). */
export const SCHOOL_TYPES = [
  'county_town', // 县城学校
  'township_central', // 乡镇中心校
  'village_primary', // 村小学
  'teaching_point', // 教学点
  'junior_middle', // 初级中学
  'senior_high', // 高级中学
  'kindergarten_county_town',
  'kindergarten_township',
  'kindergarten_village',
] as const;
export const APPOINTMENT_KINDS = ['regular', 'rotation', 'support', 'placement', 'walking'] as const; // 常规、轮岗、支教、跟岗、走教
export const ROLES = ['teacher', 'principal', 'vice_principal', 'secretary', 'researcher'] as const;
export const BACKBONE_LEVELS = ['none', 'school', 'county', 'city', 'province'] as const;
export const TEACHER_CATEGORIES = ['teacher', 'principal', 'researcher'] as const;

const schoolState = z.object({
  schoolId: id,
  countyCode,
  code: z.string().min(1).max(32),
  name: z.string().min(1).max(200),
  type: z.enum(SCHOOL_TYPES),
  districtCode: z.string().max(64).nullable(),
  weak: z.boolean(),
  smallScale: z.boolean(),
  rural: z.boolean(),
  remoteTier: z.number().int().min(0).max(3),
});

export const SchoolRegistered = defineEvent({
  name: 'staffing.SchoolRegistered',
  version: 1,
  topic: 'staffing.schools',
  aggregateType: 'school',
  schema: schoolState,
  aggregateId: (d) => d.schoolId,
});

export const SchoolUpdated = defineEvent({
  name: 'staffing.SchoolUpdated',
  version: 1,
  topic: 'staffing.schools',
  aggregateType: 'school',
  schema: schoolState,
  aggregateId: (d) => d.schoolId,
});

const teacherState = z.object({
  teacherId: id,
  countyCode,
  /** the county's staff number (工号): how spreadsheets name a teacher, and how officers tell two teachers of one name apart; added later in v1, so optional */
  staffNo: z.string().min(1).max(32).optional(),
  name: z.string().min(1).max(100),
  gender: z.enum(['female', 'male']),
  birthDate: isoDate,
  firstServiceDate: isoDate,
  subjects: z.array(z.string().min(1).max(32)).max(10),
  title: z.string().max(64).nullable(),
  backboneLevel: z.enum(BACKBONE_LEVELS),
  category: z.enum(TEACHER_CATEGORIES),
});

export const TeacherRegistered = defineEvent({
  name: 'staffing.TeacherRegistered',
  version: 1,
  topic: 'staffing.teachers',
  aggregateType: 'teacher',
  schema: teacherState,
  aggregateId: (d) => d.teacherId,
});

export const TeacherUpdated = defineEvent({
  name: 'staffing.TeacherUpdated',
  version: 1,
  topic: 'staffing.teachers',
  aggregateType: 'teacher',
  schema: teacherState,
  aggregateId: (d) => d.teacherId,
});

/** What every appointment event says about the appointment itself. */
const appointmentFields = {
  appointmentId: id,
  teacherId: id,
  schoolId: id,
  countyCode,
  postId: id.nullable(),
  subject: z.string().max(32).nullable(),
  kind: z.enum(APPOINTMENT_KINDS),
  role: z.enum(ROLES),
  workloadShare,
  startDate: isoDate,
  endDate: isoDate.nullable(),
};

// Appointment events are keyed by teacher, so one teacher's history arrives in order.
export const TeacherAppointed = defineEvent({
  name: 'staffing.TeacherAppointed',
  version: 1,
  topic: 'staffing.appointments',
  aggregateType: 'teacher',
  schema: z.object({ ...appointmentFields, moveId: id.nullable() }),
  aggregateId: (d) => d.teacherId,
});

export const AppointmentEnded = defineEvent({
  name: 'staffing.AppointmentEnded',
  version: 1,
  topic: 'staffing.appointments',
  aggregateType: 'teacher',
  schema: z.object({
    appointmentId: id,
    teacherId: id,
    schoolId: id,
    endDate: isoDate,
    reason: z.string().min(1).max(500),
    moveId: id.nullable(),
  }),
  aggregateId: (d) => d.teacherId,
});

/**
 * The county approved a headcount for a post (school × subject × category) for one school year
 * (县管校聘). Rotation plans within these numbers.
 */
export const PostQuotaSet = defineEvent({
  name: 'staffing.PostQuotaSet',
  version: 1,
  topic: 'staffing.posts',
  aggregateType: 'post',
  schema: z.object({
    postId: id,
    schoolId: id,
    countyCode,
    subjectCode: z.string().max(32).nullable(),
    category: z.enum(['teacher', 'leader', 'researcher']),
    schoolYear: z.number().int().min(2000).max(2100),
    approvedHeadcount: z.number().int().min(0),
  }),
  aggregateId: (d) => d.postId,
});

/** A recorded appointment was wrong: it is superseded by a new record (history is never edited). */
export const AppointmentCorrected = defineEvent({
  name: 'staffing.AppointmentCorrected',
  version: 1,
  topic: 'staffing.appointments',
  aggregateType: 'teacher',
  schema: z.object({ correctedAppointmentId: id, ...appointmentFields, reason: z.string().min(1).max(1000) }),
  aggregateId: (d) => d.teacherId,
});

/**
 * An appointment that had not yet started is withdrawn: it never takes effect (issue #13). Staffing withdraws
 * the appointment of an approved move that an amendment cancelled before the move's effective date (the
 * appointments the move had ended are restored, each with AppointmentCorrected: a new record with the end
 * it had before the move). A reader drops the appointment as if it had been superseded by nothing.
 */
export const AppointmentWithdrawn = defineEvent({
  name: 'staffing.AppointmentWithdrawn',
  version: 1,
  topic: 'staffing.appointments',
  aggregateType: 'teacher',
  schema: z.object({
    appointmentId: id,
    teacherId: id,
    schoolId: id,
    countyCode,
    /** the move whose appointment it was */
    moveId: id.nullable(),
    startDate: isoDate,
    reason: z.string().min(1).max(1000),
  }),
  aggregateId: (d) => d.teacherId,
});

export const MoveRejected = defineEvent({
  name: 'staffing.MoveRejected',
  version: 1,
  topic: 'staffing.appointments',
  aggregateType: 'teacher',
  schema: z.object({
    moveId: id,
    teacherId: id,
    code: z.string().min(1).max(64),
    reason: z.string().min(1).max(1000),
  }),
  aggregateId: (d) => d.teacherId,
});

/**
 * R10: the county designates an urban public kindergarten as a quality one (优质公办幼儿园) from a date;
 * each such kindergarten pairs with at least 3 village kindergartens (结对帮扶). Keyed by the urban
 * kindergarten, so its designations and pairings arrive in order.
 */
export const KindergartenDesignated = defineEvent({
  name: 'staffing.KindergartenDesignated',
  version: 1,
  topic: 'staffing.kindergartens',
  aggregateType: 'school',
  schema: z.object({ designationId: id, schoolId: id, countyCode, from: isoDate, until: isoDate.nullable() }),
  aggregateId: (d) => d.schoolId,
});

const pairingFields = { pairingId: id, urbanSchoolId: id, villageSchoolId: id, countyCode, from: isoDate, until: isoDate.nullable() };

export const KindergartenPairingStarted = defineEvent({
  name: 'staffing.KindergartenPairingStarted',
  version: 1,
  topic: 'staffing.kindergartens',
  aggregateType: 'school',
  schema: z.object(pairingFields),
  aggregateId: (d) => d.urbanSchoolId,
});

export const KindergartenPairingEnded = defineEvent({
  name: 'staffing.KindergartenPairingEnded',
  version: 1,
  topic: 'staffing.kindergartens',
  aggregateType: 'school',
  schema: z.object({ ...pairingFields, until: isoDate, reason: z.string().min(1).max(500) }),
  aggregateId: (d) => d.urbanSchoolId,
});

/**
 * The city administrator added a dated policy value (a new value of a rule's parameter from a date; never an
 * edit of an earlier one). Every service keeps a copy and evaluates rules with the values in force on the
 * rule's date. `key` is one of @app/policy POLICY_KEYS; a consumer that does not know it yet keeps it anyway.
 */
export const PolicyValueSet = defineEvent({
  name: 'staffing.PolicyValueSet',
  version: 1,
  topic: 'staffing.policy',
  aggregateType: 'policy_value',
  schema: z.object({
    valueId: id,
    key: z.string().regex(/^[A-Za-z0-9_.]+$/).max(100),
    value: z.number().finite(),
    effectiveFrom: isoDate,
    source: z.string().min(1).max(1000),
    setBy: z.string().min(1).max(200),
    setAt: z.iso.datetime({ offset: true }),
  }),
  aggregateId: (d) => d.key,
});

export const ESTABLISHMENT_TYPES = ['on_establishment', 'special_post', 'contract', 'substitute'] as const;

export const EstablishmentTypeRecorded = defineEvent({
  name: 'staffing.EstablishmentTypeRecorded',
  version: 1,
  topic: 'staffing.teachers',
  aggregateType: 'teacher',
  schema: z.object({
    entryId: id,
    teacherId: id,
    countyCode,
    type: z.enum(ESTABLISHMENT_TYPES),
    effectiveFrom: isoDate,
    supersedesEntryId: id.nullable(),
    reason: z.string().min(1).max(500),
  }),
  aggregateId: (d) => d.teacherId,
});

export const ABSENCE_KINDS = ['paid_leave', 'unpaid_leave', 'secondment_out', 'suspension', 'study_leave'] as const;

const absenceState = z
  .object({
    absenceId: id,
    teacherId: id,
    countyCode,
    kind: z.enum(ABSENCE_KINDS),
    startDate: isoDate,
    /** inclusive; null = open-ended */
    endDate: isoDate.nullable(),
    /** cancelled: recorded in error, it never happened */
    status: z.enum(['active', 'cancelled']),
    reason: z.string().min(1).max(500),
  })
  .refine((a) => a.endDate === null || a.endDate >= a.startDate, { message: 'endDate must not be before startDate', path: ['endDate'] });

export const AbsenceRecorded = defineEvent({
  name: 'staffing.AbsenceRecorded',
  version: 1,
  topic: 'staffing.absences',
  aggregateType: 'teacher',
  schema: absenceState,
  aggregateId: (d) => d.teacherId,
});

export const AbsenceUpdated = defineEvent({
  name: 'staffing.AbsenceUpdated',
  version: 1,
  topic: 'staffing.absences',
  aggregateType: 'teacher',
  schema: absenceState,
  aggregateId: (d) => d.teacherId,
});

export const LANGUAGES = ['zh-CN', 'en'] as const;

/**
 * How to reach a teacher and in which language (issue #13). Personal data: on its own compacted topic,
 * `staffing.contacts`, so only the services that must reach people (notices) read it, and a changed or
 * erased contact leaves no old copy behind once the topic is compacted. Never logged.
 */
export const TeacherContactChanged = defineEvent({
  name: 'staffing.TeacherContactChanged',
  version: 1,
  topic: 'staffing.contacts',
  aggregateType: 'teacher',
  schema: z.object({
    teacherId: id,
    countyCode,
    email: z.email().max(254).nullable(),
    /** mainland mobile number, digits only (e.g. 13800138000) */
    phone: z.string().regex(/^1\d{10}$/).nullable(),
    language: z.enum(LANGUAGES),
  }),
  aggregateId: (d) => d.teacherId,
});
