import { existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';

/**
 * PDF documents people keep (a teacher's subsidy statement, a training transcript): A4, with a CJK font
 * embedded (subset) so Chinese names and schools print on any reader. The font is Debian's Noto Sans CJK
 * (package fonts-noto-cjk, installed by the set-up scripts); PDF_CJK_FONT may point at another
 * TrueType/OpenType file or collection (then PDF_CJK_FONT_FAMILY names the face inside a collection).
 */
const CANDIDATES: { file: string; family?: string }[] = [
  { file: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', family: 'NotoSansCJKsc-Regular' },
  { file: '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc', family: 'NotoSerifCJKsc-Regular' },
  { file: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', family: 'WenQuanYi Micro Hei' },
];

export class CjkFontMissingError extends Error {
  constructor() {
    super('no CJK font for PDF documents: install Debian\'s fonts-noto-cjk (apt-get install -y fonts-noto-cjk) or set PDF_CJK_FONT');
  }
}

export interface CjkFont {
  file: string;
  family?: string;
}

export function findCjkFont(env: NodeJS.ProcessEnv = process.env): CjkFont {
  if (env.PDF_CJK_FONT) {
    if (!existsSync(env.PDF_CJK_FONT)) throw new CjkFontMissingError();
    return { file: env.PDF_CJK_FONT, family: env.PDF_CJK_FONT_FAMILY };
  }
  const found = CANDIDATES.find((c) => existsSync(c.file));
  if (!found) throw new CjkFontMissingError();
  return found;
}

export interface PdfMeta {
  title: string;
  author?: string;
  subject?: string;
}

export type Pdf = PDFKit.PDFDocument;

/** Builds a document with the CJK font as the default face and returns its bytes. */
export async function renderPdf(meta: PdfMeta, build: (doc: Pdf) => void | Promise<void>, font: CjkFont = findCjkFont()): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    info: { Title: meta.title, Author: meta.author ?? 'Jiangmen education bureau', Subject: meta.subject ?? meta.title },
    // Fixed dates keep the bytes of two renders of the same statement identical.
    bufferPages: true,
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('cjk', font.file, font.family);
  doc.font('cjk');
  await build(doc);
  doc.end();
  return done;
}

export interface PdfColumn {
  header: string;
  /** share of the usable width, the shares of all columns summing to 1 */
  width: number;
  align?: 'left' | 'right' | 'center';
}

/** A plain table that continues on a new page (repeating its header) when it reaches the bottom margin. */
export function pdfTable(doc: Pdf, columns: PdfColumn[], rows: string[][], opts: { fontSize?: number } = {}): void {
  const size = opts.fontSize ?? 9;
  const left = doc.page.margins.left;
  const usable = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const widths = columns.map((c) => c.width * usable);
  const pad = 3;
  const drawRow = (cells: string[], header: boolean) => {
    doc.fontSize(size);
    const heights = cells.map((text, i) => doc.heightOfString(text, { width: widths[i] - 2 * pad }));
    const h = Math.max(size + 2, ...heights) + 2 * pad;
    if (doc.y + h > doc.page.height - doc.page.margins.bottom) {
      doc.addPage();
      if (!header) drawRow(columns.map((c) => c.header), true);
    }
    const top = doc.y;
    let x = left;
    if (header) doc.rect(left, top, usable, h).fill('#eeeeee').fillColor('black');
    cells.forEach((text, i) => {
      doc.text(text, x + pad, top + pad, { width: widths[i] - 2 * pad, align: columns[i].align ?? 'left' });
      x += widths[i];
    });
    doc.moveTo(left, top + h).lineTo(left + usable, top + h).lineWidth(0.5).strokeColor('#999999').stroke();
    doc.x = left;
    doc.y = top + h;
  };
  drawRow(columns.map((c) => c.header), true);
  for (const r of rows) drawRow(r, false);
  doc.moveDown(0.5);
}
