import { AbsenceRecorded, AbsenceUpdated, type EventData } from '@app/contracts';
import type { PendingEvent } from '@app/messaging';
import type { Absence } from '../domain/absence';

function state(a: Absence, countyCode: string): EventData<typeof AbsenceRecorded> {
  return { absenceId: a.id, teacherId: a.teacherId, countyCode, kind: a.kind, startDate: a.startDate, endDate: a.endDate, status: a.status, reason: a.reason };
}

export const absenceRecordedEvent = (a: Absence, countyCode: string): PendingEvent => ({ contract: AbsenceRecorded, data: state(a, countyCode) });
export const absenceUpdatedEvent = (a: Absence, countyCode: string): PendingEvent => ({ contract: AbsenceUpdated, data: state(a, countyCode) });
