import { AppointmentCorrected, AppointmentEnded, AppointmentWithdrawn, TeacherAppointed, type EventData } from '@app/contracts';
import type { PendingEvent } from '@app/messaging';
import type { Appointment } from '../domain/appointment';

export function appointedEvent(a: Appointment, countyCode: string, subject: string | null): PendingEvent<EventData<typeof TeacherAppointed>> {
  return {
    contract: TeacherAppointed,
    data: {
      appointmentId: a.id,
      teacherId: a.teacherId,
      schoolId: a.schoolId,
      countyCode,
      postId: a.postId,
      subject,
      kind: a.kind,
      role: a.role,
      workloadShare: a.workloadShare,
      startDate: a.startDate,
      endDate: a.endDate,
      moveId: a.moveId,
    },
  };
}

export function endedEvent(a: Appointment, reason: string): PendingEvent<EventData<typeof AppointmentEnded>> {
  return {
    contract: AppointmentEnded,
    data: { appointmentId: a.id, teacherId: a.teacherId, schoolId: a.schoolId, endDate: a.endDate!, reason, moveId: a.moveId },
  };
}

export function correctedEvent(a: Appointment, correctedId: string, countyCode: string, subject: string | null): PendingEvent<EventData<typeof AppointmentCorrected>> {
  const { moveId: _moveId, ...appointment } = appointedEvent(a, countyCode, subject).data;
  return { contract: AppointmentCorrected, data: { ...appointment, correctedAppointmentId: correctedId, reason: a.reason ?? 'correction' } };
}

export function withdrawnEvent(a: Appointment, countyCode: string, reason: string): PendingEvent<EventData<typeof AppointmentWithdrawn>> {
  return { contract: AppointmentWithdrawn, data: { appointmentId: a.id, teacherId: a.teacherId, schoolId: a.schoolId, countyCode, moveId: a.moveId, startDate: a.startDate, reason } };
}
