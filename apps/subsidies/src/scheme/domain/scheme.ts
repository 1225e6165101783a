import { z } from 'zod';
import { ABSENCE_KINDS, ESTABLISHMENT_TYPES, SCHOOL_TYPES } from '@app/contracts';
import { DomainError } from '@app/errors';
import type { IsoDate } from '../../ledger/domain/calendar';

export type SchoolType = (typeof SCHOOL_TYPES)[number];
export type EstablishmentType = (typeof ESTABLISHMENT_TYPES)[number];
export type AbsenceKind = (typeof ABSENCE_KINDS)[number];
export const TIERS = ['1', '2', '3'] as const;

/**
 * A county's living-subsidy scheme (R9), as data: which schools are eligible, the monthly amount in fen for
 * each remote tier × band of years of service at rural schools, which establishment types are paid, which
 * absences stop the subsidy and after how many days paid leave stops counting, and how part-time shares
 * are paid. A change is a new version from a date, never an edit.
 */
export const schemeRulesSchema = z
  .strictObject({
    /** remote tiers (边远等级 1–3, as staffing records them) whose schools are eligible */
    eligibleTiers: z.array(z.number().int().min(1).max(3)).min(1).max(3),
    eligibleSchoolTypes: z.array(z.enum(SCHOOL_TYPES)).min(1).max(SCHOOL_TYPES.length),
    /** only schools staffing marks rural (乡村学校) */
    requireRural: z.boolean(),
    /** lower bounds, in whole years of service at rural schools, of the bands; the first is 0 */
    bandYears: z.array(z.number().int().min(0).max(60)).min(1).max(10),
    /** per eligible tier, the monthly amount in fen of each band (same order as bandYears) */
    amountsFen: z.partialRecord(z.enum(TIERS), z.array(z.number().int().min(0).max(10_000_000)).min(1).max(10)),
    paidEstablishmentTypes: z.array(z.enum(ESTABLISHMENT_TYPES)).max(ESTABLISHMENT_TYPES.length),
    /** absences during which no subsidy accrues, from their first day */
    stoppingAbsences: z.array(z.enum(ABSENCE_KINDS)).max(ABSENCE_KINDS.length),
    /** paid leave still counts for this many days of each leave; from the next day it stops */
    paidLeaveDays: z.number().int().min(0).max(3660),
    /** pro rata: rate × share at each eligible school; threshold: the same, but nothing where the share is below minShare */
    partTime: z.discriminatedUnion('mode', [
      z.strictObject({ mode: z.literal('pro_rata') }),
      z.strictObject({ mode: z.literal('threshold'), minShare: z.number().gt(0).lte(1) }),
    ]),
    /** days of rural service that make one year of service (the band's unit) */
    serviceYearDays: z.number().int().min(360).max(366),
  })
  .superRefine((r, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    if (new Set(r.eligibleTiers).size !== r.eligibleTiers.length) issue(['eligibleTiers'], 'lists a tier twice');
    if (r.bandYears[0] !== 0) issue(['bandYears', 0], 'the first band starts at 0 years');
    for (let i = 1; i < r.bandYears.length; i++) if (r.bandYears[i] <= r.bandYears[i - 1]) issue(['bandYears', i], 'bands must start at increasing years');
    for (const tier of r.eligibleTiers) {
      const amounts = r.amountsFen[String(tier) as (typeof TIERS)[number]];
      if (!amounts) issue(['amountsFen', String(tier)], `eligible tier ${tier} needs its amounts`);
      else if (amounts.length !== r.bandYears.length) issue(['amountsFen', String(tier)], `needs one amount per band (${r.bandYears.length})`);
    }
    for (const tier of Object.keys(r.amountsFen)) if (!r.eligibleTiers.includes(Number(tier))) issue(['amountsFen', tier], `tier ${tier} is not eligible`);
  });
export type SchemeRules = z.infer<typeof schemeRulesSchema>;

export interface SchemeVersion {
  countyCode: string;
  version: number;
  effectiveFrom: IsoDate;
  source: string;
  rules: SchemeRules;
  createdBy: string;
  createdAt: string;
}

export class SchemeInvalid extends DomainError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('SUBSIDIES.SCHEME_INVALID', 'invalid', message, details);
  }
}

