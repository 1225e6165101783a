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
