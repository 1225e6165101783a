import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  at: number;
  to: string[];
  messageId: string | undefined;
  subject: string;
  text: string;
  language: string | undefined;
  raw: Buffer;
}

/**
 * An SMTP server in the test process (smtp-server): keeps what it accepts, and can be told to refuse the next
 * messages with a temporary (451) or permanent (550) answer, to prove retries. Every refusal and acceptance is
 * timed, so a test can check the back-off between attempts.
 */
export class TestSmtpServer {
  readonly received: ReceivedMail[] = [];
  /** every DATA answered: when, to whom, and with what code */
  readonly attempts: { at: number; to: string[]; code: number; messageId?: string }[] = [];
  private refusals: { code: number; times: number; to?: string } | null = null;
  private server!: SMTPServer;
  port = 0;

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** The next `times` messages (to `to`, or to anyone) are refused with `code` (451: try later; 550: never). */
  refuseNext(times: number, code = 451, to?: string): void {
    this.refusals = { code, times, to };
  }

  async start(): Promise<this> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData: (stream, session, done) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks);
          const to = session.envelope.rcptTo.map((r) => r.address);
          const messageId = /^message-id:\s*(<[^>\r\n]+>)/im.exec(raw.toString('latin1'))?.[1];
          const r = this.refusals;
          if (r && r.times > 0 && (!r.to || to.includes(r.to))) {
            r.times--;
            this.attempts.push({ at: Date.now(), to, code: r.code, messageId });
            done(Object.assign(new Error(r.code >= 500 ? 'mailbox unavailable' : 'try again later'), { responseCode: r.code }));
            return;
          }
          this.attempts.push({ at: Date.now(), to, code: 250, messageId });
          void simpleParser(raw).then((m: ParsedMail) => {
            this.received.push({ at: Date.now(), to, messageId: m.messageId ? `<${m.messageId.replace(/^<|>$/g, '')}>` : messageId, subject: m.subject ?? '', text: m.text ?? '', language: m.headers.get('content-language') as string | undefined, raw });
          });
          done();
        });
      },
    });
    await new Promise<void>((ok, fail) => {
      this.server.once('error', fail);
      this.server.listen(0, '127.0.0.1', () => ok());
    });
    this.port = (this.server.server.address() as AddressInfo).port;
    return this;
  }

  to(address: string): ReceivedMail[] {
    return this.received.filter((m) => m.to.includes(address));
  }

  async close(): Promise<void> {
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}
