import { readRows, SpreadsheetError, writeCsv, writeWorkbook, type ColumnSpec } from './spreadsheet';

const columns: ColumnSpec[] = [
  { key: 'staffNo', headers: ['staffNo', '工号'], required: true },
  { key: 'name', headers: ['name', '姓名'], required: true },
  { key: 'birthDate', headers: ['birthDate', '出生日期'], required: false },
];

describe('spreadsheets', () => {
  it('round-trips an xlsx workbook, mapping Chinese headers and skipping empty rows', async () => {
    const file = await writeWorkbook([
      { name: '教师', columns: [{ header: '工号', key: 'a' }, { header: '姓名', key: 'b' }, { header: '出生日期', key: 'c' }], rows: [{ a: 'TS-1', b: '陈晓敏', c: '1990-05-20' }, {}, { a: 'TS-2', b: ' 李伟 ' }] },
    ]);
    const rows = await readRows(file, 'xlsx', columns);
    expect(rows).toEqual([
      { row: 2, values: { staffNo: 'TS-1', name: '陈晓敏', birthDate: '1990-05-20' } },
      { row: 4, values: { staffNo: 'TS-2', name: '李伟', birthDate: '' } },
    ]);
  });

  it('reads CSV with a byte-order mark as Excel saves it', async () => {
    const rows = await readRows(Buffer.from('\uFEFFstaffNo,name\nTS-1,陈晓敏\n'), 'csv', columns);
    expect(rows).toEqual([{ row: 2, values: { staffNo: 'TS-1', name: '陈晓敏' } }]);
  });

  it('writes CSV with a byte-order mark that reads back, commas and quotes included', async () => {
    const file = await writeCsv({ name: 'x', columns: [{ header: '工号', key: 'a' }, { header: '姓名', key: 'b' }], rows: [{ a: 'TS-1', b: '陈, "晓敏"' }] });
    expect(file.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(await readRows(file, 'csv', columns)).toEqual([{ row: 2, values: { staffNo: 'TS-1', name: '陈, "晓敏"' } }]);
  });

  it('names unknown and missing columns, and refuses what is not a spreadsheet', async () => {
    await expect(readRows(Buffer.from('staffNo,colour\nx,red\n'), 'csv', columns)).rejects.toThrow('unknown column(s): colour');
    await expect(readRows(Buffer.from('staffNo\nx\n'), 'csv', columns)).rejects.toThrow('missing column(s): name/姓名');
    await expect(readRows(Buffer.from('not a zip'), 'xlsx', columns)).rejects.toThrow(SpreadsheetError);
  });
});
