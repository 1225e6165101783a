import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { distinctRuns } from '@app/messaging';
import type { AbsenceRecorded, AppointmentCorrected, AppointmentEnded, AppointmentWithdrawn, EstablishmentTypeRecorded, EventData, TeacherAppointed, TeacherRegistered } from '@app/contracts';
import { LedgerRepository } from '../../ledger/application/ledger.repository';
import { RecomputeLedger } from '../../ledger/application/recompute.service';
import { addDays, monthContaining, type IsoDate } from '../../ledger/domain/calendar';
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

  async teachers(m: EntityManager, ts: EventData<typeof TeacherRegistered>[]): Promise<void> {
    for (const part of distinctRuns(ts, (t) => t.teacherId)) await this.store.teachers(m, part);
  }

  async appointed(m: EntityManager, a: EventData<typeof TeacherAppointed>, cause: string): Promise<number> {
    await this.ledger.lockCounty(m, a.countyCode, 'shared');
    await this.store.appointed(m, a);
    return this.after(m, a.teacherId, a.countyCode, a.startDate, cause);
  }

  /**
   * Many appointments (a run of TeacherAppointed): the same effect as appointed() one by one. While no month
   * the facts reach is accrued in their counties (a catch-up, a new county), there is nothing to recompute
   * and the rows go in with one statement; otherwise one by one, so each fact posts its own adjustments.
   */
  async appointedMany(m: EntityManager, as: EventData<typeof TeacherAppointed>[], cause: string): Promise<number> {
    if (!(await this.nothingAccrued(m, as.map((a) => ({ countyCode: a.countyCode, from: a.startDate }))))) return this.oneByOne(as, (a) => this.appointed(m, a, cause));
    for (const part of distinctRuns(as, (a) => a.appointmentId)) await this.store.appointedMany(m, part);
    return 0;
  }

  /** Many ends (a run of AppointmentEnded): the same effect as ended() one by one (see appointedMany). */
  async endedMany(m: EntityManager, es: EventData<typeof AppointmentEnded>[], cause: string): Promise<number> {
    let adjustments = 0;
    for (const part of distinctRuns(es, (e) => e.appointmentId)) {
      const before = await this.store.appointmentsById(m, part.map((e) => e.appointmentId));
      // An appointment this service never saw starting: nothing of it was accrued, nothing to change.
      const known = part.filter((e) => before.has(e.appointmentId));
      const reach = known.map((e) => {
        const b = before.get(e.appointmentId)!;
        return { countyCode: b.countyCode, from: addDays(earliest(b.endDate ?? e.endDate, e.endDate), 1) };
      });
      if (!(await this.nothingAccrued(m, reach))) adjustments += await this.oneByOne(known, (e) => this.ended(m, e, cause));
      else if (known.length > 0) await this.store.endedMany(m, known);
    }
    return adjustments;
  }

  /** Takes each county's shared lock (as one by one would, in the same order); true when no fact reaches an accrued month. */
  private async nothingAccrued(m: EntityManager, facts: { countyCode: string; from: IsoDate }[]): Promise<boolean> {
    const earliestBy = new Map<string, IsoDate>();
    for (const f of facts) earliestBy.set(f.countyCode, earliest(earliestBy.get(f.countyCode), f.from));
    let none = true;
    for (const [countyCode, from] of earliestBy) {
      await this.ledger.lockCounty(m, countyCode, 'shared');
      if ((await this.ledger.accruedMonths(m, countyCode, monthContaining(from))).length > 0) none = false;
    }
    return none;
  }

  private async oneByOne<T>(items: T[], apply: (item: T) => Promise<number>): Promise<number> {
    let n = 0;
    for (const item of items) n += await apply(item);
    return n;
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
