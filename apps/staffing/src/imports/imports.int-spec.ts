import { randomUUID } from 'node:crypto';
import { startService, type RunningService } from '@app/runtime';
import { CSV_MIME, readRows, writeWorkbook, XLSX_MIME } from '@app/spreadsheet';
import { bearer, http, mintTestToken } from '@app/testing';
import { schoolYearOf, todayInShanghai } from '@app/rules';
import { staffingService } from '../staffing.service';
import { TEACHER_IMPORT_COLUMNS } from './application/import-teachers.use-case';

/** Spreadsheet imports are all or nothing, report every problem by row and column, and round-trip with the export. */
describe('spreadsheet imports and the roster export', () => {
  let svc: RunningService;
  let hr: Record<string, string>;
  const s = randomUUID().slice(0, 6);
  const year = schoolYearOf(todayInShanghai());
  const count = async (table: string) => (await svc.dataSource.query(`SELECT count(*)::int AS n FROM staffing.${table}`))[0].n as number;
  const upload = (kind: string, body: Buffer | string, type: string, query = '') =>
    http(`${svc.url}/imports/${kind}?countyCode=enping${query}`, { method: 'POST', headers: { ...hr, 'content-type': type }, body });

  beforeAll(async () => {
    svc = await startService(staffingService, { ...process.env, STAFFING_HTTP_PORT: '0' });
    await svc.dataSource.query(`INSERT INTO staffing.counties (code, name_zh, name_en, western) VALUES ('enping', '恩平市', 'Enping', true) ON CONFLICT DO NOTHING`);
    hr = bearer(await mintTestToken({ role: 'county_hr', county: 'enping' }));
  });
  afterAll(() => svc.stop());

  it('imports schools, quotas and teachers with appointments from CSV and xlsx, with a dry run first', async () => {
    const schoolsCsv = `学校代码,学校名称,学校类型,学区,乡村学校,边远等级\nEP-A-${s},恩城中心小学,township_central,encheng,是,0\nEP-B-${s},大田村小学,village_primary,datian,是,2\n`;
    expect((await upload('schools', schoolsCsv, CSV_MIME)).body).toEqual({ rows: 2, dryRun: false, written: { schools: 2 } });

    const quotas = `schoolCode,subjectCode,category,schoolYear,approvedHeadcount\nEP-A-${s},mathematics,teacher,${year},2\nEP-A-${s},,leader,${year},1\n`;
    expect((await upload('quotas', quotas, CSV_MIME)).body).toEqual({ rows: 2, dryRun: false, written: { quotas: 2, newPosts: 2 } });

    const sheet = await writeWorkbook([
      {
        name: 'teachers',
        columns: TEACHER_IMPORT_COLUMNS.map((c) => ({ header: c.headers[1], key: c.key })),
        rows: [
          { staffNo: `EP1-${s}`, name: '梁嘉欣', gender: '女', birthDate: '1992-04-01', firstServiceDate: '2015-09-01', subjects: 'mathematics', schoolCode: `EP-A-${s}`, startDate: `${year}-09-01` },
          { staffNo: `EP2-${s}`, name: '吴志强', gender: '男', birthDate: '1975-10-10', firstServiceDate: '1997-09-01', subjects: 'chinese', category: 'principal', schoolCode: `EP-A-${s}`, role: 'principal', startDate: `${year}-09-01` },
          { staffNo: `EP3-${s}`, name: '岑美玲', gender: '女', birthDate: '1999-01-01', firstServiceDate: '2022-09-01', subjects: 'english' },
        ],
      },
    ]);
    const before = await count('teachers');
    const dry = await upload('teachers', sheet, XLSX_MIME, '&dryRun=true');
    expect(dry.body).toEqual({ rows: 3, dryRun: true, written: { teachers: 3, appointments: 2 } });
    expect(await count('teachers')).toBe(before);
    const real = await upload('teachers', sheet, XLSX_MIME);
    expect(real.body).toEqual({ rows: 3, dryRun: false, written: { teachers: 3, appointments: 2 } });
    expect(await count('teachers')).toBe(before + 3);

    // The export carries the same columns, so it reads back with the import's own column spec.
    const exported = await http(`${svc.url}/counties/enping/roster.xlsx`, { headers: hr });
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-type')).toBe(XLSX_MIME);
    const buffer = Buffer.from(await (await fetch(`${svc.url}/counties/enping/roster.xlsx`, { headers: hr })).arrayBuffer());
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['学校 Schools', '教师 Teachers', `空编 Vacancies ${year}`]);
    const principal = wb.worksheets[1].getSheetValues().find((r) => Array.isArray(r) && r.includes(`EP2-${s}`)) as unknown[];
    expect(principal).toEqual(expect.arrayContaining(['吴志强', `EP-A-${s}`, 'principal']));
    const vacancies = wb.worksheets[2].getSheetValues().filter((r) => Array.isArray(r) && r.includes(`EP-A-${s}`)) as unknown[][];
    expect(vacancies.map((r) => r.slice(3, 8))).toEqual(expect.arrayContaining([['leader', 1, 1, 0], ['mathematics', 'teacher', 2, 1, 1]].map((x) => expect.arrayContaining(x))));
  });

  it('reports every problem with row and column and writes nothing', async () => {
    const csv = [
      'staffNo,name,gender,birthDate,firstServiceDate,subjects,schoolCode,startDate,workloadShare',
      `BAD1-${s},何丽,女,1990-02-30,2012-09-01,mathematics,,,`,
      `BAD2-${s},何强,x,1990-01-01,2012-09-01,alchemy,,,`,
      `BAD3-${s},林静,女,1990-01-01,2012-09-01,mathematics,NOPE,${year}-09-01,`,
      `BAD3-${s},林静,女,1990-01-01,2005-09-01,mathematics,,,`,
      `BAD5-${s},黄敏,女,1990-01-01,2012-09-01,mathematics,,,1.5`,
    ].join('\n');
    const before = await Promise.all(['teachers', 'appointments', 'outbox', 'audit_log'].map(count));
    const r = await upload('teachers', csv, CSV_MIME);
    expect(r.status).toBe(422);
    expect(r.body.code).toBe('STAFFING.IMPORT_REJECTED');
    const errors = r.body.details.errors.map((e: { row: number; column: string }) => `${e.row}:${e.column}`);
    expect(errors).toEqual(expect.arrayContaining(['2:birthDate', '3:gender', '3:subjects', '4:schoolCode', '5:staffNo', '5:firstServiceDate', '6:workloadShare']));
    expect(await Promise.all(['teachers', 'appointments', 'outbox', 'audit_log'].map(count))).toEqual(before);
  });

  it('refuses a file that is not a spreadsheet, unknown columns and the wrong content type with 422 naming the problem', async () => {
    expect((await upload('teachers', 'hello', 'text/plain')).status).toBe(422);
    const unknown = await upload('schools', 'code,colour\nX,red\n', CSV_MIME);
    expect([unknown.status, unknown.body.message]).toEqual([422, expect.stringContaining('unknown column(s): colour')]);
    expect((await upload('teachers', Buffer.from('PK not really'), XLSX_MIME)).status).toBe(422);
  });

  it('answers a file with headers and no rows with a sentence saying so', async () => {
    const empty = await upload('teachers', '工号,姓名,性别,出生日期,参加工作时间,任教学科\n', CSV_MIME);
    expect([empty.status, empty.body.code]).toEqual([422, 'STAFFING.IMPORT_EMPTY']);
    expect(empty.body.message).toMatch(/^the file has its header row but no teachers under it, so nothing was imported: add one row per teacher below the headers/);
  });

  it('keeps the roster readable by the import column spec', async () => {
    const rows = await readRows(Buffer.from(`工号,姓名,性别,出生日期,参加工作时间,任教学科\nX1,张三,男,1990-01-01,2012-09-01,chinese\n`), 'csv', TEACHER_IMPORT_COLUMNS);
    expect(rows[0].values).toMatchObject({ staffNo: 'X1', name: '张三', gender: '男', subjects: 'chinese' });
  });
});
