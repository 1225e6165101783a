import { z } from 'zod';
import { BACKBONE_LEVELS, countyCode, TEACHER_CATEGORIES } from '@app/contracts';
import { dateField, pageQuery, versionField } from '@app/runtime';

const subject = z.string().regex(/^[a-z_]+$/).max(32);

export const teacherFields = {
  staffNo: z.string().trim().min(1).max(32),
  name: z.string().trim().min(1).max(100),
  gender: z.enum(['female', 'male']),
  birthDate: dateField,
  firstServiceDate: dateField,
  subjects: z.array(subject).max(10),
  title: z.string().trim().min(1).max(64).nullable(),
  backboneLevel: z.enum(BACKBONE_LEVELS),
  category: z.enum(TEACHER_CATEGORIES),
};

export const registerTeacherBody = z.strictObject({
  countyCode,
  ...teacherFields,
  title: teacherFields.title.default(null),
  backboneLevel: teacherFields.backboneLevel.default('none'),
  category: teacherFields.category.default('teacher'),
});

export const updateTeacherBody = z
  .strictObject({ version: versionField, ...Object.fromEntries(Object.entries(teacherFields).map(([k, v]) => [k, v.optional()])) })
  .refine((b) => Object.keys(b).length > 1, { message: 'nothing to change' }) as z.ZodType<{ version: number } & Partial<{ [K in keyof typeof teacherFields]: z.infer<(typeof teacherFields)[K]> }>>;

export const listTeachersQuery = z.strictObject({
  countyCode: countyCode.optional(),
  schoolId: z.uuid().optional(),
  subject: subject.optional(),
  category: z.enum(TEACHER_CATEGORIES).optional(),
  inPool: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  q: z.string().trim().min(1).max(50).optional(),
  asOf: dateField.optional(),
  ...pageQuery,
});
