import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { startDevMailServer, type DevMailServer } from './dev-mail';

const freePort = async () => {
  const { createServer } = await import('node:net');
  return new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
};

describe('the development mail server', () => {
  let dir: string;
  let server: DevMailServer;
  let smtpPort: number;
  let httpPort: number;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dev-mail-'));
    [smtpPort, httpPort] = [await freePort(), await freePort()];
    server = await startDevMailServer({ dir, smtpPort, httpPort });
  });

  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps each mail as an .eml named by time and Message-ID, and shows it readable in a browser', async () => {
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true });
    await transport.sendMail({ from: 'notices@jiangmen.local', to: 'ts20150012@example.edu.cn', subject: '交流轮岗决定：2027年9月1日起到台城第一中学任教', text: '李明老师：\n您将于2027年9月1日起任教。', messageId: '<notice-abc@jiangmen.local>' });
    transport.close();
    const files = readdirSync(dir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^\d{4}-\d{2}-\d{2}T.*_notice-abc@jiangmen\.local\.eml$/);
    const list = await (await fetch(`http://127.0.0.1:${httpPort}/`)).text();
    expect(list).toContain('交流轮岗决定：2027年9月1日起到台城第一中学任教');
    expect(list).toContain('ts20150012@example.edu.cn');
    const page = await (await fetch(`http://127.0.0.1:${httpPort}/mail/${encodeURIComponent(files[0])}`)).text();
    expect(page).toContain('李明老师：');
    expect((await fetch(`http://127.0.0.1:${httpPort}/mail/..%2Fsecret.eml`)).status).toBe(404);
  });
});
