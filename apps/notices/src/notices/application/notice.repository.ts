import type { EntityManager } from 'typeorm';
import type { ChannelName } from '../../delivery/domain/delivery';
import type { Facts, NoticeKind, RecipientType, Rendered } from '../domain/templates';
import type { Language } from '../domain/wording';

export interface Recipient {
  type: RecipientType;
  /** teacher id, school id, county code, or 'jiangmen' for the city */
  id: string;
}

export interface NewNotice {
  sourceEventId: string;
  sourceType: string;
  recipient: Recipient;
  countyCode: string | null;
  kind: NoticeKind;
  language: Language;
  subject: string;
  body: string;
  facts: Facts;
}

/** One notice to many teachers of a county, rendered once per language. */
export interface TeacherBroadcast {
  sourceEventId: string;
  sourceType: string;
  countyCode: string;
  kind: NoticeKind;
  facts: Facts;
  rendered: Record<Language, Rendered>;
  /** only the teachers without a standing submission of preferences in this cycle */
  notSubmittedIn?: string;
}

export interface NoticeView {
  id: string;
  kind: NoticeKind;
  language: Language;
  subject: string;
  body: string;
  facts: Facts;
  sourceType: string;
  createdAt: string;
  readAt: string | null;
}

export interface InboxPage {
  items: NoticeView[];
  total: number;
  unread: number;
}

/**
 * Notices and the deliveries they start. A notice is written once per source event and recipient (a
 * redelivered or replayed event inserts nothing); a teacher's notice gets one delivery per enabled channel
 * for which the teacher has an address, in the same transaction.
 */
export abstract class NoticeRepository {
  /** inserts what is new; returns how many notices were written */
  abstract add(m: EntityManager, notices: NewNotice[], channels: readonly ChannelName[]): Promise<number>;
  abstract broadcast(m: EntityManager, b: TeacherBroadcast, channels: readonly ChannelName[]): Promise<number>;
  abstract inbox(m: EntityManager, r: Recipient, q: { unread: boolean; kind?: NoticeKind; limit: number; offset: number }): Promise<InboxPage>;
  /** false when the recipient has no such notice */
  abstract markRead(m: EntityManager, r: Recipient, id: string): Promise<NoticeView | null>;
  abstract markAllRead(m: EntityManager, r: Recipient): Promise<number>;
}
