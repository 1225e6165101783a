import { z } from 'zod';
import { countyCode, SCHOOL_TYPES } from '@app/contracts';
import { dateField, pageQuery, versionField } from '@app/runtime';

export const registerSchoolBody = z.strictObject({
  countyCode,
  code: z.string().trim().min(1).max(32),
  name: z.string().trim().min(1).max(200),
  type: z.enum(SCHOOL_TYPES),
  districtCode: z.string().trim().min(1).max(64).nullable().default(null),
  weak: z.boolean().default(false),
  smallScale: z.boolean().default(false),
  rural: z.boolean().default(false),
  remoteTier: z.number().int().min(0).max(3).default(0),
});

export const listSchoolsQuery = z.strictObject({
  countyCode: countyCode.optional(),
  type: z.enum(SCHOOL_TYPES).optional(),
  ...pageQuery,
});

export const asOfQuery = z.strictObject({ asOf: dateField.optional() });

export const vacanciesQuery = z.strictObject({
  countyCode: countyCode.optional(),
  subject: z.string().regex(/^[a-z_]+$/).max(32).optional(),
  category: z.enum(['teacher', 'leader', 'researcher']).optional(),
  asOf: dateField.optional(),
  ...pageQuery,
});

export const updateSchoolBody = z
  .strictObject({
    version: versionField,
    name: z.string().trim().min(1).max(200).optional(),
    type: z.enum(SCHOOL_TYPES).optional(),
    districtCode: z.string().trim().min(1).max(64).nullable().optional(),
    weak: z.boolean().optional(),
    smallScale: z.boolean().optional(),
    rural: z.boolean().optional(),
    remoteTier: z.number().int().min(0).max(3).optional(),
  })
  .refine((b) => Object.keys(b).length > 1, { message: 'nothing to change' });
