import { EstablishmentTypeRecorded, type EventData } from '@app/contracts';
import type { PendingEvent } from '@app/messaging';
import type { EstablishmentEntry } from '../domain/establishment';

export function establishmentRecordedEvent(e: EstablishmentEntry, countyCode: string, supersedesEntryId: string | null): PendingEvent<EventData<typeof EstablishmentTypeRecorded>> {
  return {
    contract: EstablishmentTypeRecorded,
    data: { entryId: e.id, teacherId: e.teacherId, countyCode, type: e.type, effectiveFrom: e.effectiveFrom, supersedesEntryId, reason: e.reason },
  };
}
