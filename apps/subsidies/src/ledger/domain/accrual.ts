import { bandCode, bandIndex, schemeOn, sortVersions, type AbsenceKind, type EstablishmentType, type SchemeVersion, type SchoolType } from '../../scheme/domain/scheme';
import { toDayNumber, type IsoDate, type Month } from './calendar';

/**
 * The month's accrual of the living subsidy (R9), pure: for each day of the month, each appointment the
 * teacher holds at an eligible school and the rate in force that day; a line per teacher × month × school,
 * amount = Σ rate × share / days in month, in integer fen, rounded half-up once per line. Every line keeps
 * its trace: the appointments, tier, band, days counted, share, rate and scheme version of each run of days,
 * and the days that did not count and why.
 */

/** What the school was from a date (staffing's rural flag, remote tier and type). */
export interface SchoolFacts {
  effectiveFrom: IsoDate;
  remoteTier: number;
  rural: boolean;
  type: SchoolType;
}

export interface SchoolHistory {
  schoolId: string;
  /** ordered by effectiveFrom */
  facts: SchoolFacts[];
}

export interface AppointmentFact {
  appointmentId: string;
  schoolId: string;
  workloadShare: number;
  startDate: IsoDate;
  endDate: IsoDate | null;
}

export interface EstablishmentFact {
  type: EstablishmentType;
  effectiveFrom: IsoDate;
}

export interface AbsenceFact {
  absenceId: string;
  kind: AbsenceKind;
  startDate: IsoDate;
  endDate: IsoDate | null;
}

/** One teacher's facts: appointments (not superseded), establishment entries (current), active absences. */
export interface TeacherFacts {
  teacherId: string;
  appointments: AppointmentFact[];
  establishment: EstablishmentFact[];
  absences: AbsenceFact[];
}

export type ExclusionReason = 'no_establishment' | 'establishment_not_paid' | 'absence' | 'paid_leave_beyond_limit' | 'share_below_threshold';

export interface CountedSegment {
  from: IsoDate;
  to: IsoDate;
  days: number;
  appointmentId: string;
  tier: number;
  band: string;
  /** workload share in thousandths */
  shareMilli: number;
  rateFen: number;
  schemeVersion: number;
}

export interface ExcludedSegment {
  from: IsoDate;
  to: IsoDate;
  days: number;
  appointmentId: string;
  reason: ExclusionReason;
  /** the establishment type or absence kind behind the reason */
  detail: string | null;
}

export interface LineTrace {
  month: string;
  daysInMonth: number;
  /** Σ rate × share (thousandths) over the counted days; amount = round(numerator / (1000 × days in month)) */
  numerator: number;
  counted: CountedSegment[];
  excluded: ExcludedSegment[];
}

export interface AccruedLine {
  teacherId: string;
  schoolId: string;
  month: string;
  amountFen: number;
  /** distinct days on which something counted at this school */
  daysCounted: number;
  /** the tier, band, rate and share of most counted days (of most eligible days when none counted) */
  tier: number;
  band: string;
  rateFen: number;
  shareMilli: number;
  trace: LineTrace;
}

export type ExceptionCode = 'NO_ESTABLISHMENT' | 'SHARES_OVER_ONE' | 'SCHOOL_WITHOUT_TIER' | 'NO_SCHEME';

export interface AccrualException {
  code: ExceptionCode;
  teacherId: string | null;
  schoolId: string | null;
  /** the first day it was seen in the month, and on how many days */
  firstDay: IsoDate;
  days: number;
  detail: string | null;
}

/** Half-up rounding of num / den for num ≥ 0, den > 0, in integers. */
export function roundHalfUp(num: number, den: number): number {
  if (num < 0) return -roundHalfUp(-num, den);
  return Math.floor((2 * num + den) / (2 * den));
}

const DAY_MS = 86_400_000;
const dayText = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);
const END = Number.MAX_SAFE_INTEGER;

interface Span {
  from: number;
  to: number;
}

