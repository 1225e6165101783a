import nodemailer, { type Transporter } from 'nodemailer';
import { Channel, type OutgoingMessage } from '../application/channel';
import { DeliveryError } from '../domain/delivery';

/**
 * E-mail over SMTP with nodemailer. sendMail resolves only after the server answered 250 to the message's
 * DATA, i.e. accepted it; its Message-ID is the delivery's stable one. A 5xx answer is permanent (the
 * mailbox does not exist, the message is refused), anything else (4xx, a lost connection, a timeout) is
 * worth another attempt. The error text given back may name the recipient: the caller stores it only
 * through safeError().
 */
export class SmtpChannel extends Channel {
  readonly name = 'email' as const;
  private readonly transport: Transporter;

  constructor(
    smtpUrl: string,
    private readonly from: string,
    /** below the delivery lease, so a hung server fails the attempt before it counts as interrupted */
    timeoutMs: number,
  ) {
    super();
    const t = Math.max(1000, Math.floor(timeoutMs / 2));
    this.transport = nodemailer.createTransport({ url: smtpUrl, pool: true, maxConnections: 2, connectionTimeout: t, greetingTimeout: t, socketTimeout: t, logger: false, debug: false });
  }

  async send(msg: OutgoingMessage): Promise<{ providerId: string | null }> {
    try {
      const info = await this.transport.sendMail({
        from: this.from,
        to: msg.to,
        subject: msg.subject,
        text: msg.body,
        messageId: msg.messageId,
        headers: { 'Content-Language': msg.language, 'X-Jiangmen-Delivery': msg.deliveryId, 'Auto-Submitted': 'auto-generated' },
      });
      if ((info.rejected ?? []).length > 0) throw new DeliveryError(`recipient refused: ${info.response ?? ''}`, true);
      return { providerId: info.response ? String(info.response).slice(0, 200) : null };
    } catch (err) {
      if (err instanceof DeliveryError) throw err;
      const e = err as { responseCode?: number; code?: string; message?: string };
      const permanent = typeof e.responseCode === 'number' && e.responseCode >= 500 && e.responseCode < 600;
      throw new DeliveryError(`${e.code ?? 'ESMTP'}${e.responseCode ? ` ${e.responseCode}` : ''}: ${e.message ?? String(err)}`, permanent);
    }
  }

  override async close(): Promise<void> {
    this.transport.close();
  }
}
