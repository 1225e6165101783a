import { policyValue, type PolicyValue } from '@app/policy';
import { isTargeted, type ActivityKind, type TargetGroup, type TeacherPlace } from '../../activities/domain/activity';
import type { AttendanceStatus } from '../../attendance/domain/attendance';
import { calendarYearPeriod, schoolYearPeriod, semester, within, type IsoDate, type Term } from '../../calendar/domain/periods';
import { annualRequirement, probationYear } from '../../credits/domain/ledger';
import type { Outcome } from './outcome';
import { hoursResult, r6Stationing, r6Visits, r7County, r7Teacher, r8Teacher, type RuleResult } from './rules';

/** A teacher as the evaluation sees them: where they work on the evaluation date, and what they are. */
export interface TeacherFacts extends TeacherPlace {
  teacherId: string;
  countyCode: string;
  category: 'teacher' | 'principal' | 'researcher';
  firstServiceDate: IsoDate;
  /** start as researcher (first researcher appointment or growth-path record); null for others */
  researcherSince: IsoDate | null;
}

export interface ActivityFacts {
  id: string;
  kind: ActivityKind;
  organiser: string;
  startDate: IsoDate;
  endDate: IsoDate;
  target: TargetGroup;
  researcherId: string | null;
  schoolId: string | null;
  /** visits and stationing count once the school confirmed them */
  confirmed: boolean;
}

/** Status per teacher per activity (absent when the teacher has no row: not there). */
export type AttendanceIndex = ReadonlyMap<string, ReadonlyMap<string, AttendanceStatus>>;

const place = (t: TeacherFacts) => ({ schoolId: t.schoolId, districtCode: t.districtCode });

function outcome(rule: Outcome['rule'], period: string, countyCode: string, subject: TeacherFacts | null, r: RuleResult, message: string): Outcome {
  return {
    rule,
    period,
    countyCode,
    subjectType: subject ? 'teacher' : 'county',
    subjectId: subject ? subject.teacherId : countyCode,
    ...(subject ? place(subject) : { schoolId: null, districtCode: null }),
    status: r.status,
    required: r.required,
    actual: r.actual,
    facts: r.facts,
    message,
  };
}

function statusesFor(t: TeacherFacts, activities: readonly ActivityFacts[], attendance: AttendanceIndex): (AttendanceStatus | null)[] {
  const mine = attendance.get(t.teacherId);
  return activities.filter((a) => isTargeted(a.target, t)).map((a) => mine?.get(a.id) ?? null);
}

/** R7 for a semester: the county (activities organised) and each rural teacher (trainings attended). */
export function evaluateSemester(
  input: { countyCode: string; schoolYear: number; term: Term; activities: readonly ActivityFacts[]; teachers: readonly TeacherFacts[]; attendance: AttendanceIndex },
  values: readonly PolicyValue[],
): Outcome[] {
  const period = semester(input.schoolYear, input.term);
  const inPeriod = input.activities.filter((a) => within(a.startDate, period));
  const trainings = inPeriod.filter((a) => a.kind === 'county_special_training' && a.organiser === 'county');
  const openClasses = inPeriod.filter((a) => a.kind === 'open_class').length;
  const county = r7County(trainings.length, openClasses, period.to, values);
  const out: Outcome[] = [
    outcome('R7.county', period.key, input.countyCode, null, county, county.status === 'met'
      ? `R7 met: ${trainings.length} special trainings and ${openClasses} open classes in ${period.key} (专项培训与公开课达标)`
      : `R7 short in ${period.key}: ${trainings.length} of ${county.required} special trainings, ${openClasses} of ${county.facts.requiredOpenClasses} open classes organised (县教研室组织的专项培训或公开课不足)`),
  ];
  for (const t of input.teachers) {
    if (!t.rural) continue;
    const r = r7Teacher(statusesFor(t, trainings, input.attendance), period.to, values);
    out.push(outcome('R7.teacher', period.key, input.countyCode, t, r, r.status === 'met'
      ? `R7 met: attended ${r.actual} special trainings in ${period.key}`
      : `R7 short in ${period.key}: attended ${r.actual} of ${r.required} special trainings (乡村教师专项培训不足)`));
  }
  return out;
}

