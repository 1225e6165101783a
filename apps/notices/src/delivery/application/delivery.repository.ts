import type { EntityManager } from 'typeorm';
import type { ChannelName, DeliveryStatus } from '../domain/delivery';

export interface ClaimedDelivery {
  id: string;
  noticeId: string;
  channel: ChannelName;
  attempts: number;
  messageId: string;
  subject: string;
  body: string;
  language: string;
  /** the teacher's current address for the channel (null: removed since the notice was written) */
  address: string | null;
}

export interface DeliveryView {
  id: string;
  noticeId: string;
  channel: ChannelName;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
  messageId: string | null;
  sentAt: string | null;
  kind: string;
  recipientType: string;
  recipientId: string;
  countyCode: string | null;
  createdAt: string;
  updatedAt: string;
}

export abstract class DeliveryRepository {
  /** Takes up to `limit` due deliveries (status sending, attempts + 1, leased until now + leaseMs). */
  abstract claim(m: EntityManager, limit: number, leaseMs: number, messageIdDomain: string): Promise<ClaimedDelivery[]>;
  abstract markSent(m: EntityManager, id: string, providerId: string | null): Promise<void>;
  abstract markFailedAttempt(m: EntityManager, id: string, next: { status: 'pending'; nextAttemptAt: Date } | { status: 'failed' }, error: string): Promise<void>;
  /** Sends whose lease ran out (the service died mid-send): failed, saying the server may have accepted them. */
  abstract failInterrupted(m: EntityManager): Promise<number>;
  abstract list(m: EntityManager, q: { status?: DeliveryStatus; channel?: ChannelName; countyCode?: string; limit: number; offset: number }): Promise<{ items: DeliveryView[]; total: number }>;
  abstract find(m: EntityManager, id: string): Promise<DeliveryView | null>;
  /** A failed delivery back to pending now (the operator's re-send); null unless it was failed. */
  abstract requeue(m: EntityManager, id: string): Promise<DeliveryView | null>;
  abstract counts(m: EntityManager): Promise<{ channel: string; status: string; n: number }[]>;
}
