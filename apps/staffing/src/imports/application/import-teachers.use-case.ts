import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import { APPOINTMENT_KINDS, BACKBONE_LEVELS, LANGUAGES, ROLES, TEACHER_CATEGORIES, TeacherContactChanged } from '@app/contracts';
import { AuditTrail, type Actor, type AuditEntry } from '@app/audit';
import { Outbox, type PendingEvent } from '@app/messaging';
import { DomainError } from '@app/platform';
import { UnitOfWork } from '@app/runtime';
import type { ColumnSpec, SheetRow } from '@app/spreadsheet';
import { auditView, ContactInvalid, normaliseContact } from '../../contacts/domain/contact';
import { appointedEvent } from '../../appointments/application/appointment.events';
import { checkNewAppointment, type Appointment, type NewAppointment } from '../../appointments/domain/appointment';
import { schoolYearOf, todayInShanghai } from '@app/rules';
import { categoryForRole, checkHire, placeCheckDate, type Post } from '../../posts/domain/post';
import { teacherRegisteredEvent } from '../../teachers/application/teacher.events';
import { checkTeacher, type NewTeacher, type Teacher } from '../../teachers/domain/teacher';
import { TEACHER_COLUMNS } from '../../teachers/infrastructure/teacher.repository.sql';
import { cell, cellType as t, ImportRejected, parseRow, ruleError, assertRows, type RowError } from './import-rows';

export const TEACHER_IMPORT_COLUMNS: ColumnSpec[] = [
  { key: 'staffNo', headers: ['staffNo', '工号'], required: true },
  { key: 'name', headers: ['name', '姓名'], required: true },
  { key: 'gender', headers: ['gender', '性别'], required: true },
  { key: 'birthDate', headers: ['birthDate', '出生日期'], required: true },
  { key: 'firstServiceDate', headers: ['firstServiceDate', '参加工作时间'], required: true },
  { key: 'subjects', headers: ['subjects', '任教学科'], required: true },
  { key: 'title', headers: ['title', '职称'], required: false },
  { key: 'backboneLevel', headers: ['backboneLevel', '骨干级别'], required: false },
  { key: 'category', headers: ['category', '类别'], required: false },
  { key: 'schoolCode', headers: ['schoolCode', '学校代码'], required: false },
  { key: 'postSubject', headers: ['postSubject', '岗位学科'], required: false },
  { key: 'role', headers: ['role', '职务'], required: false },
  { key: 'kind', headers: ['kind', '任职类型'], required: false },
  { key: 'workloadShare', headers: ['workloadShare', '工作量'], required: false },
  { key: 'startDate', headers: ['startDate', '任职开始'], required: false },
  { key: 'endDate', headers: ['endDate', '任职结束'], required: false },
  // contact details (personal data, optional): kept apart from the teacher's record, audited masked, never logged
  { key: 'email', headers: ['email', '电子邮箱'], required: false },
  { key: 'phone', headers: ['phone', '手机'], required: false },
  { key: 'language', headers: ['language', '通知语言'], required: false },
];

const LANGUAGE_CELLS: Record<string, 'zh-CN' | 'en'> = { 'zh-cn': 'zh-CN', zh: 'zh-CN', 中文: 'zh-CN', en: 'en', english: 'en', 英文: 'en' };

const GENDERS: Record<string, 'female' | 'male'> = { female: 'female', f: 'female', 女: 'female', male: 'male', m: 'male', 男: 'male' };

