import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AbsenceRecorded, AppointmentCorrected, AppointmentEnded, AppointmentWithdrawn, EstablishmentTypeRecorded, EventData, TeacherAppointed, TeacherRegistered } from '@app/contracts';
import { LedgerRepository } from '../../ledger/application/ledger.repository';
import { RecomputeLedger } from '../../ledger/application/recompute.service';
import { addDays, type IsoDate } from '../../ledger/domain/calendar';
import { ReadModelStore } from '../infrastructure/read-model.store';

const earliest = (...dates: (IsoDate | null | undefined)[]): IsoDate => dates.filter((d): d is IsoDate => !!d).sort()[0];

/**
 * Applies staffing's facts to the read model, in the consumer's transaction and under the county's shared
 * lock; a fact that reaches back into months already accrued recomputes them (adjustments).
 */
@Injectable()
export class IngestFacts {
  constructor(
    private readonly store: ReadModelStore,
    private readonly ledger: LedgerRepository,
    private readonly recompute: RecomputeLedger,
  ) {}

  async teacher(m: EntityManager, t: EventData<typeof TeacherRegistered>): Promise<void> {
    await this.store.teacher(m, t);
  }

  async appointed(m: EntityManager, a: EventData<typeof TeacherAppointed>, cause: string): Promise<number> {
    await this.ledger.lockCounty(m, a.countyCode, 'shared');
    await this.store.appointed(m, a);
    return this.after(m, a.teacherId, a.countyCode, a.startDate, cause);
  }

  async ended(m: EntityManager, e: EventData<typeof AppointmentEnded>, cause: string): Promise<number> {
    const before = await this.store.appointment(m, e.appointmentId);
    if (!before) return 0; // an appointment this service never saw starting: nothing of it was accrued
    await this.ledger.lockCounty(m, before.countyCode, 'shared');
    await this.store.ended(m, e);
    // Days change after the earlier of the old and new ends (an open appointment had no end).
    return this.after(m, e.teacherId, before.countyCode, addDays(earliest(before.endDate ?? e.endDate, e.endDate), 1), cause);
  }

  async corrected(m: EntityManager, c: EventData<typeof AppointmentCorrected>, cause: string): Promise<number> {
    const before = await this.store.appointment(m, c.correctedAppointmentId);
    await this.ledger.lockCounty(m, c.countyCode, 'shared');
    await this.store.corrected(m, c);
    return this.after(m, c.teacherId, c.countyCode, earliest(before?.startDate, c.startDate), cause);
  }

  /** an appointment withdrawn before it started (issue #13): it never counted; if it was accrued anyway, recomputed */
  async withdrawn(m: EntityManager, w: EventData<typeof AppointmentWithdrawn>, cause: string): Promise<number> {
    const before = await this.store.appointment(m, w.appointmentId);
    if (!before) return 0;
    await this.ledger.lockCounty(m, before.countyCode, 'shared');
    await this.store.withdrawn(m, w);
    return this.after(m, w.teacherId, before.countyCode, before.startDate, cause);
  }

  async establishment(m: EntityManager, e: EventData<typeof EstablishmentTypeRecorded>, cause: string): Promise<number> {
    await this.ledger.lockCounty(m, e.countyCode, 'shared');
    await this.store.establishment(m, e);
    return this.after(m, e.teacherId, e.countyCode, e.effectiveFrom, cause);
  }

  async absence(m: EntityManager, a: EventData<typeof AbsenceRecorded>, cause: string): Promise<number> {
    const before = await this.store.absenceStart(m, a.absenceId);
    await this.ledger.lockCounty(m, a.countyCode, 'shared');
    await this.store.absence(m, a);
    return this.after(m, a.teacherId, a.countyCode, earliest(before, a.startDate), cause);
  }

  private async after(m: EntityManager, teacherId: string, countyCode: string, from: IsoDate, cause: string): Promise<number> {
    return (await this.recompute.teacher(m, { teacherId, countyCode, from, cause })).length;
  }
}
