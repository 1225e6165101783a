import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { CREDIT_CATEGORIES } from '@app/contracts';
import { AuditTrail, type Actor } from '@app/audit';
import { DomainError } from '@app/platform';
import { UnitOfWork, PolicyValuesStore } from '@app/runtime';
import { cell, cellType as t, parseRow, RowsRejected, ruleError, type ColumnSpec, type RowError, type SheetRow } from '@app/spreadsheet';
import { todayInShanghai } from '../../calendar/domain/periods';
import { TrainingSchoolStore } from '../../schools/infrastructure/training-school.store';
import { TeacherDirectory } from '../../teachers/application/teacher-directory';
import { ACTIVITY_KINDS, checkActivity, ORGANISERS, TARGET_TYPES, type NewActivity } from '../domain/activity';
import { ActivityRepository } from './activity.repository';

export const ACTIVITY_IMPORT_COLUMNS: ColumnSpec[] = [
  { key: 'code', headers: ['code', '活动编号'], required: true },
  { key: 'title', headers: ['title', '活动名称'], required: true },
  { key: 'kind', headers: ['kind', '活动类型'], required: true },
  { key: 'organiser', headers: ['organiser', '组织单位'], required: false },
  { key: 'organiserCode', headers: ['organiserCode', '组织单位代码'], required: false },
  { key: 'category', headers: ['category', '学时类别'], required: false },
  { key: 'startDate', headers: ['startDate', '开始日期'], required: true },
  { key: 'endDate', headers: ['endDate', '结束日期'], required: false },
  { key: 'fullDays', headers: ['fullDays', '全天'], required: false },
  { key: 'halfDays', headers: ['halfDays', '半天'], required: false },
  { key: 'periods', headers: ['periods', '课时'], required: false },
  { key: 'targetType', headers: ['targetType', '对象类型'], required: false },
  { key: 'targetDistrict', headers: ['targetDistrict', '对象学区'], required: false },
  { key: 'targetSchools', headers: ['targetSchools', '对象学校'], required: false },
  { key: 'researcherStaffNo', headers: ['researcherStaffNo', '教研员工号'], required: false },
  { key: 'schoolCode', headers: ['schoolCode', '指导学校代码'], required: false },
];

const word = <T extends readonly string[]>(values: T, words: Record<string, T[number]>, hint: string) =>
  z.preprocess((v) => words[String(v).trim()] ?? String(v).trim(), z.enum(values as unknown as [string, ...string[]], { error: `must be one of ${hint}` }));
const KIND_WORDS = { 专项培训: 'county_special_training', 公开课: 'open_class', 汇报课: 'open_class', 区域集体教研: 'regional_research', 指导: 'guidance_visit', 蹲点: 'stationing', 继续教育: 'continuing_education' } as const;
const CATEGORY_WORDS = { 集中: 'centralised', 校本: 'school_based', 网络: 'online', 公需: 'public_required' } as const;
const ORGANISER_WORDS = { 县: 'county', 县教研室: 'county', 学区: 'district', 学校: 'school' } as const;
const rowSchema = z.object({
  code: cell.required(t.text(32)),
  title: cell.required(t.text(200)),
  kind: cell.required(word(ACTIVITY_KINDS, KIND_WORDS, `${ACTIVITY_KINDS.join('/')} (专项培训/公开课/区域集体教研/指导/蹲点/继续教育)`)),
  organiser: cell.orDefault(word(ORGANISERS, ORGANISER_WORDS, 'county/district/school (县/学区/学校)'), 'county'),
  organiserCode: cell.optional(t.text(64)),
  category: cell.orDefault(word(CREDIT_CATEGORIES, CATEGORY_WORDS, 'centralised/school_based/online/public_required (集中/校本/网络/公需)'), 'centralised'),
  startDate: cell.required(t.date()),
  endDate: cell.optional(t.date()),
  fullDays: cell.orDefault(t.int(0, 366), 0),
  halfDays: cell.orDefault(t.int(0, 732), 0),
  periods: cell.orDefault(t.int(0, 5000), 0),
  targetType: cell.orDefault(z.enum(TARGET_TYPES, { error: `must be one of ${TARGET_TYPES.join('/')}` }), 'county_rural'),
  targetDistrict: cell.optional(t.text(64)),
  targetSchools: cell.orDefault(t.list(), []),
  researcherStaffNo: cell.optional(t.text(32)),
  schoolCode: cell.optional(t.text(32)),
});

