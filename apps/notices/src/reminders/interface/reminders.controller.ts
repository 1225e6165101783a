import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { AuditTrail } from '@app/audit';
import { CurrentPrincipal, Roles, type Principal } from '@app/auth';
import { dateField, noQuery, openApi, UnitOfWork, ZodPipe } from '@app/runtime';
import { SendReminders } from '../application/send-reminders.use-case';
import { ReminderQueue } from '../infrastructure/reminder-queue';

const runBody = z.strictObject({ date: dateField });

/** The preference-deadline reminders for operators: the daily schedule, and a run for a chosen date. */
@ApiTags('reminders')
@Controller('reminders')
export class RemindersController {
  constructor(
    private readonly reminders: SendReminders,
    private readonly queue: ReminderQueue,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditTrail,
  ) {}

  @Get('schedule')
  @Roles('scheduler')
  @ApiOperation({ summary: 'The daily reminder job: its scheduler id, cron pattern, time zone and next run' })
  schedule(@Query(new ZodPipe(noQuery)) _q: object) {
    return this.queue.schedule();
  }

  @Post('runs')
  @HttpCode(200)
  @Roles('scheduler')
  @ApiOperation({ summary: "Run the reminder pass for a date (as the daily job does for today in Shanghai); idempotent: a reminder already sent is not sent again" })
  @ApiBody({ schema: openApi(runBody) })
  async run(@CurrentPrincipal() p: Principal, @Body(new ZodPipe(runBody)) body: z.infer<typeof runBody>) {
    const run = await this.reminders.run(body.date);
    await this.uow.run((m) => this.audit.record(m, { actor: p, countyCode: null, action: 'reminders.run', entityType: 'reminder_run', entityId: body.date, before: null, after: { sent: run.sent, cycles: run.cycles.length } }));
    return run;
  }
}
