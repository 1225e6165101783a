import { z } from 'zod';
import { countyCode, id } from '@app/contracts';

/**
 * Who may do what: the city administrator everything in every county; a county HR officer their own
 * county; a school administrator their own school (read, confirm arrivals); a teacher their own
 * records; the scheduler is the operators' service account (term-end and monthly jobs, city-wide reads).
 */
export const ROLES = ['city_admin', 'county_hr', 'school_admin', 'teacher', 'scheduler'] as const;
export type Role = (typeof ROLES)[number];

/** The authenticated caller of one request, taken from a verified token's claims. */
export interface Principal {
  /** the token's `sub` */
  subject: string;
  role: Role;
  /** `county`: county_hr, school_admin and teacher */
  countyCode?: string;
  /** `school`: school_admin */
  schoolId?: string;
  /** `teacher`: teacher */
  teacherId?: string;
}

/** Claims a token carries beyond the registered ones; which are required depends on the role. */
export const tokenClaims = z
  .object({
    sub: z.string().min(1),
    role: z.enum(ROLES),
    county: countyCode.optional(),
    school: id.optional(),
    teacher: id.optional(),
  })
  .superRefine((c, ctx) => {
    const need = (claim: 'county' | 'school' | 'teacher') => {
      if (c[claim] === undefined) ctx.addIssue({ code: 'custom', path: [claim], message: `is required for role ${c.role}` });
    };
    if (c.role === 'county_hr' || c.role === 'school_admin' || c.role === 'teacher') need('county');
    if (c.role === 'school_admin') need('school');
    if (c.role === 'teacher') need('teacher');
  });
export type TokenClaims = z.infer<typeof tokenClaims>;

/** Maps verified claims to a principal; the message names the first bad claim ("county is required for role county_hr"). */
export function principalFromClaims(claims: unknown): { principal: Principal } | { error: string } {
  const result = tokenClaims.safeParse(claims);
  if (!result.success) {
    const issue = result.error.issues[0];
    return { error: `${issue.path.join('.') || 'claims'} ${issue.message}` };
  }
  const c = result.data;
  const principal: Principal = { subject: c.sub, role: c.role };
  // Only the claims that scope the role: a city_admin token carrying a county is still city-wide.
  if (c.role === 'county_hr' || c.role === 'school_admin' || c.role === 'teacher') principal.countyCode = c.county;
  if (c.role === 'school_admin') principal.schoolId = c.school;
  if (c.role === 'teacher') principal.teacherId = c.teacher;
  return { principal };
}
