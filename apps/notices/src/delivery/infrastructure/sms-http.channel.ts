import { Channel, type OutgoingMessage } from '../application/channel';
import { DeliveryError } from '../domain/delivery';

/**
 * SMS through an HTTP provider: POST <SMS_PROVIDER_URL> with `{ to, text, reference }` as JSON and the token as
 * a bearer, answered 2xx with `{ id }` once the provider took the message. 4xx (a bad number, a refused text)
 * is permanent; 5xx, 429 and network errors are retried. A real provider's API differs in its field names:
 * an adapter for it is another class like this one, behind the same Channel interface. The text is the
 * subject only (SMS are short); the body stays in the inbox.
 */
export class HttpSmsChannel extends Channel {
  readonly name = 'sms' as const;

  constructor(
    private readonly url: string,
    private readonly token: string | undefined,
    private readonly timeoutMs: number,
  ) {
    super();
  }

  async send(msg: OutgoingMessage): Promise<{ providerId: string | null }> {
    let res: Response;
    try {
      res = await fetch(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(this.token ? { authorization: `Bearer ${this.token}` } : {}), 'idempotency-key': msg.messageId },
        body: JSON.stringify({ to: msg.to, text: msg.subject.slice(0, 300), reference: msg.messageId }),
        signal: AbortSignal.timeout(Math.max(1000, Math.floor(this.timeoutMs / 2))),
      });
    } catch (err) {
      throw new DeliveryError(`SMS provider unreachable: ${(err as Error).message}`, false);
    }
    const text = await res.text().catch(() => '');
    if (res.ok) {
      let id: string | null = null;
      try {
        id = (JSON.parse(text) as { id?: unknown }).id?.toString() ?? null;
      } catch {
        /* an answer without an id is still an acceptance */
      }
      return { providerId: id };
    }
    throw new DeliveryError(`SMS provider answered ${res.status}: ${text.slice(0, 200)}`, res.status >= 400 && res.status < 500 && res.status !== 429);
  }
}