/** Pre-parsed facts of each school: [fromDay, facts] in date order, with their rural spans and a per-month day table. */
export class SchoolIndex {
  private readonly byId = new Map<string, { from: number; f: SchoolFacts }[]>();
  private readonly rural = new Map<string, Span[]>();
  private readonly months = new Map<string, (SchoolFacts | null)[]>();

  constructor(schools: Iterable<SchoolHistory>) {
    for (const s of schools) {
      const list = s.facts.map((f) => ({ from: toDayNumber(f.effectiveFrom), f }));
      this.byId.set(s.schoolId, list);
      const spans: Span[] = [];
      list.forEach((x, i) => {
        if (x.f.rural) spans.push({ from: x.from, to: i + 1 < list.length ? list[i + 1].from - 1 : END });
      });
      this.rural.set(s.schoolId, spans);
    }
  }

  on(schoolId: string, day: number): SchoolFacts | null {
    const list = this.byId.get(schoolId);
    if (!list) return null;
    let found: SchoolFacts | null = null;
    for (const x of list) {
      if (x.from > day) break;
      found = x.f;
    }
    return found;
  }

  /** The school's facts on each day of a month (index 0 = the 1st), computed once per school and month. */
  forMonth(schoolId: string, month: Month): (SchoolFacts | null)[] {
    const key = `${schoolId}|${month.month}`;
    let days = this.months.get(key);
    if (!days) {
      days = [];
      for (let d = month.first; d <= month.last; d++) days.push(this.on(schoolId, d));
      this.months.set(key, days);
    }
    return days;
  }

  /** Day spans in which the school was rural. */
  ruralSpans(schoolId: string): readonly Span[] {
    return this.rural.get(schoolId) ?? [];
  }
}

interface ParsedAppointment {
  a: AppointmentFact;
  from: number;
  to: number;
  shareMilli: number;
}

/** Day numbers of dates, memoised: a county's facts repeat the same few thousand dates. */
const dayNumbers = new Map<string, number>();
function dayNumber(date: IsoDate): number {
  let n = dayNumbers.get(date);
  if (n === undefined) {
    n = toDayNumber(date);
    if (dayNumbers.size > 100_000) dayNumbers.clear();
    dayNumbers.set(date, n);
  }
  return n;
}

const parseAppointment = (a: AppointmentFact): ParsedAppointment => ({
  a,
  from: dayNumber(a.startDate),
  to: a.endDate === null ? END : dayNumber(a.endDate),
  shareMilli: Math.round(a.workloadShare * 1000),
});

function ruralDaysOf(appointments: readonly ParsedAppointment[], schools: SchoolIndex, day: number): number {
  const spans: Span[] = [];
  for (const x of appointments) {
    const to = Math.min(x.to, day - 1);
    if (to < x.from) continue;
    for (const r of schools.ruralSpans(x.a.schoolId)) {
      const f = Math.max(x.from, r.from);
      const t = Math.min(to, r.to);
      if (f <= t) spans.push({ from: f, to: t });
    }
  }
  spans.sort((x, y) => x.from - y.from);
  let total = 0;
  let cur: Span | null = null;
  for (const s of spans) {
    if (cur && s.from <= cur.to + 1) cur.to = Math.max(cur.to, s.to);
    else {
      if (cur) total += cur.to - cur.from + 1;
      cur = { ...s };
    }
  }
  if (cur) total += cur.to - cur.from + 1;
  return total;
}

/** Days of service at rural schools before `day`: the union of the teacher's appointments while their school was rural. */
export function ruralDaysBefore(appointments: readonly AppointmentFact[], schools: SchoolIndex, day: number): number {
  return ruralDaysOf(appointments.map(parseAppointment), schools, day);
}

interface ParsedScheme {
  effectiveFrom: IsoDate;
  version: number;
  v: SchemeVersion;
  tiers: Set<number>;
  types: Set<string>;
  paid: Set<string>;
  stopping: Set<string>;
  bandCodes: string[];
  /** rates in fen by tier number, then band */
  rates: number[][];
  minShareMilli: number;
}

