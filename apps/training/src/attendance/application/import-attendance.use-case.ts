import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import { CreditPosted, type EventData } from '@app/contracts';
import { AuditTrail, type Actor, type AuditEntry } from '@app/audit';
import { Outbox, type PendingEvent } from '@app/messaging';
import { DomainError } from '@app/platform';
import { UnitOfWork, PolicyValuesStore } from '@app/runtime';
import { cell, cellType as t, parseRow, RowsRejected, ruleError, type ColumnSpec, type RowError, type SheetRow } from '@app/spreadsheet';
import { ActivityRepository } from '../../activities/application/activity.repository';
import { RESEARCHER_KINDS, type Activity } from '../../activities/domain/activity';
import { todayInShanghai } from '../../calendar/domain/periods';
import { CreditLedger, type NewEntry } from '../../credits/application/credit-ledger';
import { ledgerChanges } from '../../credits/domain/ledger';
import { TeacherDirectory } from '../../teachers/application/teacher-directory';
import { ATTENDANCE_STATUSES, hoursEarned } from '../domain/attendance';
import { AttendanceRepository, type AttendanceRow } from './attendance.repository';

export const ATTENDANCE_IMPORT_COLUMNS: ColumnSpec[] = [
  { key: 'activityCode', headers: ['activityCode', '活动编号'], required: true },
  { key: 'staffNo', headers: ['staffNo', '工号'], required: true },
  { key: 'name', headers: ['name', '姓名'], required: false },
  { key: 'status', headers: ['status', '出勤'], required: true },
  { key: 'fullDays', headers: ['fullDays', '全天'], required: false },
  { key: 'halfDays', headers: ['halfDays', '半天'], required: false },
  { key: 'periods', headers: ['periods', '课时'], required: false },
  { key: 'result', headers: ['result', '结果'], required: false },
  { key: 'certificateNo', headers: ['certificateNo', '证书编号'], required: false },
];

const STATUS_WORDS: Record<string, string> = { 出席: 'attended', 参加: 'attended', 缺席: 'absent', 请假: 'excused' };
const rowSchema = z.object({
  activityCode: cell.required(t.text(32)),
  staffNo: cell.required(t.text(32)),
  name: cell.optional(t.text(100)),
  status: cell.required(z.preprocess((v) => STATUS_WORDS[String(v).trim()] ?? String(v).trim().toLowerCase(), z.enum(ATTENDANCE_STATUSES, { error: 'must be attended/absent/excused (出席/缺席/请假)' }))),
  fullDays: cell.optional(t.int(0, 366)),
  halfDays: cell.optional(t.int(0, 732)),
  periods: cell.optional(t.int(0, 5000)),
  result: cell.optional(t.text(64)),
  certificateNo: cell.optional(t.text(64)),
});

export class AttendanceImportRejected extends RowsRejected {
  constructor(errors: RowError[], rows: number) {
    super('TRAINING.IMPORT_REJECTED', errors, rows);
  }
}

interface Planned {
  row: number;
  activity: Activity;
  attendance: AttendanceRow;
}

export interface AttendanceImportSummary {
  rows: number;
  dryRun: boolean;
  written: { attendance: number; unchanged: number; postings: number; reversals: number; teachers: number };
}

/**
 * Attendance and results from a sheet, all or nothing: every row is checked (format, the activity and
 * the teacher exist in the county, hours by the conversion rules, certificate numbers unique per
 * activity, no teacher twice per activity) before anything is written, and every problem comes back
 * with its row and column. Then the ledger is brought in line: changed hours reverse the old posting
 * and post the new one (append-only), announced as one training.CreditPosted per teacher.
 */