/** R8 per small-scale-school teacher and R6 per researcher, at the end of a school year (the spring term). */
export function evaluateSchoolYear(
  input: { countyCode: string; schoolYear: number; asOf: IsoDate; activities: readonly ActivityFacts[]; teachers: readonly TeacherFacts[]; attendance: AttendanceIndex; ruralSchoolIds: ReadonlySet<string> },
  values: readonly PolicyValue[],
): Outcome[] {
  const period = schoolYearPeriod(input.schoolYear);
  const research = input.activities.filter((a) => a.kind === 'regional_research' && within(a.startDate, period));
  const out: Outcome[] = [];
  for (const t of input.teachers) {
    if (!t.smallScale) continue;
    const r = r8Teacher(statusesFor(t, research, input.attendance), period.to, values);
    out.push(outcome('R8', period.key, input.countyCode, t, r, r.status === 'met'
      ? `R8 met: attended ${r.actual} of ${r.facts.denominator} regional research activities in ${period.key}`
      : `R8 short in ${period.key}: attended ${r.actual} of ${r.facts.denominator} regional research activities, below ${Number(r.facts.requiredShare) * 100}% (区域集体教研参与率不足)`));
  }
  const visitsBy = new Map<string, IsoDate[]>();
  const stationingBy = new Map<string, { from: IsoDate; to: IsoDate }[]>();
  for (const a of input.activities) {
    if (!a.confirmed || !a.researcherId) continue;
    if (a.kind === 'guidance_visit' && a.schoolId && input.ruralSchoolIds.has(a.schoolId)) visitsBy.set(a.researcherId, [...(visitsBy.get(a.researcherId) ?? []), a.startDate]);
    if (a.kind === 'stationing') stationingBy.set(a.researcherId, [...(stationingBy.get(a.researcherId) ?? []), { from: a.startDate, to: a.endDate }]);
  }
  for (const t of input.teachers) {
    if (t.category !== 'researcher' || !t.researcherSince || t.researcherSince > input.asOf) continue;
    const v = r6Visits(t.researcherSince, visitsBy.get(t.teacherId) ?? [], input.asOf, values);
    out.push(outcome('R6.visits', period.key, input.countyCode, t, v, v.status === 'met'
      ? `R6 on track: ${v.actual} guidance visits to rural schools since ${v.facts.windowFrom} (${v.required} required by now)`
      : `R6 short: ${v.actual} guidance visits to rural schools since ${v.facts.windowFrom}, ${v.required} required by now (教研员下乡指导次数不足)`));
    const s = r6Stationing(t.researcherSince, stationingBy.get(t.teacherId) ?? [], input.asOf, values);
    if (s) {
      out.push(outcome('R6.stationing', period.key, input.countyCode, t, s, s.status === 'shortfall'
        ? `R6 short: ${s.actual} of ${s.required} days stationed at schools within the first 3 years as researcher, which ended ${s.windowTo} (新入职教研员蹲点时间不足)`
        : `R6 stationing ${s.status === 'met' ? 'met' : 'in progress'}: ${s.actual} of ${s.required} days by ${s.windowTo}`));
    }
  }
  return out;
}

/** Credit hours of a closed calendar year (no carry-over), and the probation years that ended in it. */
export function evaluateCreditYear(
  input: { countyCode: string; year: number; teachers: readonly TeacherFacts[]; countedByTeacher: ReadonlyMap<string, number>; probationCounted: ReadonlyMap<string, number> },
  values: readonly PolicyValue[],
): Outcome[] {
  const period = calendarYearPeriod(input.year);
  const out: Outcome[] = [];
  for (const t of input.teachers) {
    const required = annualRequirement(t.firstServiceDate, input.year, values);
    if (required > 0) {
      const r = hoursResult(required, input.countedByTeacher.get(t.teacherId) ?? 0, false);
      out.push(outcome('hours.year', period.key, input.countyCode, t, r, r.status === 'met'
        ? `${r.actual} of ${required} credit hours in ${input.year}`
        : `${r.actual} of ${required} credit hours in ${input.year}; the year is closed and nothing carries over (年度学时不足)`));
    }
    const p = probationYear(t.firstServiceDate);
    if (p.to >= period.from && p.to <= period.to) {
      const counted = input.probationCounted.get(t.teacherId) ?? 0;
      const r = hoursResult(policyValue('credits.probation_hours', p.to, values), counted, false);
      out.push(outcome('hours.probation', period.key, input.countyCode, t, r, r.status === 'met'
        ? `${r.actual} of ${r.required} credit hours in the probation year ${p.from} – ${p.to}`
        : `${r.actual} of ${r.required} credit hours in the probation year ${p.from} – ${p.to} (新任教师试用期学时不足)`));
    }
  }
  return out;
}
