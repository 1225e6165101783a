import { Injectable } from '@nestjs/common';
import { AuditTrail } from '@app/audit';
import { Forbidden, type Principal } from '@app/auth';
import { TeacherContactChanged } from '@app/contracts';
import { Outbox } from '@app/messaging';
import { UnitOfWork } from '@app/runtime';
import { StaleVersion } from '../../posts/domain/post';
import { TeacherRepository } from '../../teachers/application/teacher.repository';
import { TeacherNotFound } from '../../teachers/domain/teacher';
import { auditView, normaliseContact, type Contact, type Language } from '../domain/contact';
import { ContactRepository } from './contact.repository';

/**
 * Who may see and change a teacher's contact: the teacher themself, and HR of the teacher's county (the city
 * administrator, who acts as any county's HR, too). Not a school administrator, not another teacher, not the
 * operators' account — stricter than the rest of a teacher's record.
 */
export function assertContactAccess(p: Principal, teacherId: string, teacherCountyCode: string): void {
  const allowed = (p.role === 'teacher' && p.teacherId === teacherId) || (p.role === 'county_hr' && p.countyCode === teacherCountyCode) || p.role === 'city_admin';
  if (!allowed) throw new Forbidden(`${p.role} may not see or change the contact details of teacher ${teacherId}: only the teacher and their county's HR may`, { teacherId });
}

/**
 * A teacher's e-mail, mobile phone and language. A change is audited with the values masked (the audit trail is
 * read by every officer of the county and kept for ever, and an old address must not outlive its change
 * there), announced as staffing.TeacherContactChanged on the compacted staffing.contacts topic, and never logged.
 */
@Injectable()
export class ManageContact {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly teachers: TeacherRepository,
    private readonly contacts: ContactRepository,
    private readonly outbox: Outbox,
    private readonly audit: AuditTrail,
  ) {}

  async read(p: Principal, teacherId: string): Promise<Contact> {
    const teacher = await this.teachers.findById(this.uow.reader, teacherId);
    if (!teacher) throw new TeacherNotFound(teacherId);
    assertContactAccess(p, teacherId, teacher.countyCode);
    return this.contacts.find(this.uow.reader, teacherId);
  }

  async set(p: Principal, teacherId: string, input: { email: string | null; phone: string | null; language: Language; version: number }): Promise<Contact> {
    return this.uow.run(async (m) => {
      const teacher = await this.teachers.findById(m, teacherId);
      if (!teacher) throw new TeacherNotFound(teacherId);
      assertContactAccess(p, teacherId, teacher.countyCode);
      const next = normaliseContact(input);
      const before = await this.contacts.find(m, teacherId, true);
      const saved = await this.contacts.save(m, teacherId, next, input.version, p.subject);
      if (!saved) throw new StaleVersion('contact of teacher', teacherId);
      await this.outbox.add(m, TeacherContactChanged, { teacherId, countyCode: teacher.countyCode, email: saved.email, phone: saved.phone, language: saved.language });
      await this.audit.record(m, { actor: p, countyCode: teacher.countyCode, action: 'teacher.contact', entityType: 'teacher', entityId: teacherId, before: auditView(before), after: auditView(saved) });
      return saved;
    });
  }
}