/** `knownSubjects` lets a row report an unknown subject beside its other problems. */
const rowSchema = (knownSubjects: ReadonlySet<string>) =>
  z
  .object({
    staffNo: cell.required(t.text(32)),
    name: cell.required(t.text(100)),
    gender: cell.required(z.preprocess((v) => GENDERS[String(v).trim().toLowerCase()] ?? v, z.enum(['female', 'male'], { error: 'must be female/male (女/男)' }))),
    birthDate: cell.required(t.date()),
    firstServiceDate: cell.required(t.date()),
    subjects: cell.required(
      t
        .list()
        .pipe(z.array(z.string()).min(1).max(10))
        .superRefine((list, ctx) => {
          for (const s of list) if (!knownSubjects.has(s)) ctx.addIssue({ code: 'custom', message: `unknown subject ${s}` });
        }),
    ),
    title: cell.optional(t.text(64)),
    backboneLevel: cell.orDefault(z.enum(BACKBONE_LEVELS), 'none'),
    category: cell.orDefault(z.enum(TEACHER_CATEGORIES), 'teacher'),
    schoolCode: cell.optional(t.text(32)),
    postSubject: cell.optional(t.text(32)),
    role: cell.orDefault(z.enum(ROLES), 'teacher'),
    kind: cell.orDefault(z.enum(APPOINTMENT_KINDS), 'regular'),
    workloadShare: cell.orDefault(t.share(), 1),
    startDate: cell.optional(t.date()),
    endDate: cell.optional(t.date()),
    email: cell.optional(t.text(254)),
    phone: cell.optional(t.text(32)),
    language: cell.orDefault(z.preprocess((v) => LANGUAGE_CELLS[String(v).trim().toLowerCase()] ?? v, z.enum(LANGUAGES, { error: 'must be zh-CN or en (中文/英文)' })), 'zh-CN'),
  })
  .superRefine((r, ctx) => {
    if (r.schoolCode && !r.startDate) ctx.addIssue({ code: 'custom', path: ['startDate'], message: 'an appointment needs a start date' });
    if (!r.schoolCode && r.startDate) ctx.addIssue({ code: 'custom', path: ['schoolCode'], message: 'a start date needs the school it is at' });
    if (r.startDate && r.endDate && r.endDate < r.startDate) ctx.addIssue({ code: 'custom', path: ['endDate'], message: 'must not be before the start date' });
  });
type TeacherRow = z.infer<ReturnType<typeof rowSchema>>;

interface Planned {
  row: number;
  teacher: NewTeacher;
  appointment: Omit<NewAppointment, 'teacherId'> | null;
  post: Post | null;
  /** null: no contact column filled on the row */
  contact: { email: string | null; phone: string | null; language: 'zh-CN' | 'en' } | null;
}

export interface ImportSummary {
  rows: number;
  dryRun: boolean;
  /** what was (or, in a dry run, would be) created or set, by kind */
  written: Record<string, number>;
}

/**
 * Registers the teachers of a sheet, each with an optional appointment, all or nothing: every row is
 * checked (format, the teacher rules, the appointment rules, quotas including the sheet's own earlier
 * rows) before anything is written, and every problem is reported with its row and column. The posts
 * involved are locked for the transaction, so concurrent hires cannot slip past the quota check.
 */