/** The county's scheme versions, pre-parsed, with the version in force on each day of a month. */
export class SchemeIndex {
  private readonly parsed: ParsedScheme[];

  constructor(versions: readonly SchemeVersion[]) {
    this.parsed = sortVersions(versions).map((v) => ({
      effectiveFrom: v.effectiveFrom,
      version: v.version,
      v,
      tiers: new Set(v.rules.eligibleTiers),
      types: new Set(v.rules.eligibleSchoolTypes),
      paid: new Set(v.rules.paidEstablishmentTypes),
      stopping: new Set(v.rules.stoppingAbsences),
      bandCodes: v.rules.bandYears.map((_, i) => bandCode(v.rules, i)),
      rates: [0, 1, 2, 3].map((tier) => v.rules.amountsFen[String(tier) as '1' | '2' | '3'] ?? []),
      minShareMilli: v.rules.partTime.mode === 'threshold' ? Math.round(v.rules.partTime.minShare * 1000) : 0,
    }));
  }

  forMonth(month: Month): (ParsedScheme | null)[] {
    const out: (ParsedScheme | null)[] = [];
    for (let d = month.first; d <= month.last; d++) out.push(schemeOn(this.parsed, dayText(d)));
    return out;
  }
}

/** A run of consecutive days of one appointment with the same outcome, while it is being built. */
interface Run {
  fromDay: number;
  toDay: number;
  counted: boolean;
  tier: number;
  bandIndex: number;
  band: string;
  shareMilli: number;
  rateFen: number;
  schemeVersion: number;
  reason: ExclusionReason | null;
  detail: string | null;
}

interface LineBuilder {
  schoolId: string;
  numerator: number;
  runs: { appointmentId: string; run: Run }[];
  /** distinct days on which something counted, and the last of them (days come in order) */
  daysCounted: number;
  lastCounted: number;
}

/** The (tier, band, rate, share) of most weight; ties to the later-listed (higher) one. */
function mainOf(runs: readonly Run[], weigh: (r: Run) => number): Run | null {
  const weights = new Map<string, { w: number; r: Run }>();
  for (const r of runs) {
    const key = `${r.tier}|${r.band}|${r.rateFen}|${r.shareMilli}`;
    const e = weights.get(key) ?? { w: 0, r };
    e.w += weigh(r);
    weights.set(key, e);
  }
  let best: { w: number; r: Run } | null = null;
  for (const e of weights.values()) if (!best || e.w > best.w || (e.w === best.w && e.r.tier * 1e9 + e.r.rateFen > best.r.tier * 1e9 + best.r.rateFen)) best = e;
  return best?.r ?? null;
}

