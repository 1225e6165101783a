import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import { SCHOOL_TYPES, SchoolRegistered } from '@app/contracts';
import { AuditTrail, type Actor } from '@app/audit';
import { Outbox } from '@app/messaging';
import { DomainError } from '@app/platform';
import { UnitOfWork } from '@app/runtime';
import type { ColumnSpec, SheetRow } from '@app/spreadsheet';
import { checkSchool, type NewSchool, type School } from '../../schools/domain/school';
import { cell, cellType as t, ImportRejected, parseRow, ruleError, assertRows, type RowError } from './import-rows';
import type { ImportSummary } from './import-teachers.use-case';

export const SCHOOL_IMPORT_COLUMNS: ColumnSpec[] = [
  { key: 'code', headers: ['code', '学校代码'], required: true },
  { key: 'name', headers: ['name', '学校名称'], required: true },
  { key: 'type', headers: ['type', '学校类型'], required: true },
  { key: 'districtCode', headers: ['districtCode', '学区'], required: false },
  { key: 'weak', headers: ['weak', '薄弱学校'], required: false },
  { key: 'smallScale', headers: ['smallScale', '小规模学校'], required: false },
  { key: 'rural', headers: ['rural', '乡村学校'], required: false },
  { key: 'remoteTier', headers: ['remoteTier', '边远等级'], required: false },
];

const rowSchema = z.object({
  code: cell.required(t.text(32)),
  name: cell.required(t.text(200)),
  type: cell.required(z.enum(SCHOOL_TYPES)),
  districtCode: cell.optional(t.text(64)),
  weak: cell.orDefault(t.bool(), false),
  smallScale: cell.orDefault(t.bool(), false),
  rural: cell.orDefault(t.bool(), false),
  remoteTier: cell.orDefault(t.int(0, 3), 0),
});

/** Registers the schools of a sheet, all or nothing; emits staffing.SchoolRegistered.v1 for each. */
@Injectable()
export class ImportSchools {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly outbox: Outbox,
    private readonly audit: AuditTrail,
  ) {}

  async execute(actor: Actor, countyCode: string, rows: SheetRow[], dryRun: boolean): Promise<ImportSummary> {
    assertRows(rows, 'schools');
    return this.uow.run(async (m) => {
      const schools = await this.plan(m, countyCode, rows);
      if (!dryRun) await this.write(m, actor, schools);
      return { rows: rows.length, dryRun, written: { schools: schools.length } };
    });
  }

  private async plan(m: EntityManager, countyCode: string, rows: SheetRow[]): Promise<NewSchool[]> {
    const errors: RowError[] = [];
    const columns = SCHOOL_IMPORT_COLUMNS.map((c) => c.key);
    const existing = new Set<string>((await m.query(`SELECT code FROM staffing.schools WHERE county_code = $1`, [countyCode])).map((r: { code: string }) => r.code));
    const seen = new Map<string, number>();
    const out: NewSchool[] = [];
    for (const row of rows) {
      const r = parseRow(rowSchema, row);
      if ('errors' in r) {
        errors.push(...r.errors);
        continue;
      }
      const v = r.value;
      if (seen.has(v.code)) errors.push({ row: row.row, column: 'code', message: `school code ${v.code} is also on row ${seen.get(v.code)}` });
      else seen.set(v.code, row.row);
      if (existing.has(v.code)) errors.push({ row: row.row, column: 'code', message: `county ${countyCode} already has a school with code ${v.code}` });
      try {
        out.push(checkSchool({ ...v, countyCode, districtCode: v.districtCode ?? null }));
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        errors.push(ruleError(row.row, err, columns));
      }
    }
    if (errors.length) throw new ImportRejected(errors.sort((a, b) => a.row - b.row), rows.length);
    return out;
  }

  private async write(m: EntityManager, actor: Actor, schools: NewSchool[]): Promise<void> {
    if (schools.length === 0) return;
    const countyCode = schools[0].countyCode;
    const districts = [...new Set(schools.map((s) => s.districtCode).filter((d): d is string => !!d))];
    await m.query(`INSERT INTO staffing.districts (county_code, code, name) SELECT $1, d, d FROM unnest($2::text[]) AS d ON CONFLICT DO NOTHING`, [countyCode, districts]);
    const saved: School[] = await m.query(
      `INSERT INTO staffing.schools (county_code, code, name, type, district_code, weak, small_scale, rural, remote_tier)
       SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::boolean[], $7::boolean[], $8::boolean[], $9::smallint[])
       RETURNING id, county_code AS "countyCode", code, name, type, district_code AS "districtCode", weak, small_scale AS "smallScale", rural, remote_tier AS "remoteTier", version`,
      [
        countyCode,
        schools.map((s) => s.code),
        schools.map((s) => s.name),
        schools.map((s) => s.type),
        schools.map((s) => s.districtCode),
        schools.map((s) => s.weak),
        schools.map((s) => s.smallScale),
        schools.map((s) => s.rural),
        schools.map((s) => s.remoteTier),
      ],
    );
    await this.outbox.addAll(
      m,
      saved.map(({ id, version: _v, ...state }) => ({ contract: SchoolRegistered, data: { schoolId: id, ...state } })),
    );
    await this.audit.recordMany(m, saved.map((s) => ({ actor, countyCode, action: 'school.import', entityType: 'school', entityId: s.id, before: null, after: s })));
  }
}
