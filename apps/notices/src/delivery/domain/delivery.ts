/**
 * Deliveries of a notice outside the inbox (the in-app channel is the notice itself): one row per notice and
 * channel, retried with exponential back-off, never sent twice. Pure rules, unit-tested.
 */
export const CHANNELS = ['email', 'sms'] as const;
export type ChannelName = (typeof CHANNELS)[number];
export const DELIVERY_STATUSES = ['pending', 'sending', 'sent', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export interface RetryPolicy {
  /** attempts in all before a delivery is failed */
  maxAttempts: number;
  /** wait after the first failed attempt; doubled after each further one */
  baseDelayMs: number;
  maxDelayMs: number;
}

/** What to do after attempt number `attempts` (1-based) failed: try again at a time, or give up. */
export function afterFailure(attempts: number, permanent: boolean, policy: RetryPolicy, now: Date): { status: 'pending'; nextAttemptAt: Date } | { status: 'failed' } {
  if (permanent || attempts >= policy.maxAttempts) return { status: 'failed' };
  const delay = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempts - 1));
  return { status: 'pending', nextAttemptAt: new Date(now.getTime() + delay) };
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
const PHONE = /(?<!\d)1\d{10}(?!\d)/g;

/**
 * An error as it may be stored and shown to operators: no addresses or phone numbers (an SMTP server's
 * "550 <t00001@example.edu.cn>: mailbox unavailable" names the recipient), at most 500 characters.
 */
export function safeError(message: string): string {
  return message.replace(EMAIL, '[address]').replace(PHONE, '[phone]').replace(/\s+/g, ' ').trim().slice(0, 500);
}

/**
 * The Message-ID of a delivery's mail: stable (the delivery's id), so a mail whose acceptance was not
 * recorded (the service died between the server's 250 and the mark) can be told from a new one by any
 * receiving system, and found in the server's log by operators.
 */
export function messageIdFor(deliveryId: string, domain: string): string {
  return `<notice-${deliveryId}@${domain}>`;
}

/** Why a delivery could not be sent: whether another attempt may help. */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
  }
}