@Injectable()
export class ImportTeachers {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly outbox: Outbox,
    private readonly audit: AuditTrail,
  ) {}

  async execute(actor: Actor, countyCode: string, rows: SheetRow[], dryRun: boolean): Promise<ImportSummary> {
    assertRows(rows, 'teachers');
    return this.uow.run(async (m) => {
      const planned = await this.plan(m, countyCode, rows);
      if (!dryRun) await this.write(m, actor, countyCode, planned);
      return { rows: rows.length, dryRun, written: { teachers: planned.length, appointments: planned.filter((p) => p.appointment).length } };
    });
  }

  private async plan(m: EntityManager, countyCode: string, rows: SheetRow[]): Promise<Planned[]> {
    const errors: RowError[] = [];
    const columns = TEACHER_IMPORT_COLUMNS.map((c) => c.key);
    const subjects = new Set<string>((await m.query(`SELECT code FROM staffing.subjects`)).map((r: { code: string }) => r.code));
    const schema = rowSchema(subjects);
    const parsed: { row: number; value: TeacherRow; languageGiven: boolean }[] = [];
    for (const row of rows) {
      const r = parseRow(schema, row);
      if ('errors' in r) errors.push(...r.errors);
      else parsed.push({ row: row.row, value: r.value, languageGiven: (row.values.language ?? '').trim() !== '' });
    }

    const taken = new Set<string>(
      (await m.query(`SELECT staff_no FROM staffing.teachers WHERE county_code = $1 AND staff_no = ANY($2)`, [countyCode, parsed.map((p) => p.value.staffNo)])).map(
        (r: { staff_no: string }) => r.staff_no,
      ),
    );
    const schoolCodes = [...new Set(parsed.map((p) => p.value.schoolCode).filter((c): c is string => !!c))];
    const schools = new Map<string, { id: string; name: string }>(
      (await m.query(`SELECT id, code, name FROM staffing.schools WHERE county_code = $1 AND code = ANY($2)`, [countyCode, schoolCodes])).map(
        (s: { id: string; code: string; name: string }) => [s.code, s],
      ),
    );
    const postRows: (Post & { key: string })[] = await m.query(
      `SELECT id, school_id AS "schoolId", subject_code AS "subjectCode", category, version,
              school_id || '|' || coalesce(subject_code, '') || '|' || category AS key
         FROM staffing.posts WHERE school_id = ANY($1) ORDER BY id FOR UPDATE`,
      [[...schools.values()].map((s) => s.id)],
    );
    const posts = new Map(postRows.map((p) => [p.key, p]));
    const quotaCache = new Map<string, number | null>();
    const filledCache = new Map<string, number>();
    const seenStaffNo = new Map<string, number>();
    const today = todayInShanghai();
    const planned: Planned[] = [];

    for (const { row, value: r, languageGiven } of parsed) {
      const rowErrors: RowError[] = [];
      const first = seenStaffNo.get(r.staffNo);
      if (first) rowErrors.push({ row, column: 'staffNo', message: `staff number ${r.staffNo} is also on row ${first}` });
      else seenStaffNo.set(r.staffNo, row);
      if (taken.has(r.staffNo)) rowErrors.push({ row, column: 'staffNo', message: `county ${countyCode} already has a teacher with staff number ${r.staffNo}` });
      let teacher: NewTeacher | null = null;
      try {
        teacher = checkTeacher(
          { countyCode, staffNo: r.staffNo, name: r.name, gender: r.gender, birthDate: r.birthDate, firstServiceDate: r.firstServiceDate, subjects: r.subjects, title: r.title ?? null, backboneLevel: r.backboneLevel, category: r.category },
          today,
        );
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        rowErrors.push(ruleError(row, err, columns));
      }

      let appointment: Planned['appointment'] = null;
      let post: Post | null = null;
      if (r.schoolCode && r.startDate) {
        const school = schools.get(r.schoolCode);
        if (!school) rowErrors.push({ row, column: 'schoolCode', message: `no school with code ${r.schoolCode} in ${countyCode}` });
        else {
          const category = categoryForRole(r.role);
          const subject = category === 'teacher' ? (r.postSubject ?? r.subjects[0]) : null;
          post = posts.get(`${school.id}|${subject ?? ''}|${category}`) ?? null;
          if (!post && r.kind === 'regular') rowErrors.push({ row, column: 'postSubject', message: `${r.schoolCode} has no ${category}${subject ? `/${subject}` : ''} post` });
          appointment = { schoolId: school.id, postId: post?.id ?? null, kind: r.kind, role: r.role, workloadShare: r.workloadShare, startDate: r.startDate, endDate: r.endDate ?? null, moveId: null, correctsId: null, reason: 'spreadsheet import' };
          try {
            checkNewAppointment([], { ...appointment, teacherId: 'new' });
            const checkDate = placeCheckDate(r.startDate, r.endDate ?? null, today);
            if (post && checkDate) {
              const year = schoolYearOf(checkDate);
              const qKey = `${post.id}|${year}`;
              if (!quotaCache.has(qKey)) {
                const [q] = await m.query(`SELECT approved_headcount AS n FROM staffing.post_quotas WHERE post_id = $1 AND school_year = $2`, [post.id, year]);
                quotaCache.set(qKey, q ? q.n : null);
              }
              if (!filledCache.has(qKey)) {
                const [{ n }] = await m.query(
                  `SELECT count(DISTINCT teacher_id)::int AS n FROM staffing.appointments WHERE post_id = $1 AND superseded_by IS NULL AND start_date <= $2 AND (end_date IS NULL OR end_date >= $2)`,
                  [post.id, checkDate],
                );
                filledCache.set(qKey, n);
              }
              checkHire(post, school.name, year, quotaCache.get(qKey)!, filledCache.get(qKey)!);
              filledCache.set(qKey, filledCache.get(qKey)! + 1);
            }
          } catch (err) {
            if (!(err instanceof DomainError)) throw err;
            rowErrors.push(ruleError(row, err, columns));
          }
        }
      }
      let contact: Planned['contact'] = null;
      if (r.email || r.phone || languageGiven) {
        try {
          contact = normaliseContact({ email: r.email ?? null, phone: r.phone ?? null, language: r.language });
        } catch (err) {
          if (!(err instanceof ContactInvalid)) throw err;
          rowErrors.push({ row, column: String(err.details?.field ?? 'email'), message: err.message });
        }
      }
      errors.push(...rowErrors);
      if (rowErrors.length === 0 && teacher) planned.push({ row, teacher, appointment, post, contact });
    }
    if (errors.length) throw new ImportRejected(errors.sort((a, b) => a.row - b.row), rows.length);
    return planned;
  }

  private async write(m: EntityManager, actor: Actor, countyCode: string, planned: Planned[]): Promise<void> {
    const teachers: Teacher[] = [];
    for (let i = 0; i < planned.length; i += 2000) {
      const chunk = planned.slice(i, i + 2000).map((p) => p.teacher);
      const inserted: Teacher[] = await m.query(
        `INSERT INTO staffing.teachers AS t (county_code, staff_no, name, gender, birth_date, first_service_date, subjects, title, backbone_level, category)
         SELECT $1, x.staff_no, x.name, x.gender, x.birth_date, x.first_service_date, string_to_array(x.subjects, ','), x.title, x.backbone_level, x.category
           FROM unnest($2::text[], $3::text[], $4::text[], $5::date[], $6::date[], $7::text[], $8::text[], $9::text[], $10::text[])
                AS x(staff_no, name, gender, birth_date, first_service_date, subjects, title, backbone_level, category)
         RETURNING ${TEACHER_COLUMNS}`,
        [
          countyCode,
          chunk.map((t) => t.staffNo),
          chunk.map((t) => t.name),
          chunk.map((t) => t.gender),
          chunk.map((t) => t.birthDate),
          chunk.map((t) => t.firstServiceDate),
          chunk.map((t) => t.subjects.join(',')),
          chunk.map((t) => t.title),
          chunk.map((t) => t.backboneLevel),
          chunk.map((t) => t.category),
        ],
      );
      teachers.push(...inserted);
    }
    const idByStaffNo = new Map(teachers.map((t) => [t.staffNo, t.id]));
    const withAppointment = planned.filter((p) => p.appointment);
    const appointments: Appointment[] = [];
    for (let i = 0; i < withAppointment.length; i += 2000) {
      const chunk = withAppointment.slice(i, i + 2000);
      const inserted: Appointment[] = await m.query(
        `INSERT INTO staffing.appointments AS a (teacher_id, school_id, post_id, kind, role, workload_share, start_date, end_date, reason)
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::numeric[], $7::date[], $8::date[], $9::text[])
         RETURNING a.id, a.teacher_id AS "teacherId", a.school_id AS "schoolId", a.post_id AS "postId", a.kind, a.role, a.workload_share::float8 AS "workloadShare",
                   a.start_date AS "startDate", a.end_date AS "endDate", a.move_id AS "moveId", a.corrects_id AS "correctsId", a.reason, a.version`,
        [
          chunk.map((p) => idByStaffNo.get(p.teacher.staffNo)),
          chunk.map((p) => p.appointment!.schoolId),
          chunk.map((p) => p.appointment!.postId),
          chunk.map((p) => p.appointment!.kind),
          chunk.map((p) => p.appointment!.role),
          chunk.map((p) => p.appointment!.workloadShare),
          chunk.map((p) => p.appointment!.startDate),
          chunk.map((p) => p.appointment!.endDate),
          chunk.map((p) => p.appointment!.reason),
        ],
      );
      appointments.push(...inserted);
    }
    const touchedPosts = [...new Set(withAppointment.map((p) => p.post?.id).filter((id): id is string => !!id))];
    if (touchedPosts.length) await m.query(`UPDATE staffing.posts SET version = version + 1 WHERE id = ANY($1)`, [touchedPosts]);

    const subjectOfPost = new Map(withAppointment.filter((p) => p.post).map((p) => [p.post!.id, p.post!.subjectCode]));
    const withContact = planned.filter((p) => p.contact).map((p) => ({ teacherId: idByStaffNo.get(p.teacher.staffNo)!, ...p.contact! }));
    if (withContact.length) {
      await m.query(
        `INSERT INTO staffing.teacher_contacts (teacher_id, email, phone, language, updated_by) SELECT x.*, $5 FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) AS x`,
        [withContact.map((c) => c.teacherId), withContact.map((c) => c.email), withContact.map((c) => c.phone), withContact.map((c) => c.language), actor.subject],
      );
    }
    const events: PendingEvent[] = [
      ...teachers.map(teacherRegisteredEvent),
      ...appointments.map((a) => appointedEvent(a, countyCode, a.postId ? (subjectOfPost.get(a.postId) ?? null) : null)),
      ...withContact.map((c) => ({ contract: TeacherContactChanged, data: { ...c, countyCode } })),
    ];
    await this.outbox.addAll(m, events);
    const entries: AuditEntry[] = [
      ...teachers.map((t) => ({ actor, countyCode, action: 'teacher.import', entityType: 'teacher', entityId: t.id, before: null, after: t })),
      ...appointments.map((a) => ({ actor, countyCode, action: 'appointment.import', entityType: 'appointment', entityId: a.id, before: null, after: a })),
      ...withContact.map((c) => ({ actor, countyCode, action: 'teacher.contact', entityType: 'teacher', entityId: c.teacherId, before: null, after: auditView({ ...c, version: 1 }) })),
    ];
    await this.audit.recordMany(m, entries);
  }
}
