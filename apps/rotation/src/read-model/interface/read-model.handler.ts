import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import {
  AppointmentCorrected,
  AppointmentEnded,
  ObligationRaised,
  ExemptionRecorded,
  MoveRejected,
  ObligationResolved,
  PostQuotaSet,
  TeacherAppointed,
  TeacherRegistered,
  TeacherUpdated,
  type EventData,
} from '@app/contracts';
import { EventContext, type ReceivedEvent } from '@app/messaging';

type Teacher = EventData<typeof TeacherRegistered>;

/** Rotation's read model of teachers, their appointments and the scheduler's obligations (idempotent upserts). */
@Controller()
export class ReadModelHandler {
  @EventPattern(TeacherRegistered.type)
  registered(@Payload() e: ReceivedEvent<Teacher>, @Ctx() ctx: EventContext) {
    return this.teacher(e.data, ctx);
  }

  @EventPattern(TeacherUpdated.type)
  updated(@Payload() e: ReceivedEvent<Teacher>, @Ctx() ctx: EventContext) {
    return this.teacher(e.data, ctx);
  }

  @EventPattern(TeacherAppointed.type)
  async appointed(@Payload() { data: a }: ReceivedEvent<EventData<typeof TeacherAppointed>>, @Ctx() ctx: EventContext) {
    await ctx.manager.query(
      `INSERT INTO rotation.appointments (appointment_id, teacher_id, school_id, kind, role, subject, start_date, end_date) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (appointment_id) DO NOTHING`,
      [a.appointmentId, a.teacherId, a.schoolId, a.kind, a.role, a.subject, a.startDate, a.endDate],
    );
  }

  @EventPattern(AppointmentEnded.type)
  async ended(@Payload() { data }: ReceivedEvent<EventData<typeof AppointmentEnded>>, @Ctx() ctx: EventContext) {
    await ctx.manager.query(`UPDATE rotation.appointments SET end_date = $2 WHERE appointment_id = $1`, [data.appointmentId, data.endDate]);
  }

  @EventPattern(AppointmentCorrected.type)
  async corrected(@Payload() { data: c }: ReceivedEvent<EventData<typeof AppointmentCorrected>>, @Ctx() ctx: EventContext) {
    await ctx.manager.query(`UPDATE rotation.appointments SET superseded = true WHERE appointment_id = $1`, [c.correctedAppointmentId]);
    await ctx.manager.query(
      `INSERT INTO rotation.appointments (appointment_id, teacher_id, school_id, kind, role, subject, start_date, end_date) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (appointment_id) DO NOTHING`,
      [c.appointmentId, c.teacherId, c.schoolId, c.kind, c.role, c.subject, c.startDate, c.endDate],
    );
  }

  @EventPattern(ObligationRaised.type)
  async obligationRaised(@Payload() { data: o }: ReceivedEvent<EventData<typeof ObligationRaised>>, @Ctx() ctx: EventContext) {
    await ctx.manager.query(
      `INSERT INTO rotation.obligations (obligation_id, rule, teacher_id, county_code, severity, due_by, open) VALUES ($1, $2, $3, $4, $5, $6, true)
       ON CONFLICT (obligation_id) DO UPDATE SET severity = EXCLUDED.severity, due_by = EXCLUDED.due_by, open = true`,
      [o.obligationId, o.rule, o.teacherId, o.countyCode, o.severity, o.dueBy],
    );
  }

  @EventPattern(ObligationResolved.type)
  async obligationResolved(@Payload() { data }: ReceivedEvent<EventData<typeof ObligationResolved>>, @Ctx() ctx: EventContext) {
    await ctx.manager.query(`UPDATE rotation.obligations SET open = false WHERE obligation_id = $1`, [data.obligationId]);
  }

  @EventPattern(ExemptionRecorded.type)
  async exemption(@Payload() { data: x }: ReceivedEvent<EventData<typeof ExemptionRecorded>>, @Ctx() ctx: EventContext) {
    await ctx.manager.query(
      `INSERT INTO rotation.exemptions (exemption_id, teacher_id, reason, from_date, until_date) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (exemption_id) DO NOTHING`,
      [x.exemptionId, x.teacherId, x.reason, x.from, x.until],
    );
  }

  @EventPattern(MoveRejected.type)
  async moveRejected(@Payload() { data: r }: ReceivedEvent<EventData<typeof MoveRejected>>, @Ctx() ctx: EventContext) {
    await ctx.manager.query(
      `INSERT INTO rotation.move_rejections (move_id, teacher_id, code, reason) VALUES ($1, $2, $3, $4) ON CONFLICT (move_id) DO NOTHING`,
      [r.moveId, r.teacherId, r.code, r.reason],
    );
  }

  @EventPattern(PostQuotaSet.type)
  async quota(@Payload() { data: q }: ReceivedEvent<EventData<typeof PostQuotaSet>>, @Ctx() ctx: EventContext) {
    await ctx.manager.query(
      `INSERT INTO rotation.post_quotas (post_id, school_year, school_id, county_code, subject_code, category, approved_headcount) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (post_id, school_year) DO UPDATE SET approved_headcount = EXCLUDED.approved_headcount`,
      [q.postId, q.schoolYear, q.schoolId, q.countyCode, q.subjectCode, q.category, q.approvedHeadcount],
    );
  }

  private async teacher(t: Teacher, ctx: EventContext) {
    await ctx.manager.query(
      `INSERT INTO rotation.teachers (teacher_id, county_code, name, birth_date, gender, subjects, backbone_level, category) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (teacher_id) DO UPDATE SET county_code = EXCLUDED.county_code, name = EXCLUDED.name, birth_date = EXCLUDED.birth_date, gender = EXCLUDED.gender,
         subjects = EXCLUDED.subjects, backbone_level = EXCLUDED.backbone_level, category = EXCLUDED.category`,
      [t.teacherId, t.countyCode, t.name, t.birthDate, t.gender, t.subjects, t.backboneLevel, t.category],
    );
  }
}