export class SchemeVersionStale extends DomainError {
  constructor(countyCode: string, basedOn: number, latest: number) {
    super(
      'SUBSIDIES.SCHEME_VERSION_STALE',
      'conflict',
      `the scheme of ${countyCode} is at version ${latest}, not ${basedOn}: someone changed it since you read it; reload it and try again`,
      { countyCode, basedOnVersion: basedOn, latestVersion: latest },
    );
  }
}

/** Versions in force order: by effective date, and for the same date the later version wins. */
export function sortVersions<T extends Pick<SchemeVersion, 'effectiveFrom' | 'version'>>(versions: readonly T[]): T[] {
  return [...versions].sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : a.effectiveFrom > b.effectiveFrom ? 1 : a.version - b.version));
}

/** The version in force on a date (the latest effective date not after it), or null before the first. */
export function schemeOn<T extends Pick<SchemeVersion, 'effectiveFrom' | 'version'>>(sorted: readonly T[], date: IsoDate): T | null {
  let found: T | null = null;
  for (const v of sorted) if (v.effectiveFrom <= date) found = v;
  return found;
}

/** The band index for completed years of rural service. */
export function bandIndex(rules: Pick<SchemeRules, 'bandYears'>, years: number): number {
  let i = 0;
  while (i + 1 < rules.bandYears.length && rules.bandYears[i + 1] <= years) i++;
  return i;
}

/** How a band reads: '0-5' (under 5 years), '10+' (10 years or more). */
export function bandCode(rules: Pick<SchemeRules, 'bandYears'>, index: number): string {
  const from = rules.bandYears[index];
  const next = rules.bandYears[index + 1];
  return next === undefined ? `${from}+` : `${from}-${next}`;
}

export function bandWords(code: string): { zh: string; en: string } {
  const [from, to] = code.replace('+', '').split('-');
  if (code.endsWith('+')) return { zh: `乡村任教满${from}年`, en: `${from} or more years at rural schools` };
  return from === '0' ? { zh: `乡村任教不满${to}年`, en: `under ${to} years at rural schools` } : { zh: `乡村任教满${from}年不满${to}年`, en: `${from}–${to} years at rural schools` };
}

/**
 * The example scheme every county starts with, until the bureau publishes Jiangmen's own table: three remote
 * tiers × three bands of rural service, in the range of published Guangdong county tables (e.g. 420 / 700 /
 * 1,120 yuan by distance × years, or 200 / 400 / 600 by distance band), set so that the average is near the
 * province's 1,000-yuan floor. Every number here is an assumption to be confirmed by the bureau.
 */
export const EXAMPLE_SCHEME_SOURCE =
  '示例方案，待市教育局确认 (example scheme, to be confirmed by the bureau): 广东省山区和农村边远地区学校教师生活补助 — 越边远、越艰苦、从教时间越长补助越高; amounts, bands and rules are assumptions';
export const EXAMPLE_SCHEME_FROM = '2018-01-01';
export const EXAMPLE_SCHEME_RULES: SchemeRules = {
  eligibleTiers: [1, 2, 3],
  eligibleSchoolTypes: ['township_central', 'village_primary', 'teaching_point', 'junior_middle', 'senior_high', 'kindergarten_township', 'kindergarten_village'],
  requireRural: true,
  bandYears: [0, 5, 10],
  amountsFen: { '1': [70000, 90000, 110000], '2': [90000, 110000, 130000], '3': [110000, 130000, 150000] },
  paidEstablishmentTypes: ['on_establishment', 'special_post'],
  stoppingAbsences: ['unpaid_leave', 'secondment_out', 'suspension', 'study_leave'],
  paidLeaveDays: 30,
  partTime: { mode: 'pro_rata' },
  serviceYearDays: 365,
};

/** Checks a proposed rules object, turning its problems into one domain error with every issue listed. */
export function checkSchemeRules(rules: unknown): SchemeRules {
  const r = schemeRulesSchema.safeParse(rules);
  if (r.success) return r.data;
  const issues = r.error.issues.map((i) => `${i.path.join('.') || 'rules'}: ${i.message}`);
  throw new SchemeInvalid(`the scheme is not valid: ${issues.join('; ')}`, { issues });
}
