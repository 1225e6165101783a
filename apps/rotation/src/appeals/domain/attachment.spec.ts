import { AttachmentRefused, checkAttachment, MAX_ATTACHMENT_BYTES, safeFilename } from './attachment';

const pdf = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x37, 0x0a]);
const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]);

describe('appeal attachments', () => {
  it('takes a PDF, PNG or JPEG whose bytes match its declared type', () => {
    expect(checkAttachment('application/pdf', pdf, '诊断证明.pdf', 0)).toEqual({ contentType: 'application/pdf', filename: '诊断证明.pdf' });
    expect(checkAttachment('image/png; charset=binary', png, undefined, 4)).toEqual({ contentType: 'image/png', filename: 'attachment.png' });
  });

  it('refuses another type, a file whose bytes are not its type, an empty or oversized file, a sixth file', () => {
    const refused = (f: () => unknown) => {
      try {
        f();
      } catch (err) {
        expect(err).toBeInstanceOf(AttachmentRefused);
        return (err as Error).message;
      }
      throw new Error('not refused');
    };
    expect(refused(() => checkAttachment('text/html', pdf, 'x.html', 0))).toMatch(/attach a PDF, PNG, JPEG file/);
    expect(refused(() => checkAttachment('image/jpeg', pdf, 'x.jpg', 0))).toMatch(/not a JPEG file/);
    expect(refused(() => checkAttachment('application/pdf', new Uint8Array(), 'x.pdf', 0))).toMatch(/empty/);
    const big = new Uint8Array(MAX_ATTACHMENT_BYTES + 1);
    big.set(pdf);
    expect(refused(() => checkAttachment('application/pdf', big, 'x.pdf', 0))).toMatch(/at most 5242880/);
    expect(refused(() => checkAttachment('application/pdf', pdf, 'x.pdf', 5))).toMatch(/at most 5 attachments/);
  });

  it('keeps only a safe file name', () => {
    expect(safeFilename('../../etc/passwd', 'application/pdf')).toBe('passwd');
    expect(safeFilename('C:\\Users\\李\\证明 "1".pdf', 'application/pdf')).toBe('证明 1.pdf');
    expect(safeFilename('a\u0000b\r\n.pdf', 'application/pdf')).toBe('ab.pdf');
    expect(safeFilename('..', 'image/jpeg')).toBe('attachment.jpg');
  });
});
