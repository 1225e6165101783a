import type { EntityManager } from 'typeorm';
import { AbsenceRecorded, EstablishmentTypeRecorded, type EventData } from '@app/contracts';
import { Outbox, type PendingEvent } from '@app/messaging';
import { addYears, formatDay, parseDay, Prng, type GeneratedCounty } from './county-generator';
import { insertRows } from './load-county';

/**
 * What the living subsidy (R9) needs besides a generated county: each teacher's establishment type with its
 * history, and a few absences. Deterministic (seeded by the county's seed), so the seeded county's
 * statements are the same on every machine.
 *
 *  - 86% on the establishment (在编) from their first service; 7% special-post teachers (特岗) who join the
 *    establishment after three years (so their history has two entries when that has happened); 4% contract
 *    staff; 3% substitutes (both are not paid by the example scheme);
 *  - about 1 teacher in 60 has an absence in the three months before the snapshot: ten days of unpaid leave,
 *    a long paid sick leave, a secondment out, a term of study leave or a suspension.
 */
export interface GeneratedEstablishment {
  id: string;
  teacherId: string;
  type: EventData<typeof EstablishmentTypeRecorded>['type'];
  effectiveFrom: string;
  reason: string;
}

export interface GeneratedAbsence {
  id: string;
  teacherId: string;
  kind: EventData<typeof AbsenceRecorded>['kind'];
  startDate: string;
  endDate: string | null;
  reason: string;
}

export const SEEDED_REASON = 'seeded history';

export function generateEstablishment(data: Pick<GeneratedCounty, 'seed' | 'countyCode' | 'asOf' | 'teachers'>): GeneratedEstablishment[] {
  const rng = new Prng(`${data.seed}:${data.countyCode}:establishment`);
  const asOf = parseDay(data.asOf);
  const out: GeneratedEstablishment[] = [];
  for (const t of data.teachers) {
    const r = rng.float();
    const entry = (type: GeneratedEstablishment['type'], effectiveFrom: string) => out.push({ id: rng.uuid(), teacherId: t.id, type, effectiveFrom, reason: SEEDED_REASON });
    if (r < 0.86) entry('on_establishment', t.firstServiceDate);
    else if (r < 0.93) {
      entry('special_post', t.firstServiceDate);
      const joined = addYears(parseDay(t.firstServiceDate), 3);
      if (joined <= asOf) entry('on_establishment', formatDay(joined));
    } else if (r < 0.97) entry('contract', t.firstServiceDate);
    else entry('substitute', t.firstServiceDate);
  }
  return out;
}

const ABSENCES: readonly (readonly [GeneratedAbsence['kind'], number, number | null, string])[] = [
  // kind, first day offset, length in days (null: open), reason
  ['unpaid_leave', 0, 10, '事假 personal leave'],
  ['paid_leave', 0, 45, '病假 sick leave'],
  ['secondment_out', 0, null, '借调至县教育局 seconded to the county bureau'],
  ['study_leave', 0, 60, '脱产进修 full-time study'],
  ['suspension', 0, 20, '停职检查 suspended pending review'],
];

export function generateAbsences(data: Pick<GeneratedCounty, 'seed' | 'countyCode' | 'asOf' | 'teachers'>): GeneratedAbsence[] {
  const rng = new Prng(`${data.seed}:${data.countyCode}:absences`);
  const asOf = parseDay(data.asOf);
  const out: GeneratedAbsence[] = [];
  for (const t of data.teachers) {
    if (!rng.chance(1 / 60)) continue;
    const [kind, , days, reason] = rng.pick(ABSENCES);
    const start = asOf - rng.int(20, 95);
    if (start < parseDay(t.firstServiceDate)) continue;
    out.push({ id: rng.uuid(), teacherId: t.id, kind, startDate: formatDay(start), endDate: days === null ? null : formatDay(start + days - 1), reason });
  }
  return out;
}

/**
 * Writes the extras into staffing (tables and outbox, one transaction with the caller's) for the teachers of
 * the county that have no establishment entry yet, so running the seed again adds nothing.
 */
export async function loadStaffingExtras(m: EntityManager, data: GeneratedCounty): Promise<{ establishment: number; absences: number; events: number }> {
  const known = new Set<string>(
    (await m.query(`SELECT DISTINCT e.teacher_id AS id FROM staffing.establishment_entries e JOIN staffing.teachers t ON t.id = e.teacher_id WHERE t.county_code = $1`, [data.countyCode])).map(
      (r: { id: string }) => r.id,
    ),
  );
  const existing = new Set<string>((await m.query(`SELECT id FROM staffing.teachers WHERE county_code = $1`, [data.countyCode])).map((r: { id: string }) => r.id));
  const todo = data.teachers.filter((t) => existing.has(t.id) && !known.has(t.id));
  if (todo.length === 0) return { establishment: 0, absences: 0, events: 0 };
  const scope = { ...data, teachers: todo };
  const entries = generateEstablishment(scope);
  const absences = generateAbsences(scope);
  await insertRows(m, 'staffing.establishment_entries', ['id', 'teacher_id', 'type', 'effective_from', 'reason', 'recorded_by'], entries.map((e) => [e.id, e.teacherId, e.type, e.effectiveFrom, e.reason, 'seed']));
  await insertRows(m, 'staffing.absences', ['id', 'teacher_id', 'kind', 'start_date', 'end_date', 'reason', 'recorded_by'], absences.map((a) => [a.id, a.teacherId, a.kind, a.startDate, a.endDate, a.reason, 'seed']));
  const events: PendingEvent[] = [
    ...entries.map((e) => ({
      contract: EstablishmentTypeRecorded,
      data: { entryId: e.id, teacherId: e.teacherId, countyCode: data.countyCode, type: e.type, effectiveFrom: e.effectiveFrom, supersedesEntryId: null, reason: e.reason },
    })),
    ...absences.map((a) => ({
      contract: AbsenceRecorded,
      data: { absenceId: a.id, teacherId: a.teacherId, countyCode: data.countyCode, kind: a.kind, startDate: a.startDate, endDate: a.endDate, status: 'active' as const, reason: a.reason },
    })),
  ];
  await new Outbox('staffing').addAll(m, events);
  return { establishment: entries.length, absences: absences.length, events: events.length };
}
