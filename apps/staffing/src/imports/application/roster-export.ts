import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '@app/runtime';
import { writeWorkbook } from '@app/spreadsheet';
import { schoolYearOf } from '@app/rules';
import { UnknownCounty } from '../../schools/domain/school';

/** The county roster in the column names officers use in their own sheets (so an export can be re-imported). */
@Injectable()
export class RosterExport {
  constructor(private readonly uow: UnitOfWork) {}

  async workbook(countyCode: string, asOf: string): Promise<Buffer> {
    const m = this.uow.reader;
    if ((await m.query(`SELECT 1 FROM staffing.counties WHERE code = $1`, [countyCode])).length === 0) throw new UnknownCounty(countyCode);
    const schools = await m.query(
      `SELECT code, name, type, district_code AS "districtCode", CASE WHEN weak THEN '是' ELSE '否' END AS weak,
              CASE WHEN small_scale THEN '是' ELSE '否' END AS "smallScale", CASE WHEN rural THEN '是' ELSE '否' END AS rural, remote_tier AS "remoteTier"
         FROM staffing.schools WHERE county_code = $1 ORDER BY code`,
      [countyCode],
    );
    const teachers = await m.query(
      `SELECT t.staff_no AS "staffNo", t.name, CASE t.gender WHEN 'female' THEN '女' ELSE '男' END AS gender, t.birth_date AS "birthDate",
              t.first_service_date AS "firstServiceDate", array_to_string(t.subjects, ',') AS subjects, t.title, t.backbone_level AS "backboneLevel", t.category,
              s.code AS "schoolCode", p.subject_code AS "postSubject", a.role, a.kind, a.workload_share::float8 AS "workloadShare", a.start_date AS "startDate", a.end_date AS "endDate"
         FROM staffing.teachers t
         LEFT JOIN staffing.appointments a ON a.teacher_id = t.id AND a.superseded_by IS NULL AND a.start_date <= $2 AND (a.end_date IS NULL OR a.end_date >= $2)
         LEFT JOIN staffing.schools s ON s.id = a.school_id
         LEFT JOIN staffing.posts p ON p.id = a.post_id
        WHERE t.county_code = $1 ORDER BY t.staff_no, a.start_date`,
      [countyCode, asOf],
    );
    const vacancies = await m.query(
      `SELECT s.code AS "schoolCode", s.name AS "schoolName", p.subject_code AS "subjectCode", p.category, q.approved_headcount AS quota,
              (SELECT count(DISTINCT a.teacher_id) FROM staffing.appointments a WHERE a.post_id = p.id AND a.superseded_by IS NULL
                  AND a.start_date <= $2 AND (a.end_date IS NULL OR a.end_date >= $2))::int AS filled
         FROM staffing.posts p JOIN staffing.schools s ON s.id = p.school_id AND s.county_code = $1
         JOIN staffing.post_quotas q ON q.post_id = p.id AND q.school_year = $3
        ORDER BY s.code, p.category, p.subject_code`,
      [countyCode, asOf, schoolYearOf(asOf)],
    );
    return writeWorkbook([
      {
        name: '学校 Schools',
        columns: [
          { header: '学校代码', key: 'code' },
          { header: '学校名称', key: 'name', width: 30 },
          { header: '学校类型', key: 'type', width: 22 },
          { header: '学区', key: 'districtCode' },
          { header: '薄弱学校', key: 'weak' },
          { header: '小规模学校', key: 'smallScale' },
          { header: '乡村学校', key: 'rural' },
          { header: '边远等级', key: 'remoteTier' },
        ],
        rows: schools,
      },
      {
        name: '教师 Teachers',
        columns: [
          { header: '工号', key: 'staffNo' },
          { header: '姓名', key: 'name' },
          { header: '性别', key: 'gender' },
          { header: '出生日期', key: 'birthDate' },
          { header: '参加工作时间', key: 'firstServiceDate' },
          { header: '任教学科', key: 'subjects', width: 24 },
          { header: '职称', key: 'title' },
          { header: '骨干级别', key: 'backboneLevel' },
          { header: '类别', key: 'category' },
          { header: '学校代码', key: 'schoolCode' },
          { header: '岗位学科', key: 'postSubject' },
          { header: '职务', key: 'role' },
          { header: '任职类型', key: 'kind' },
          { header: '工作量', key: 'workloadShare' },
          { header: '任职开始', key: 'startDate' },
          { header: '任职结束', key: 'endDate' },
        ],
        rows: teachers,
      },
      {
        name: `空编 Vacancies ${schoolYearOf(asOf)}`,
        columns: [
          { header: '学校代码', key: 'schoolCode' },
          { header: '学校名称', key: 'schoolName', width: 30 },
          { header: '学科', key: 'subjectCode' },
          { header: '岗位类别', key: 'category' },
          { header: '核定人数', key: 'quota' },
          { header: '在岗人数', key: 'filled' },
          { header: '空缺', key: 'vacancies' },
        ],
        rows: vacancies.map((v: { quota: number; filled: number }) => ({ ...v, vacancies: Math.max(0, v.quota - v.filled) })),
      },
    ]);
  }
}
