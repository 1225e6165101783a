import { CjkFontMissingError, findCjkFont, pdfTable, renderPdf } from './pdf';

describe('renderPdf', () => {
  it('embeds the CJK font and writes Chinese text into a valid PDF', async () => {
    const bytes = await renderPdf({ title: '测试 statement' }, (doc) => {
      doc.fontSize(14).text('江门市乡村教师生活补助 年度明细');
      pdfTable(doc, [{ header: '月份', width: 0.5 }, { header: '金额（元）', width: 0.5, align: 'right' }], [['2026-01', '600.00']]);
    });
    const text = bytes.toString('latin1');
    expect(text.startsWith('%PDF-')).toBe(true);
    expect(text.trimEnd().endsWith('%%EOF')).toBe(true);
    // a subset of the CJK face is embedded, not a reference to a font the reader may lack
    expect(text).toMatch(/\/FontFile[23]?/);
    expect(text).toMatch(/NotoSansCJK|NotoSerifCJK|WenQuanYi/);
  });

  it('continues a long table on further pages', async () => {
    const rows = Array.from({ length: 120 }, (_, i) => [`第${i + 1}行`, String(i)]);
    const bytes = await renderPdf({ title: 'long' }, (doc) => pdfTable(doc, [{ header: 'a', width: 0.5 }, { header: 'b', width: 0.5 }], rows));
    const pages = bytes.toString('latin1').match(/\/Type \/Page\b/g) ?? [];
    expect(pages.length).toBeGreaterThanOrEqual(3);
  });

  it('says which package to install when no CJK font is present', () => {
    expect(() => findCjkFont({ PDF_CJK_FONT: '/nonexistent/font.ttc' })).toThrow(CjkFontMissingError);
    expect(() => findCjkFont({ PDF_CJK_FONT: '/nonexistent/font.ttc' })).toThrow(/fonts-noto-cjk/);
  });
});
