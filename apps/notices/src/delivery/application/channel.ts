import type { ChannelName } from '../domain/delivery';

/** What a channel is handed: the rendered notice and the address it goes to (never logged). */
export interface OutgoingMessage {
  deliveryId: string;
  /** stable per delivery: a re-send carries the same one */
  messageId: string;
  to: string;
  subject: string;
  body: string;
  language: string;
}

/**
 * A way of telling a person outside the inbox (e-mail, SMS). The in-app channel is the inbox itself: every
 * notice is stored and shown at GET /me/notices whatever else happens to it. send() resolves only once the
 * provider accepted the message (an SMTP server's 250 after DATA); it throws DeliveryError, saying whether
 * another attempt may help, when it did not.
 */
export abstract class Channel {
  abstract readonly name: ChannelName;
  abstract send(message: OutgoingMessage): Promise<{ providerId: string | null }>;
  async close(): Promise<void> {}
}

/** The channels notices get deliveries for (Nest token): e-mail always, SMS when a provider is configured. */
export const ENABLED_CHANNELS = Symbol('ENABLED_CHANNELS');
/** The Channel adapters by name (Nest token). */
export const CHANNEL_ADAPTERS = Symbol('CHANNEL_ADAPTERS');