/** One teacher's lines for one month (one per eligible school), and what looks wrong in their record. */
export function accrueTeacherMonth(
  t: TeacherFacts,
  month: Month,
  schools: SchoolIndex,
  schemeByDay: readonly (ParsedScheme | null)[],
): { lines: AccruedLine[]; exceptions: AccrualException[] } {
  const appts = t.appointments.map(parseAppointment).filter((x) => x.from <= month.last);
  const inMonth = appts.filter((x) => x.to >= month.first);
  if (inMonth.length === 0) return { lines: [], exceptions: [] };
  const est = t.establishment.map((e) => ({ from: dayNumber(e.effectiveFrom), type: e.type })).sort((x, y) => x.from - y.from);
  const abs = t.absences
    .map((x) => ({ kind: x.kind, from: dayNumber(x.startDate), to: x.endDate === null ? END : dayNumber(x.endDate) }))
    .filter((x) => x.to >= month.first && x.from <= month.last);
  const facts = inMonth.map((x) => schools.forMonth(x.a.schoolId, month));
  const open: (Run | null)[] = inMonth.map(() => null);

  let rural = ruralDaysOf(appts, schools, month.first);
  const lines = new Map<string, LineBuilder>();
  const exceptions = new Map<ExceptionCode, AccrualException>();
  const flag = (code: ExceptionCode, day: number, detail: string | null, schoolId: string | null = null) => {
    const e = exceptions.get(code);
    if (e) e.days++;
    else exceptions.set(code, { code, teacherId: t.teacherId, schoolId, firstDay: dayText(day), days: 1, detail });
  };

  for (let day = month.first, i = 0; day <= month.last; day++, i++) {
    const scheme = schemeByDay[i];
    let shares = 0;
    let any = false;
    for (const x of inMonth) {
      if (x.from <= day && x.to >= day) {
        shares += x.shareMilli;
        any = true;
      }
    }
    if (!any) continue;
    if (shares > 1000) flag('SHARES_OVER_ONE', day, `${shares / 1000}`);
    let estType: EstablishmentType | null = null;
    for (const e of est) if (e.from <= day) estType = e.type;
    // The most restrictive absence that day: one that stops the subsidy, else paid leave (which may be past its limit).
    let absence: (typeof abs)[number] | null = null;
    for (const x of abs) {
      if (x.from > day || x.to < day) continue;
      if (scheme?.stopping.has(x.kind)) {
        absence = x;
        break;
      }
      absence ??= x;
    }
    let ruralToday = false;
    const years = scheme ? Math.floor(rural / scheme.v.rules.serviceYearDays) : 0;
    const bi = scheme ? bandIndex(scheme.v.rules, years) : 0;
    for (let k = 0; k < inMonth.length; k++) {
      const x = inMonth[k];
      if (x.from > day || x.to < day) continue;
      const f = facts[k][i];
      if (!f) continue;
      if (f.rural) ruralToday = true;
      if (!scheme) continue;
      const r = scheme.v.rules;
      if ((r.requireRural && !f.rural) || !scheme.tiers.has(f.remoteTier) || !scheme.types.has(f.type)) continue;
      let line = lines.get(x.a.schoolId);
      if (!line) {
        line = { schoolId: x.a.schoolId, numerator: 0, runs: [], daysCounted: 0, lastCounted: -1 };
        lines.set(x.a.schoolId, line);
      }
      const rateFen = scheme.rates[f.remoteTier][bi];
      // Plain assignments, no objects: this runs for every appointment on every day of a county's month.
      let reason: ExclusionReason | null = null;
      let detail: string | null = null;
      if (estType === null) {
        reason = 'no_establishment';
        flag('NO_ESTABLISHMENT', day, null, x.a.schoolId);
      } else if (!scheme.paid.has(estType)) {
        reason = 'establishment_not_paid';
        detail = estType;
      } else if (absence && scheme.stopping.has(absence.kind)) {
        reason = 'absence';
        detail = absence.kind;
      } else if (absence && absence.kind === 'paid_leave' && day - absence.from + 1 > r.paidLeaveDays) {
        reason = 'paid_leave_beyond_limit';
        detail = String(r.paidLeaveDays);
      } else if (x.shareMilli < scheme.minShareMilli) {
        reason = 'share_below_threshold';
        detail = String(scheme.minShareMilli / 1000);
      }
      if (reason === null) {
        line.numerator += rateFen * x.shareMilli;
        if (line.lastCounted !== day) {
          line.lastCounted = day;
          line.daysCounted++;
        }
      }
      const run = open[k];
      if (
        run &&
        run.toDay === day - 1 &&
        run.counted === (reason === null) &&
        run.tier === f.remoteTier &&
        run.bandIndex === bi &&
        run.rateFen === rateFen &&
        run.schemeVersion === scheme.version &&
        run.reason === reason &&
        run.detail === detail
      ) {
        run.toDay = day;
      } else {
        const fresh: Run = {
          fromDay: day,
          toDay: day,
          counted: reason === null,
          tier: f.remoteTier,
          bandIndex: bi,
          band: scheme.bandCodes[bi],
          shareMilli: x.shareMilli,
          rateFen,
          schemeVersion: scheme.version,
          reason,
          detail,
        };
        open[k] = fresh;
        line.runs.push({ appointmentId: x.a.appointmentId, run: fresh });
      }
    }
    if (ruralToday) rural++;
  }

  const out: AccruedLine[] = [];
  for (const l of lines.values()) {
    const runs = l.runs.map((x) => x.run);
    const counted = runs.filter((r) => r.counted);
    const main = (counted.length ? mainOf(counted, (r) => (r.toDay - r.fromDay + 1) * r.shareMilli) : mainOf(runs, (r) => r.toDay - r.fromDay + 1))!;
    const seg = (r: Run) => ({ from: dayText(r.fromDay), to: dayText(r.toDay), days: r.toDay - r.fromDay + 1 });
    out.push({
      teacherId: t.teacherId,
      schoolId: l.schoolId,
      month: month.month,
      amountFen: roundHalfUp(l.numerator, 1000 * month.days),
      daysCounted: l.daysCounted,
      tier: main.tier,
      band: main.band,
      rateFen: main.rateFen,
      shareMilli: main.shareMilli,
      trace: {
        month: month.month,
        daysInMonth: month.days,
        numerator: l.numerator,
        counted: l.runs
          .filter((x) => x.run.counted)
          .map(({ appointmentId, run: r }) => ({ ...seg(r), appointmentId, tier: r.tier, band: r.band, shareMilli: r.shareMilli, rateFen: r.rateFen, schemeVersion: r.schemeVersion })),
        excluded: l.runs.filter((x) => !x.run.counted).map(({ appointmentId, run: r }) => ({ ...seg(r), appointmentId, reason: r.reason!, detail: r.detail })),
      },
    });
  }
  out.sort((a, b) => (a.schoolId < b.schoolId ? -1 : 1));
  return { lines: out, exceptions: [...exceptions.values()] };
}

