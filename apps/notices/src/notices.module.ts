import { Module } from '@nestjs/common';
import { AuditTrail } from '@app/audit';
import type { ServiceConfig } from '@app/platform';
import { PolicyCopyModule, SERVICE_CONFIG, UnitOfWork } from '@app/runtime';
import { Channel, CHANNEL_ADAPTERS, ENABLED_CHANNELS } from './delivery/application/channel';
import { DeliveryWorker } from './delivery/application/delivery-worker';
import { DeliveryRepository } from './delivery/application/delivery.repository';
import { SqlDeliveryRepository } from './delivery/infrastructure/delivery.repository.sql';
import { HttpSmsChannel } from './delivery/infrastructure/sms-http.channel';
import { SmtpChannel } from './delivery/infrastructure/smtp.channel';
import { DeliveriesController } from './delivery/interface/deliveries.controller';
import { Directory } from './directory/application/directory';
import { SqlDirectory } from './directory/infrastructure/directory.sql';
import { StaffingEventsHandler } from './directory/interface/staffing-events.handler';
import { NoticeRepository } from './notices/application/notice.repository';
import { NotifyService } from './notices/application/notify.service';
import { SqlNoticeRepository } from './notices/infrastructure/notice.repository.sql';
import { InboxController } from './notices/interface/inbox.controller';
import { NotifyEventsHandler } from './notices/interface/notify-events.handler';
import { SendReminders } from './reminders/application/send-reminders.use-case';
import { ReminderQueue } from './reminders/infrastructure/reminder-queue';
import { RemindersController } from './reminders/interface/reminders.controller';

type ChannelConfig = Pick<ServiceConfig, 'SMTP_URL' | 'MAIL_FROM' | 'SMS_PROVIDER_URL' | 'SMS_PROVIDER_TOKEN' | 'DELIVERY_SEND_TIMEOUT_MS'>;

/** The notices bounded context: its read model, notices and inboxes, deliveries by e-mail and SMS, reminders. */
@Module({
  // the reminders' days before the deadline are dated policy values (staffing.PolicyValueSet keeps the copy)
  imports: [PolicyCopyModule.forSchema('notices')],
  controllers: [StaffingEventsHandler, NotifyEventsHandler, InboxController, DeliveriesController, RemindersController],
  providers: [
    UnitOfWork,
    { provide: AuditTrail, useValue: new AuditTrail('notices') },
    { provide: Directory, useClass: SqlDirectory },
    { provide: NoticeRepository, useClass: SqlNoticeRepository },
    { provide: DeliveryRepository, useClass: SqlDeliveryRepository },
    {
      provide: CHANNEL_ADAPTERS,
      inject: [SERVICE_CONFIG],
      useFactory: (c: ChannelConfig): Channel[] => [
        new SmtpChannel(c.SMTP_URL, c.MAIL_FROM, c.DELIVERY_SEND_TIMEOUT_MS),
        ...(c.SMS_PROVIDER_URL ? [new HttpSmsChannel(c.SMS_PROVIDER_URL, c.SMS_PROVIDER_TOKEN, c.DELIVERY_SEND_TIMEOUT_MS)] : []),
      ],
    },
    { provide: ENABLED_CHANNELS, inject: [CHANNEL_ADAPTERS], useFactory: (channels: Channel[]) => channels.map((c) => c.name) },
    NotifyService,
    DeliveryWorker,
    SendReminders,
    ReminderQueue,
  ],
})
export class NoticesModule {}
