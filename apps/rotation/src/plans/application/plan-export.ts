import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '@app/runtime';
import { writeWorkbook } from '@app/spreadsheet';
import type { PlannedMove } from '../../planning/domain/plan';
import { PlannerFactsRepository } from './planner-facts.repository';

/** The plan and the teachers' notices as an Excel workbook, for the officers who send them out. */
@Injectable()
export class PlanExport {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly facts: PlannerFactsRepository,
  ) {}

  async workbook(plan: { number: number; moves: PlannedMove[] }, cycle: { countyCode: string; schoolYear: number; effectiveDate: string }): Promise<Buffer> {
    const names = await this.facts.names(
      this.uow.reader,
      plan.moves.map((mv) => mv.teacherId),
      [...new Set(plan.moves.flatMap((mv) => [mv.fromSchoolId, mv.toSchoolId]))],
    );
    const rows = plan.moves.map((mv) => ({
      teacher: names.teachers.get(mv.teacherId) ?? mv.teacherId,
      from: names.schools.get(mv.fromSchoolId) ?? mv.fromSchoolId,
      to: names.schools.get(mv.toSchoolId) ?? mv.toSchoolId,
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
