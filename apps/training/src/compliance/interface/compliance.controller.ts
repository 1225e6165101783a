import { Body, Controller, Get, Header, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { COMPLIANCE_RULES, countyCode, isoDate } from '@app/contracts';
import { AuditTrail } from '@app/audit';
import { assertCanActInCounty, countyFilterFor, CurrentPrincipal, Forbidden, Roles, type Principal } from '@app/auth';
import { openApi, pageQuery, UnitOfWork, ZodPipe } from '@app/runtime';
import { XLSX_MIME } from '@app/spreadsheet';
import { todayInShanghai } from '../../calendar/domain/periods';
import { ComplianceRepository } from '../application/compliance.repository';
import { ComplianceViews } from '../application/compliance-views.service';
import { EvaluateCompliance } from '../application/evaluate-compliance.use-case';

const period = z.string().regex(/^\d{4}(-(autumn|spring|\d{4}))?$/, "a period like 2026-autumn, 2026-spring, 2026-2027 or 2026");
const summaryQuery = z.strictObject({ countyCode: countyCode.optional(), period: period.optional(), groupBy: z.enum(['county', 'district', 'school']).default('county') });
const resultsQuery = z.strictObject({ countyCode: countyCode.optional(), rule: z.enum(COMPLIANCE_RULES).optional(), period: period.optional(), status: z.enum(['met', 'shortfall', 'in_progress']).optional(), schoolId: z.uuid().optional(), ...pageQuery });
const evaluationBody = z.strictObject({ countyCode, schoolYear: z.number().int().min(2000).max(2100), term: z.enum(['autumn', 'spring']), asOf: isoDate.optional() });
const atRiskQuery = z.strictObject({ countyCode, asOf: isoDate.optional(), notice: z.enum(['first', 'second']).default('first') });
const researchersQuery = z.strictObject({ countyCode, asOf: isoDate.optional() });
const exportParams = z.strictObject({ countyCode });
const exportQuery = z.strictObject({ period: period.optional(), asOf: isoDate.optional() });
const auditQuery = z.strictObject({ countyCode: countyCode.optional(), entityType: z.string().min(1).max(64).optional(), entityId: z.string().min(1).max(128).optional(), ...pageQuery });

@ApiTags('compliance')
@Controller()
export class ComplianceController {
  constructor(
    private readonly evaluate: EvaluateCompliance,
    private readonly results: ComplianceRepository,
    private readonly views: ComplianceViews,
    private readonly audit: AuditTrail,
    private readonly uow: UnitOfWork,
  ) {}

  @Get('compliance/summary')
  @Roles('county_hr', 'scheduler')
  @ApiOperation({ summary: 'Stored compliance results counted per county, district or school, rule and period (met / shortfall / in progress)' })
  async summary(@CurrentPrincipal() p: Principal, @Query(new ZodPipe(summaryQuery)) q: z.infer<typeof summaryQuery>) {
    return { items: await this.results.summary(this.uow.reader, countyFilterFor(p, q.countyCode), q.period, q.groupBy) };
  }

  @Get('compliance/results')
  @Roles('county_hr', 'scheduler', 'school_admin')
  @ApiOperation({ summary: 'Stored results per county or teacher, by rule, period, status and school; a school administrator sees their own school' })
  async list(@CurrentPrincipal() p: Principal, @Query(new ZodPipe(resultsQuery)) q: z.infer<typeof resultsQuery>) {
    let filter;
    if (p.role === 'school_admin') {
      if (q.schoolId && q.schoolId !== p.schoolId) throw new Forbidden(`school_admin of school ${p.schoolId} may not read another school's results`);
      filter = { ...q, countyCode: p.countyCode, schoolId: p.schoolId };
    } else filter = { ...q, countyCode: countyFilterFor(p, q.countyCode) };
    const page = await this.results.list(this.uow.reader, filter);
    return { ...page, limit: q.limit, offset: q.offset };
  }

  @Post('evaluations')
  @HttpCode(200)
  @Roles('county_hr')
  @ApiOperation({ summary: "Re-run a term's evaluation (as scheduler.TermClosed does): only changed results are written, only changes of status announced" })
  @ApiBody({ schema: openApi(evaluationBody) })
  rerun(@CurrentPrincipal() p: Principal, @Body(new ZodPipe(evaluationBody)) b: z.infer<typeof evaluationBody>) {
    assertCanActInCounty(p, b.countyCode);
    return this.evaluate.rerun(p, b.countyCode, b.schoolYear, b.term, b.asOf ?? todayInShanghai());
  }

  @Get('at-risk')
  @Roles('county_hr', 'scheduler')
  @ApiOperation({ summary: 'Teachers not yet meeting R7, R8 or the year’s hours in a period that ends within the first (60 days) or second (30 days) notice' })
  atRisk(@CurrentPrincipal() p: Principal, @Query(new ZodPipe(atRiskQuery)) q: z.infer<typeof atRiskQuery>) {
    assertCanActInCounty(p, q.countyCode);
    return this.views.atRisk(q.countyCode, q.asOf ?? todayInShanghai(), q.notice);
  }

  @Get('researchers')
  @Roles('county_hr', 'scheduler')
  @ApiOperation({ summary: "R6 per researcher: confirmed visits to rural schools in the 5-year window (on track pro rata) and stationing in the first 3 years" })
  researchers(@CurrentPrincipal() p: Principal, @Query(new ZodPipe(researchersQuery)) q: z.infer<typeof researchersQuery>) {
    assertCanActInCounty(p, q.countyCode);
    return this.views.researchers(q.countyCode, q.asOf ?? todayInShanghai());
  }

  @Get('counties/:countyCode/compliance.xlsx')
  @Roles('county_hr', 'scheduler')
  @ApiProduces(XLSX_MIME)
  @Header('content-type', XLSX_MIME)
  @ApiOperation({ summary: "The county's compliance as an Excel workbook: per school, shortfalls, researchers, at-risk" })
  async workbook(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(exportParams)) params: z.infer<typeof exportParams>, @Query(new ZodPipe(exportQuery)) q: z.infer<typeof exportQuery>, @Res({ passthrough: true }) reply: FastifyReply) {
    assertCanActInCounty(p, params.countyCode);
    const asOf = q.asOf ?? todayInShanghai();
    reply.header('content-disposition', `attachment; filename="training-compliance-${params.countyCode}-${asOf}.xlsx"`);
    return this.views.workbook(params.countyCode, q.period, asOf);
  }

  @Get('audit')
  @Roles('county_hr')
  @ApiOperation({ summary: "The training audit trail: every officer's write, with who, when, before and after" })
  auditTrail(@CurrentPrincipal() p: Principal, @Query(new ZodPipe(auditQuery)) q: z.infer<typeof auditQuery>) {
    return this.audit.query(this.uow.reader, { ...q, countyCode: countyFilterFor(p, q.countyCode) });
  }
}