@Injectable()
export class ImportAttendance {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly policy: PolicyValuesStore,
    private readonly activities: ActivityRepository,
    private readonly attendance: AttendanceRepository,
    private readonly directory: TeacherDirectory,
    private readonly ledger: CreditLedger,
    private readonly outbox: Outbox,
    private readonly audit: AuditTrail,
  ) {}

  async execute(actor: Actor, countyCode: string, rows: SheetRow[], dryRun: boolean): Promise<AttendanceImportSummary> {
    return this.uow.run(async (m) => {
      // One import per county at a time: two sheets naming the same teacher and activity cannot interleave.
      await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`training.attendance:${countyCode}`]);
      const { planned, existing } = await this.plan(m, countyCode, rows);
      const changed = planned.filter((p) => differs(existing.get(`${p.attendance.activityId}|${p.attendance.teacherId}`), p.attendance));
      const summary: AttendanceImportSummary = { rows: rows.length, dryRun, written: { attendance: changed.length, unchanged: planned.length - changed.length, postings: 0, reversals: 0, teachers: 0 } };
      if (!dryRun) Object.assign(summary.written, await this.write(m, actor, countyCode, changed, existing));
      else Object.assign(summary.written, await this.ledgerPlan(m, countyCode, changed).then((l) => ({ postings: l.entries.filter((e) => !e.reversesId).length, reversals: l.entries.filter((e) => e.reversesId).length, teachers: l.teachers })));
      return summary;
    });
  }

  private async plan(m: EntityManager, countyCode: string, rows: SheetRow[]): Promise<{ planned: Planned[]; existing: Map<string, AttendanceRow> }> {
    const policy = await this.policy.values(m);
    const errors: RowError[] = [];
    // Look-ups first, from the raw cells (a row whose cells are malformed reports it below).
    const codes = new Set<string>();
    const staffNos = new Set<string>();
    for (const r of rows) {
      codes.add((r.values.activityCode ?? '').trim());
      staffNos.add((r.values.staffNo ?? '').trim());
    }
    const activities = await this.activities.byCodes(m, countyCode, [...codes]);
    const teachers = await this.directory.byStaffNo(m, countyCode, [...staffNos], todayInShanghai());
    const existing = await this.attendance.forActivities(m, [...activities.values()].map((a) => a.id));
    const certHolder = new Map<string, string>();
    for (const e of existing.values()) if (e.certificateNo) certHolder.set(`${e.activityId}|${e.certificateNo}`, e.teacherId);
    const seen = new Map<string, number>();
    const seenCert = new Map<string, number>();
    const inSheet = new Set<string>();
    const planned: Planned[] = [];
    const columns = ATTENDANCE_IMPORT_COLUMNS.map((c) => c.key);

    for (const r of rows) {
      const activity = activities.get((r.values.activityCode ?? '').trim());
      const teacher = teachers.get((r.values.staffNo ?? '').trim());
      if (activity && teacher) inSheet.add(`${activity.id}|${teacher.teacherId}`);
    }
    for (const sheetRow of rows) {
      const parsedRow = parseRow(rowSchema, sheetRow);
      if ('errors' in parsedRow) {
        errors.push(...parsedRow.errors);
        continue;
      }
      const { row } = sheetRow;
      const v = parsedRow.value;
      const rowErrors: RowError[] = [];
      const activity = activities.get(v.activityCode);
      const teacher = teachers.get(v.staffNo);
      if (!activity) rowErrors.push({ row, column: 'activityCode', message: `no activity with code ${v.activityCode} in ${countyCode} (没有这项活动)` });
      else if (RESEARCHER_KINDS.has(activity.kind)) rowErrors.push({ row, column: 'activityCode', message: `${v.activityCode} is a researcher's ${activity.kind}: it has no attendance; the school confirms it` });
      if (!teacher) rowErrors.push({ row, column: 'staffNo', message: `no teacher with staff number ${v.staffNo} in ${countyCode} (查无此工号)` });
      else if (v.name && v.name !== teacher.name) rowErrors.push({ row, column: 'name', message: `staff number ${v.staffNo} is ${teacher.name}, not ${v.name} (姓名与工号不符)` });
      if (activity && teacher) {
        const key = `${activity.id}|${teacher.teacherId}`;
        const first = seen.get(key);
        if (first) rowErrors.push({ row, column: 'staffNo', message: `${v.staffNo} is already on row ${first} for ${v.activityCode}` });
        else seen.set(key, row);
        if (v.certificateNo) {
          const certKey = `${activity.id}|${v.certificateNo}`;
          const firstCert = seenCert.get(certKey);
          const holder = certHolder.get(certKey);
          if (firstCert) rowErrors.push({ row, column: 'certificateNo', message: `certificate ${v.certificateNo} is also on row ${firstCert} (证书编号重复)` });
          else seenCert.set(certKey, row);
          if (holder && holder !== teacher.teacherId && !inSheet.has(`${activity.id}|${holder}`)) {
            rowErrors.push({ row, column: 'certificateNo', message: `certificate ${v.certificateNo} of ${v.activityCode} already belongs to another teacher (证书编号已被使用)` });
          }
        }
        try {
          const input = { status: v.status, fullDays: v.fullDays, halfDays: v.halfDays, periods: v.periods, result: v.result ?? null, certificateNo: v.certificateNo ?? null };
          const hours = hoursEarned(activity, input, policy);
          if (rowErrors.length === 0) planned.push({ row, activity, attendance: { activityId: activity.id, teacherId: teacher.teacherId, status: v.status, hours, result: input.result, certificateNo: input.certificateNo } });
        } catch (err) {
          if (!(err instanceof DomainError)) throw err;
          rowErrors.push(ruleError(row, err, columns));
        }
      }
      errors.push(...rowErrors);
    }
    if (errors.length) throw new AttendanceImportRejected(errors.sort((a, b) => a.row - b.row), rows.length);
    return { planned, existing };
  }

  /** The ledger entries that bring each changed row's postings in line. */
  private async ledgerPlan(m: EntityManager, countyCode: string, changed: Planned[]): Promise<{ entries: NewEntry[]; teachers: number }> {
    const current = await this.ledger.entriesFor(m, changed.map((p) => ({ teacherId: p.attendance.teacherId, activityId: p.activity.id })));
    const entries: NewEntry[] = [];
    const teachers = new Set<string>();
    for (const { activity, attendance } of changed) {
      const earnedOn = activity.endDate;
      const { reverse, post } = ledgerChanges(current.get(`${attendance.teacherId}|${activity.id}`) ?? [], { activityId: activity.id, earnedOn, category: activity.category, hours: attendance.hours });
      for (const e of reverse) entries.push({ teacherId: attendance.teacherId, countyCode, activityId: activity.id, earnedOn: e.earnedOn, creditYear: e.creditYear, category: e.category, hours: -e.hours, reversesId: e.id });
      if (post) entries.push({ teacherId: attendance.teacherId, countyCode, activityId: activity.id, earnedOn, creditYear: Number(earnedOn.slice(0, 4)), category: post.category, hours: post.hours, reversesId: null });
      if (reverse.length || post) teachers.add(attendance.teacherId);
    }
    return { entries, teachers: teachers.size };
  }

  private async write(m: EntityManager, actor: Actor, countyCode: string, changed: Planned[], existing: Map<string, AttendanceRow>) {
    const plan = await this.ledgerPlan(m, countyCode, changed);
    await this.attendance.upsert(m, changed.map((p) => p.attendance));
    const ids = await this.ledger.append(m, plan.entries);
    const byTeacher = new Map<string, EventData<typeof CreditPosted>['entries']>();
    plan.entries.forEach((e, i) => {
      const list = byTeacher.get(e.teacherId) ?? [];
      list.push({ entryId: ids[i], activityId: e.activityId, creditYear: e.creditYear, category: e.category, hours: e.hours, reversesEntryId: e.reversesId });
      byTeacher.set(e.teacherId, list);
    });
    const events: PendingEvent[] = [...byTeacher].map(([teacherId, entries]) => ({ contract: CreditPosted, data: { teacherId, countyCode, entries } }));
    await this.outbox.addAll(m, events);
    const audit: AuditEntry[] = changed.map((p) => ({
      actor,
      countyCode,
      action: 'attendance.import',
      entityType: 'attendance',
      entityId: `${p.activity.id}:${p.attendance.teacherId}`,
      before: existing.get(`${p.attendance.activityId}|${p.attendance.teacherId}`) ?? null,
      after: p.attendance,
    }));
    await this.audit.recordMany(m, audit);
    return { postings: plan.entries.filter((e) => !e.reversesId).length, reversals: plan.entries.filter((e) => e.reversesId).length, teachers: byTeacher.size };
  }
}

function differs(before: AttendanceRow | undefined, after: AttendanceRow): boolean {
  return !before || before.status !== after.status || before.hours !== after.hours || before.result !== after.result || before.certificateNo !== after.certificateNo;
}
