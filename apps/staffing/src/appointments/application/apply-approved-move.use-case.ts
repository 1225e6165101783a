import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { MoveApproved, MoveRejected, type EventData } from '@app/contracts';
import { AuditTrail } from '@app/audit';
import { Outbox, type PendingEvent } from '@app/messaging';
import { DomainError } from '@app/platform';
import { categoryForRole, PostInvalid, StaleVersion } from '../../posts/domain/post';
import { PostRepository } from '../../posts/application/post.repository';
import { TeacherRepository } from '../../teachers/application/teacher.repository';
import { TeacherNotFound } from '../../teachers/domain/teacher';
import { appointmentForMove, appointmentsToEndForMove, checkNewAppointment, dayBefore } from '../domain/appointment';
import { appointedEvent, endedEvent } from './appointment.events';
import { AppointmentRepository } from './appointment.repository';
import { AppointmentRules } from './appointment-rules.service';

type Move = EventData<typeof MoveApproved>;
const ROTATION_ACTOR = { subject: 'rotation', role: 'service' };

export type MoveOutcome = { status: 'applied'; appointmentId: string } | { status: 'rejected'; code: string; reason: string } | { status: 'already_handled' };

/**
 * Applies an approved move in the consumer's transaction: ends the appointment at the school the teacher
 * leaves (the day before the move takes effect) and starts the new one. Every rule is checked before
 * anything is written; a move that breaks one is recorded as rejected and announced with
 * staffing.MoveRejected — never half-applied.
 */
@Injectable()
export class ApplyApprovedMove {
  constructor(
    private readonly teachers: TeacherRepository,
    private readonly appointments: AppointmentRepository,
    private readonly posts: PostRepository,
    private readonly rules: AppointmentRules,
    private readonly outbox: Outbox,
    private readonly audit: AuditTrail,
  ) {}

  async execute(m: EntityManager, move: Move): Promise<MoveOutcome> {
    const seen = await m.query(`SELECT 1 FROM staffing.moves WHERE move_id = $1`, [move.moveId]);
    if (seen.length > 0) return { status: 'already_handled' };
    // Rules are checked inside a savepoint: a failed check after a partial write rolls back to here.
    await m.query('SAVEPOINT apply_move');
    try {
      const outcome = await this.apply(m, move);
      await m.query('RELEASE SAVEPOINT apply_move');
      return outcome;
    } catch (err) {
      // a race another writer won (an optimistic-lock conflict) is retried by the consumer, never recorded as a rejection
      if (!(err instanceof DomainError) || err.retriable) throw err;
      await m.query('ROLLBACK TO SAVEPOINT apply_move');
      await m.query(`INSERT INTO staffing.moves (move_id, teacher_id, status, code, reason) VALUES ($1, $2, 'rejected', $3, $4)`, [
        move.moveId,
        move.teacherId,
        err.code,
        err.message,
      ]);
      await this.outbox.add(m, MoveRejected, { moveId: move.moveId, teacherId: move.teacherId, code: err.code, reason: err.message });
      return { status: 'rejected', code: err.code, reason: err.message };
    }
  }

  private async apply(m: EntityManager, move: Move): Promise<MoveOutcome> {
    const teacher = await this.teachers.lock(m, move.teacherId);
    if (!teacher) throw new TeacherNotFound(move.teacherId);
    const category = categoryForRole(move.role);
    const subject = category === 'teacher' ? (teacher.subjects[0] ?? null) : null;
    const post = await this.posts.findAtSchool(m, move.toSchoolId, subject, category);
    if (!post && move.kind === 'regular') throw new PostInvalid(`the receiving school has no ${category}${subject ? `/${subject}` : ''} post`, { schoolId: move.toSchoolId });
    const candidate = appointmentForMove(move, teacher.id, post?.id ?? null);
    const place = await this.rules.placeFor(m, teacher, candidate);
    const current = await this.appointments.forTeacher(m, teacher.id);
    const toEnd = appointmentsToEndForMove(current, move);
    const endDate = dayBefore(move.effectiveDate);
    const afterEnding = current.map((a) => (toEnd.includes(a) ? { ...a, endDate } : a));
    checkNewAppointment(afterEnding, candidate);

    const events: PendingEvent[] = [];
    for (const a of toEnd) {
      if (a.startDate > endDate) continue;
      const ended = await this.appointments.end(m, a.id, endDate, `move ${move.moveId}`, a.version);
      if (!ended) throw new StaleVersion('appointment', a.id);
      events.push(endedEvent(ended, `move ${move.moveId}`));
    }
    if (place.post) await this.rules.claimPlace(m, place.post, place.school, candidate);
    const saved = await this.appointments.insert(m, candidate);
    events.push(appointedEvent(saved, teacher.countyCode, place.post?.subjectCode ?? null));
    await m.query(`INSERT INTO staffing.moves (move_id, teacher_id, status, appointment_id) VALUES ($1, $2, 'applied', $3)`, [move.moveId, teacher.id, saved.id]);
    await this.outbox.addAll(m, events);
    await this.audit.record(m, { actor: ROTATION_ACTOR, countyCode: teacher.countyCode, action: 'move.apply', entityType: 'appointment', entityId: saved.id, before: toEnd, after: saved });
    return { status: 'applied', appointmentId: saved.id };
  }
}
