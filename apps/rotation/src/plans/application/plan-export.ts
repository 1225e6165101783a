import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '@app/runtime';
import { writeWorkbook } from '@app/spreadsheet';
import type { PlannedMove } from '../../planning/domain/plan';

/** The plan and the teachers' notices as an Excel workbook, for the officers who send them out. */
@Injectable()
export class PlanExport {
  constructor(private readonly uow: UnitOfWork) {}

  async workbook(plan: { number: number; moves: PlannedMove[] }, cycle: { countyCode: string; schoolYear: number; effectiveDate: string }): Promise<Buffer> {
    const m = this.uow.reader;
    const teacherIds = plan.moves.map((mv) => mv.teacherId);
    const schoolIds = [...new Set(plan.moves.flatMap((mv) => [mv.fromSchoolId, mv.toSchoolId]))];
    const names = new Map<string, string>(
      (await m.query(`SELECT teacher_id AS id, name FROM rotation.teachers WHERE teacher_id = ANY($1)`, [teacherIds])).map((r: { id: string; name: string }) => [r.id, r.name]),
    );
    const schools = new Map<string, string>(
      (await m.query(`SELECT school_id AS id, coalesce(name, school_id::text) AS name FROM rotation.schools WHERE school_id = ANY($1)`, [schoolIds])).map((r: { id: string; name: string }) => [r.id, r.name]),
    );
    const rows = plan.moves.map((mv) => ({
      teacher: names.get(mv.teacherId) ?? mv.teacherId,
      from: schools.get(mv.fromSchoolId) ?? mv.fromSchoolId,
      to: schools.get(mv.toSchoolId) ?? mv.toSchoolId,
      subject: mv.subject ?? '',
      category: mv.category,
      mandatory: mv.mandatory ?? '',
      rank: mv.preferenceRank ?? '',
      effective: cycle.effectiveDate,
    }));
    return writeWorkbook([
      {
        name: `调动方案 Plan ${plan.number}`,
        columns: [
          { header: '教师', key: 'teacher' },
          { header: '原学校', key: 'from', width: 28 },
          { header: '新学校', key: 'to', width: 28 },
          { header: '学科', key: 'subject' },
          { header: '类别', key: 'category' },
          { header: '义务 (R2/R3)', key: 'mandatory' },
          { header: '志愿排位', key: 'rank' },
          { header: '生效日期', key: 'effective' },
        ],
        rows,
      },
      {
        name: '通知 Notices',
        columns: [
          { header: '教师', key: 'teacher' },
          { header: '通知', key: 'notice', width: 90 },
        ],
        rows: rows.map((r) => ({
          teacher: r.teacher,
          notice: `${r.teacher}老师：根据${cycle.schoolYear}学年县域教师交流轮岗方案，您自${r.effective}起由${r.from}交流到${r.to}任教。`,
        })),
      },
    ]);
  }
}
