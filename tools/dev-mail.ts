import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join, resolve } from 'node:path';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/**
 * The local development mail server `npm start` runs (never in production): an SMTP sink on 127.0.0.1 that
 * accepts every message the notices service sends and keeps it as an .eml file under .run/mail/, and a small
 * web page listing them (newest first) with each mail readable in the browser.
 *
 *   node dist/tools/dev-mail.js [--smtp-port 2525] [--http-port 3025] [--dir .run/mail]
 *
 * The notices service's default SMTP_URL (smtp://127.0.0.1:2525) points here.
 */
export interface DevMailOptions {
  dir: string;
  smtpPort: number;
  httpPort: number;
  host?: string;
}

export interface DevMailServer {
  smtp: SMTPServer;
  http: Server;
  close(): Promise<void>;
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** File name: time received, then the Message-ID made safe, so a listing sorts by time and names the mail. */
function fileName(raw: Buffer): string {
  const id = /^message-id:\s*<?([^>\r\n]+)>?/im.exec(raw.toString('latin1'))?.[1] ?? 'no-message-id';
  return `${new Date().toISOString().replace(/[:.]/g, '-')}_${id.replace(/[^A-Za-z0-9@._-]/g, '_').slice(0, 120)}.eml`;
}

export async function startDevMailServer(o: DevMailOptions): Promise<DevMailServer> {
  const host = o.host ?? '127.0.0.1';
  mkdirSync(o.dir, { recursive: true });
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    banner: 'Jiangmen development mail sink',
    logger: false,
    onData(stream, _session, done) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        try {
          writeFileSync(join(o.dir, fileName(raw)), raw);
          done();
        } catch (err) {
          done(Object.assign(new Error(`cannot keep the message: ${(err as Error).message}`), { responseCode: 451 }));
        }
      });
    },
  });
  await new Promise<void>((ok, fail) => {
    smtp.once('error', fail);
    smtp.listen(o.smtpPort, host, () => ok());
  });

  const http = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', `http://${host}`);
      const files = readdirSync(o.dir).filter((f) => f.endsWith('.eml')).sort().reverse();
      if (url.pathname === '/' || url.pathname === '/index.html') {
        const rows = await Promise.all(
          files.slice(0, 500).map(async (f) => {
            const m = await simpleParser(readFileSync(join(o.dir, f)));
            const to = Array.isArray(m.to) ? m.to.map((a) => a.text).join(', ') : (m.to?.text ?? '');
            return `<tr><td>${escape(m.date?.toISOString() ?? '')}</td><td>${escape(to)}</td><td><a href="/mail/${encodeURIComponent(f)}">${escape(m.subject ?? '(no subject)')}</a></td><td><a href="/raw/${encodeURIComponent(f)}">.eml</a></td></tr>`;
          }),
        );
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(
          `<!doctype html><meta charset="utf-8"><title>Development mail</title><style>body{font-family:sans-serif}td{padding:2px 8px;border-bottom:1px solid #ddd}</style>` +
            `<h1>Development mail (${files.length})</h1><p>Kept in ${escape(resolve(o.dir))}; newest first (the last 500).</p>` +
            `<table><tr><th>received</th><th>to</th><th>subject</th><th></th></tr>${rows.join('')}</table>`,
        );
        return;
      }
      const match = /^\/(mail|raw)\/([^/]+)$/.exec(url.pathname);
      const file = match ? decodeURIComponent(match[2]) : '';
      if (!match || !files.includes(file)) {
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('not found');
        return;
      }
      const raw = readFileSync(join(o.dir, file));
      if (match[1] === 'raw') {
        res.writeHead(200, { 'content-type': 'message/rfc822' });
        res.end(raw);
        return;
      }
      const m = await simpleParser(raw);
      const header = (k: string, v: string | undefined) => `<tr><th align="left">${k}</th><td>${escape(v ?? '')}</td></tr>`;
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(
        `<!doctype html><meta charset="utf-8"><title>${escape(m.subject ?? '')}</title><p><a href="/">← all mail</a></p><table>` +
          header('From', m.from?.text) +
          header('To', Array.isArray(m.to) ? m.to.map((a) => a.text).join(', ') : m.to?.text) +
          header('Date', m.date?.toISOString()) +
          header('Subject', m.subject) +
          header('Message-ID', m.messageId) +
          `</table><pre style="white-space:pre-wrap;font-size:15px">${escape(m.text ?? '')}</pre>`,
      );
    } catch (err) {
      res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(String(err));
    }
  });
  await new Promise<void>((ok, fail) => {
    http.once('error', fail);
    http.listen(o.httpPort, host, () => ok());
  });
  return {
    smtp,
    http,
    close: async () => {
      await new Promise<void>((r) => http.close(() => r()));
      await new Promise<void>((r) => smtp.close(() => r()));
    },
  };
}

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

async function main() {
  const o: DevMailOptions = {
    dir: arg('dir', process.env.DEV_MAIL_DIR ?? '.run/mail'),
    smtpPort: Number(arg('smtp-port', process.env.DEV_MAIL_SMTP_PORT ?? '2525')),
    httpPort: Number(arg('http-port', process.env.DEV_MAIL_HTTP_PORT ?? '3025')),
  };
  try {
    const server = await startDevMailServer(o);
    process.stdout.write(`dev-mail: SMTP on 127.0.0.1:${o.smtpPort}, mail kept in ${resolve(o.dir)}, read it at http://127.0.0.1:${o.httpPort}\n`);
    const stop = () => void server.close().then(() => process.exit(0));
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  } catch (err) {
    process.stderr.write(`dev-mail: cannot start: ${(err as Error).message}\n`);
    process.exit(1);
  }
}

if (require.main === module) void main();