/** Schools of the county that are rural but have no remote tier: their teachers cannot be placed in a tier. */
export function schoolsWithoutTier(schools: readonly SchoolHistory[], month: Month): AccrualException[] {
  const index = new SchoolIndex(schools);
  return schools
    .filter((s) => {
      const f = index.on(s.schoolId, month.last);
      return f !== null && f.rural && f.remoteTier === 0;
    })
    .map((s) => ({ code: 'SCHOOL_WITHOUT_TIER' as const, teacherId: null, schoolId: s.schoolId, firstDay: month.firstDay, days: month.days, detail: null }));
}

/** A county's month: every teacher's lines and the exceptions, with the scheme versions that applied. */
export function accrueCounty(
  teachers: readonly TeacherFacts[],
  month: Month,
  schools: readonly SchoolHistory[],
  versions: readonly SchemeVersion[],
): { lines: AccruedLine[]; exceptions: AccrualException[]; schemeVersions: number[] } {
  const schoolIndex = new SchoolIndex(schools);
  const byDay = new SchemeIndex(versions).forMonth(month);
  const lines: AccruedLine[] = [];
  const exceptions: AccrualException[] = [...schoolsWithoutTier(schools, month)];
  if (byDay.some((s) => s === null)) {
    const first = byDay.findIndex((s) => s === null);
    exceptions.push({ code: 'NO_SCHEME', teacherId: null, schoolId: null, firstDay: dayText(month.first + first), days: byDay.filter((s) => s === null).length, detail: null });
  }
  for (const t of teachers) {
    const r = accrueTeacherMonth(t, month, schoolIndex, byDay);
    lines.push(...r.lines);
    exceptions.push(...r.exceptions);
  }
  const schemeVersions = [...new Set(byDay.filter((s): s is ParsedScheme => s !== null).map((s) => s.v.version))].sort((a, b) => a - b);
  return { lines, exceptions, schemeVersions };
}

/** The same for one teacher over several months (a recompute after a late fact). */
export function accrueTeacherMonths(t: TeacherFacts, months: readonly Month[], schools: readonly SchoolHistory[], versions: readonly SchemeVersion[]): AccruedLine[] {
  const schoolIndex = new SchoolIndex(schools);
  const schemes = new SchemeIndex(versions);
  return months.flatMap((m) => accrueTeacherMonth(t, m, schoolIndex, schemes.forMonth(m)).lines);
}
