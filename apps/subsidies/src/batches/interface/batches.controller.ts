import { Body, Controller, Get, Header, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { countyCode, monthField } from '@app/contracts';
import { assertCanActInCounty, countyFilterFor, CurrentPrincipal, Roles, type Principal } from '@app/auth';
import { DomainError } from '@app/platform';
import { openApi, pageQuery, UnitOfWork, uuidParams, versionField, ZodPipe } from '@app/runtime';
import { CSV_MIME, writeCsv, writeWorkbook, XLSX_MIME, type SheetSpec } from '@app/spreadsheet';
import { formatYuan } from '../../ledger/domain/explain';
import { knownCounty } from '../../scheme/interface/subsidies.dto';
import { BatchRepository, type BatchLine } from '../application/batch.repository';
import { PaymentBatches } from '../application/payment-batches.use-case';
import { BATCH_STATUSES, BatchNotFound, type Batch, type BatchAction } from '../domain/batch';

const draftBody = z.strictObject({ countyCode, period: monthField, note: z.string().trim().min(1).max(500).nullable().default(null) });
const listQuery = z.strictObject({ countyCode: countyCode.optional(), status: z.enum(BATCH_STATUSES).optional(), ...pageQuery });
const linesQuery = z.strictObject({ schoolId: z.uuid().optional(), ...pageQuery });
const rosterQuery = z.strictObject({ schoolId: z.uuid().optional() });
const stepBody = z.strictObject({ version: versionField });
const paidBody = z.strictObject({ version: versionField, payrollReference: z.string().trim().min(1).max(100) });

class NotExported extends DomainError {
  constructor(b: Batch) {
    super('SUBSIDIES.NOT_EXPORTED', 'conflict', `batch ${b.id} is ${b.status}: it is exported for payroll only after approval (POST /batches/${b.id}/export)`, { batchId: b.id, status: b.status });
  }
}

const TIER_ZH = ['无', '一类', '二类', '三类'];
const rosterColumns: SheetSpec['columns'] = [
  { header: '学校代码', key: 'schoolCode' },
  { header: '学校', key: 'schoolName', width: 28 },
  { header: '姓名', key: 'name' },
  { header: '月份', key: 'month' },
  { header: '类型', key: 'kind' },
  { header: '边远等级', key: 'tier' },
  { header: '乡村任教年限档', key: 'band' },
  { header: '计发天数', key: 'daysCounted' },
  { header: '金额（元）', key: 'amount' },
];
const rosterRow = (l: BatchLine) => ({ ...l, kind: l.kind === 'adjustment' ? '调整' : '月度', tier: TIER_ZH[l.tier] ?? l.tier, amount: formatYuan(l.amountFen) });
const sheetName = (code: string | null, name: string, used: Set<string>) => {
  let n = `${code ?? ''} ${name}`.replace(/[\\/?*[\]:]/g, ' ').trim().slice(0, 28) || 'school';
  for (let i = 2; used.has(n); i++) n = `${n.slice(0, 26)}~${i}`;
  used.add(n);
  return n;
};

@ApiTags('batches')
@Controller('batches')
export class BatchesController {
  constructor(
    private readonly batches: PaymentBatches,
    private readonly repo: BatchRepository,
    private readonly uow: UnitOfWork,
  ) {}

  @Post()
  @HttpCode(201)
  @Roles('county_hr')
  @ApiOperation({ summary: "Draft the county's payment batch for a period: every unpaid line and adjustment up to it (422 when there is none)" })
  @ApiBody({ schema: openApi(draftBody) })
  draft(@CurrentPrincipal() p: Principal, @Body(new ZodPipe(draftBody)) body: z.infer<typeof draftBody>) {
    assertCanActInCounty(p, knownCounty(body.countyCode));
    return this.batches.draft(p, body);
  }

  @Get()
  @Roles('county_hr')
  @ApiOperation({ summary: 'Payment batches, newest period first; a county HR officer sees their own county' })
  async list(@CurrentPrincipal() p: Principal, @Query(new ZodPipe(listQuery)) q: z.infer<typeof listQuery>) {
    const page = await this.repo.list(this.uow.reader, { ...q, countyCode: countyFilterFor(p, q.countyCode) });
    return { ...page, limit: q.limit, offset: q.offset };
  }

  @Get(':id')
  @Roles('county_hr')
  @ApiOperation({ summary: "A batch with its version, steps (who, when) and totals: per school, per tier, the province's share, and whether they reconcile" })
  view(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(uuidParams)) { id }: z.infer<typeof uuidParams>, @Query(new ZodPipe(z.strictObject({}))) _q: object) {
    return this.batches.view(id, (county) => assertCanActInCounty(p, county));
  }

  @Get(':id/lines')
  @Roles('county_hr')
  @ApiOperation({ summary: "The batch's lines (monthly lines and adjustments), by school" })
  async lines(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(uuidParams)) { id }: z.infer<typeof uuidParams>, @Query(new ZodPipe(linesQuery)) q: z.infer<typeof linesQuery>) {
    await this.readable(p, id);
    return { ...(await this.repo.lines(this.uow.reader, id, q)), limit: q.limit, offset: q.offset };
  }

  @Post(':id/publish')
  @HttpCode(200)
  @Roles('county_hr')
  @ApiOperation({ summary: 'Publish a draft for review (公示): the rosters per school are then the ones to post. Send the version you read (409 if stale).' })
  @ApiBody({ schema: openApi(stepBody) })
  publish(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(uuidParams)) { id }: z.infer<typeof uuidParams>, @Body(new ZodPipe(stepBody)) body: z.infer<typeof stepBody>) {
    return this.step(p, id, 'publish', body.version);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Roles('county_hr')
  @ApiOperation({ summary: 'Approve a published batch: a second officer, never the drafter (403 with a sentence). Emits subsidies.BatchApproved.v1' })
  @ApiBody({ schema: openApi(stepBody) })
  approve(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(uuidParams)) { id }: z.infer<typeof uuidParams>, @Body(new ZodPipe(stepBody)) body: z.infer<typeof stepBody>) {
    return this.step(p, id, 'approve', body.version);
  }

  @Post(':id/export')
  @HttpCode(200)
  @Roles('county_hr')
  @ApiOperation({ summary: 'Export an approved batch for payroll; payroll.xlsx and payroll.csv can then be downloaded' })
  @ApiBody({ schema: openApi(stepBody) })
  export(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(uuidParams)) { id }: z.infer<typeof uuidParams>, @Body(new ZodPipe(stepBody)) body: z.infer<typeof stepBody>) {
    return this.step(p, id, 'export', body.version);
  }

  @Post(':id/withdraw')
  @HttpCode(200)
  @Roles('county_hr')
  @ApiOperation({ summary: 'Withdraw a draft or published batch; its lines go back for the next batch' })
  @ApiBody({ schema: openApi(stepBody) })
  withdraw(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(uuidParams)) { id }: z.infer<typeof uuidParams>, @Body(new ZodPipe(stepBody)) body: z.infer<typeof stepBody>) {
    return this.step(p, id, 'withdraw', body.version);
  }

  @Post(':id/paid')
  @HttpCode(200)
  @Roles('county_hr')
  @ApiOperation({ summary: "Mark an exported batch paid with the payroll's reference; it is then locked and never changes. Emits subsidies.BatchPaid.v1" })
  @ApiBody({ schema: openApi(paidBody) })
  paid(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(uuidParams)) { id }: z.infer<typeof uuidParams>, @Body(new ZodPipe(paidBody)) body: z.infer<typeof paidBody>) {
    return this.step(p, id, 'pay', body.version, { payrollReference: body.payrollReference });
  }

  @Get(':id/roster.xlsx')
  @Roles('county_hr')
  @ApiProduces(XLSX_MIME)
  @Header('content-type', XLSX_MIME)
  @ApiOperation({ summary: 'The review roster (公示名单) as a workbook: one school’s (?schoolId=), or one sheet per school' })
  async roster(
    @CurrentPrincipal() p: Principal,
    @Param(new ZodPipe(uuidParams)) { id }: z.infer<typeof uuidParams>,
    @Query(new ZodPipe(rosterQuery)) q: z.infer<typeof rosterQuery>,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const batch = await this.readable(p, id);
    const lines = await this.repo.allLines(this.uow.reader, id, q.schoolId);
    const bySchool = new Map<string, BatchLine[]>();
    for (const l of lines) bySchool.set(l.schoolId, [...(bySchool.get(l.schoolId) ?? []), l]);
    const used = new Set<string>();
    const sheets: SheetSpec[] = [...bySchool.values()].map((ls) => ({ name: sheetName(ls[0].schoolCode, ls[0].schoolName, used), columns: rosterColumns, rows: ls.map(rosterRow) }));
    reply.header('content-disposition', `attachment; filename="roster-${batch.countyCode}-${batch.period}${q.schoolId ? `-${q.schoolId}` : ''}.xlsx"`);
    return writeWorkbook(sheets.length ? sheets : [{ name: '公示名单', columns: rosterColumns, rows: [] }]);
  }

  @Get(':id/payroll.xlsx')
  @Roles('county_hr')
  @ApiProduces(XLSX_MIME)
  @Header('content-type', XLSX_MIME)
  @ApiOperation({ summary: 'The exported batch for payroll: staff number, name, school, period, amount (one row per teacher and school)' })
  async payrollXlsx(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(uuidParams)) { id }: z.infer<typeof uuidParams>, @Query(new ZodPipe(z.strictObject({}))) _q: object, @Res({ passthrough: true }) reply: FastifyReply) {
    const { batch, sheet } = await this.payroll(p, id);
    reply.header('content-disposition', `attachment; filename="payroll-${batch.countyCode}-${batch.period}.xlsx"`);
    return writeWorkbook([sheet]);
  }

  @Get(':id/payroll.csv')
  @Roles('county_hr')
  @ApiProduces(CSV_MIME)
  @Header('content-type', `${CSV_MIME}; charset=utf-8`)
  @ApiOperation({ summary: 'The same payroll file as CSV (UTF-8 with a byte-order mark)' })
  async payrollCsv(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(uuidParams)) { id }: z.infer<typeof uuidParams>, @Query(new ZodPipe(z.strictObject({}))) _q: object, @Res({ passthrough: true }) reply: FastifyReply) {
    const { batch, sheet } = await this.payroll(p, id);
    reply.header('content-disposition', `attachment; filename="payroll-${batch.countyCode}-${batch.period}.csv"`);
    return writeCsv(sheet);
  }

  private step(p: Principal, id: string, action: BatchAction, version: number, extra?: { payrollReference: string }) {
    return this.batches.step(p, id, action, version, (county) => assertCanActInCounty(p, county), extra);
  }

  private async readable(p: Principal, id: string): Promise<Batch> {
    const batch = await this.repo.findById(this.uow.reader, id);
    if (!batch) throw new BatchNotFound(id);
    assertCanActInCounty(p, batch.countyCode);
    return batch;
  }

  private async payroll(p: Principal, id: string): Promise<{ batch: Batch; sheet: SheetSpec }> {
    const batch = await this.readable(p, id);
    if (batch.status !== 'exported' && batch.status !== 'paid') throw new NotExported(batch);
    const rows = await this.repo.payroll(this.uow.reader, id);
    return {
      batch,
      sheet: {
        name: `工资 ${batch.period}`,
        columns: [
          { header: '工号', key: 'staffNo' },
          { header: '姓名', key: 'name' },
          { header: '学校代码', key: 'schoolCode' },
          { header: '学校', key: 'schoolName', width: 28 },
          { header: '期间', key: 'period' },
          { header: '所含月份', key: 'months', width: 20 },
          { header: '金额（元）', key: 'amount' },
        ],
        rows: rows.map((r) => ({ ...r, period: batch.period, amount: formatYuan(r.amountFen) })),
      },
    };
  }
}