export class ActivityImportRejected extends RowsRejected {
  constructor(errors: RowError[], rows: number) {
    super('TRAINING.IMPORT_REJECTED', errors, rows);
  }
}

/** Activities from a sheet, all or nothing, every problem with its row and column (as staffing's imports). */
@Injectable()
export class ImportActivities {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly policy: PolicyValuesStore,
    private readonly activities: ActivityRepository,
    private readonly directory: TeacherDirectory,
    private readonly schools: TrainingSchoolStore,
    private readonly audit: AuditTrail,
  ) {}

  async execute(actor: Actor, countyCode: string, rows: SheetRow[], dryRun: boolean) {
    return this.uow.run(async (m) => {
      const policy = await this.policy.values(m);
      const errors: RowError[] = [];
      const parsed: { row: number; v: z.infer<typeof rowSchema> }[] = [];
      for (const row of rows) {
        const r = parseRow(rowSchema, row);
        if ('errors' in r) errors.push(...r.errors);
        else parsed.push({ row: row.row, v: r.value });
      }
      const schoolCodes = [...new Set(parsed.flatMap((p) => [...p.v.targetSchools, ...(p.v.schoolCode ? [p.v.schoolCode] : [])]))];
      const schools = await this.schools.byCodes(m, countyCode, schoolCodes);
      const researchers = await this.directory.byStaffNo(m, countyCode, parsed.flatMap((p) => (p.v.researcherStaffNo ? [p.v.researcherStaffNo] : [])), todayInShanghai());
      const taken = await this.activities.byCodes(m, countyCode, parsed.map((p) => p.v.code));
      const seen = new Map<string, number>();
      const columns = ACTIVITY_IMPORT_COLUMNS.map((c) => c.key);
      const planned: (NewActivity & { creditHours: number })[] = [];
      for (const { row, v } of parsed) {
        const rowErrors: RowError[] = [];
        if (taken.has(v.code)) rowErrors.push({ row, column: 'code', message: `county ${countyCode} already has an activity with code ${v.code}` });
        if (seen.has(v.code)) rowErrors.push({ row, column: 'code', message: `code ${v.code} is also on row ${seen.get(v.code)}` });
        else seen.set(v.code, row);
        const targetIds: string[] = [];
        for (const c of v.targetSchools) {
          const s = schools.get(c);
          if (s) targetIds.push(s.schoolId);
          else rowErrors.push({ row, column: 'targetSchools', message: `no school with code ${c} in ${countyCode}` });
        }
        const school = v.schoolCode ? schools.get(v.schoolCode) : undefined;
        if (v.schoolCode && !school) rowErrors.push({ row, column: 'schoolCode', message: `no school with code ${v.schoolCode} in ${countyCode}` });
        const researcher = v.researcherStaffNo ? researchers.get(v.researcherStaffNo) : undefined;
        if (v.researcherStaffNo && (!researcher || researcher.category !== 'researcher')) {
          rowErrors.push({ row, column: 'researcherStaffNo', message: `${v.researcherStaffNo} is not a teaching researcher (教研员) of ${countyCode}` });
        }
        if (rowErrors.length === 0) {
          try {
            planned.push(
              checkActivity(
                {
                  countyCode, code: v.code, title: v.title, kind: v.kind as NewActivity['kind'], organiser: v.organiser as NewActivity['organiser'], organiserCode: v.organiserCode ?? null,
                  category: v.category as NewActivity['category'], startDate: v.startDate, endDate: v.endDate ?? v.startDate, fullDays: v.fullDays, halfDays: v.halfDays, periods: v.periods,
                  target: { type: v.targetType, districtCode: v.targetDistrict ?? null, schoolIds: targetIds }, researcherId: researcher?.teacherId ?? null, schoolId: school?.schoolId ?? null,
                },
                policy,
              ),
            );
          } catch (err) {
            if (!(err instanceof DomainError)) throw err;
            rowErrors.push(ruleError(row, err, columns));
          }
        }
        errors.push(...rowErrors);
      }
      if (errors.length) throw new ActivityImportRejected(errors.sort((a, b) => a.row - b.row), rows.length);
      if (!dryRun) {
        const saved = (await this.activities.insertMany(m, planned)) ?? [];
        await this.audit.recordMany(m, saved.map((a) => ({ actor, countyCode, action: 'activity.import', entityType: 'activity', entityId: a.id, before: null, after: a })));
      }
      return { rows: rows.length, dryRun, written: { activities: planned.length } };
    });
  }
}
