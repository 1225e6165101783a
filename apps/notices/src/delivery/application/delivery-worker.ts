import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { Gauge } from 'prom-client';
import type { ServiceConfig } from '@app/platform';
import { ServiceMetrics } from '@app/platform';
import { LOGGER, SERVICE_CONFIG, UnitOfWork } from '@app/runtime';
import { afterFailure, DeliveryError, safeError, type ChannelName, type RetryPolicy } from '../domain/delivery';
import { Channel, CHANNEL_ADAPTERS } from './channel';
import { DeliveryRepository, type ClaimedDelivery } from './delivery.repository';

type DeliveryConfig = Pick<
  ServiceConfig,
  'DELIVERY_MAX_ATTEMPTS' | 'DELIVERY_RETRY_BASE_MS' | 'DELIVERY_RETRY_MAX_MS' | 'DELIVERY_POLL_MS' | 'DELIVERY_BATCH_SIZE' | 'DELIVERY_SEND_TIMEOUT_MS' | 'MAIL_FROM'
>;

/**
 * Sends what the deliveries table says is due, in the background of the service. The table is the queue,
 * so a restart loses nothing: a claimed delivery is marked `sending` (attempts + 1, leased) in its own
 * transaction before the provider is called, `sent` only after the provider accepted it, and otherwise
 * given its next attempt by exponential back-off, or `failed`. Several instances share the work (SKIP
 * LOCKED). A delivery whose lease ran out while `sending` — the process died between the provider's
 * acceptance and the mark — is never retried by itself: it is failed with its Message-ID named, for an
 * operator to check and re-send (POST /deliveries/:id/resend). Sending twice is thus left to a person's
 * decision, never done silently.
 */
@Injectable()
export class DeliveryWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopping = false;
  private readonly policy: RetryPolicy;
  private readonly domain: string;
  private readonly byName: Map<ChannelName, Channel>;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly deliveries: DeliveryRepository,
    @Inject(CHANNEL_ADAPTERS) channels: Channel[],
    @Inject(SERVICE_CONFIG) private readonly config: DeliveryConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    metrics: ServiceMetrics,
  ) {
    this.byName = new Map(channels.map((c) => [c.name, c]));
    this.policy = { maxAttempts: config.DELIVERY_MAX_ATTEMPTS, baseDelayMs: config.DELIVERY_RETRY_BASE_MS, maxDelayMs: config.DELIVERY_RETRY_MAX_MS };
    this.domain = /@([^@\s<>]+)>?\s*$/.exec(config.MAIL_FROM)?.[1] ?? 'notices.local';
    const repo = this.deliveries;
    const reader = () => this.uow.reader;
    new Gauge({
      name: 'notice_deliveries',
      help: 'Deliveries of notices by channel and status (pending, sending, sent, failed)',
      labelNames: ['channel', 'status'],
      registers: [metrics.registry],
      async collect() {
        try {
          const rows = await repo.counts(reader());
          this.reset();
          for (const r of rows) this.set({ channel: r.channel, status: r.status }, r.n);
        } catch {
          this.reset();
        }
      },
    });
  }

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
    for (const c of this.byName.values()) await c.close().catch(() => undefined);
  }

  /** One pass: interrupted sends failed, then up to a batch of due deliveries sent. Returns how many were tried. */
  async tick(): Promise<number> {
    const interrupted = await this.uow.run((m) => this.deliveries.failInterrupted(m));
    if (interrupted > 0) this.logger.warn({ interrupted }, 'deliveries interrupted while sending were failed for an operator to check');
    const batch = await this.uow.run((m) => this.deliveries.claim(m, this.config.DELIVERY_BATCH_SIZE, this.config.DELIVERY_SEND_TIMEOUT_MS, this.domain));
    await Promise.all(batch.map((d) => this.deliver(d)));
    return batch.length;
  }

  private async deliver(d: ClaimedDelivery): Promise<void> {
    const channel = this.byName.get(d.channel);
    try {
      if (!channel) throw new DeliveryError(`channel ${d.channel} is not enabled`, true);
      if (!d.address) throw new DeliveryError(`the recipient has no ${d.channel === 'email' ? 'e-mail address' : 'mobile number'} any more`, true);
      const { providerId } = await channel.send({ deliveryId: d.id, messageId: d.messageId, to: d.address, subject: d.subject, body: d.body, language: d.language });
      await this.uow.run((m) => this.deliveries.markSent(m, d.id, providerId));
    } catch (err) {
      const permanent = err instanceof DeliveryError ? err.permanent : false;
      const error = safeError(err instanceof Error ? err.message : String(err));
      const next = afterFailure(d.attempts, permanent, this.policy, new Date());
      await this.uow.run((m) => this.deliveries.markFailedAttempt(m, d.id, next, error)).catch((e) => this.logger.error({ deliveryId: d.id, err: String(e) }, 'could not record a failed delivery attempt'));
      this.logger.warn({ deliveryId: d.id, channel: d.channel, attempts: d.attempts, error, next: next.status }, 'delivery attempt failed');
    }
  }

  private schedule(delayMs: number): void {
    if (this.stopping) return;
    this.timer = setTimeout(() => {
      this.running = this.tick()
        .then((n) => this.schedule(n >= this.config.DELIVERY_BATCH_SIZE ? 0 : this.config.DELIVERY_POLL_MS))
        .catch((err) => {
          this.logger.warn({ err: String(err) }, 'delivery pass failed; trying again');
          this.schedule(this.config.DELIVERY_POLL_MS * 5);
        });
    }, delayMs);
    this.timer.unref();
  }
}
