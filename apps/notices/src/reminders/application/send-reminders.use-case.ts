import { Injectable } from '@nestjs/common';
import { PolicyValuesStore, UnitOfWork } from '@app/runtime';
import { Directory } from '../../directory/application/directory';
import { NotifyService } from '../../notices/application/notify.service';
import { reminderDue, reminderOffsets } from '../domain/reminders';

export interface ReminderRun {
  date: string;
  /** the reminders in force on the date, in days before the deadline (policy values) */
  offsets: number[];
  cycles: { cycleId: string; countyCode: string; deadline: string; reminder: number | null; daysLeft: number | null; sent: number }[];
  sent: number;
}

/**
 * The daily reminder pass for a date: every cycle still collecting preferences whose deadline is as many days
 * away as a reminder in force on that date says (policy values; 7 and 1 by default) gets its reminder, to the
 * county's teachers with no standing submission — each cycle in its own transaction. Idempotent: a reminder's id is its cycle and offset, so a rerun (the BullMQ job retried, an
 * operator's run for the same date) sends nothing twice.
 */
@Injectable()
export class SendReminders {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly directory: Directory,
    private readonly notify: NotifyService,
    private readonly policy: PolicyValuesStore,
  ) {}

  async run(date: string): Promise<ReminderRun> {
    const offsets = reminderOffsets(date, await this.policy.values(this.uow.reader));
    const cycles = await this.directory.collectingCycles(this.uow.reader, date);
    const out: ReminderRun['cycles'] = [];
    for (const c of cycles) {
      const due = reminderDue(c.deadline, date, offsets);
      const sent = due ? await this.uow.run((m) => this.notify.preferenceReminder(m, c, due)) : 0;
      out.push({ cycleId: c.cycleId, countyCode: c.countyCode, deadline: c.deadline, reminder: due?.offset ?? null, daysLeft: due?.daysLeft ?? null, sent });
    }
    return { date, offsets, cycles: out, sent: out.reduce((a, c) => a + c.sent, 0) };
  }
}
