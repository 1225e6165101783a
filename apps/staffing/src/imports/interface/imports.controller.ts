import { Body, Controller, Get, Header, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiConsumes, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { countyCode } from '@app/contracts';
import { assertCanActInCounty, CurrentPrincipal, Roles, type Principal } from '@app/auth';
import { dateField, UnitOfWork, ZodPipe } from '@app/runtime';
import { SchoolRepository } from '../../schools/application/school.repository';
import { UnknownCounty } from '../../schools/domain/school';
import { CSV_MIME, uploadedRows, XLSX_MIME } from '@app/spreadsheet';
import { todayInShanghai } from '@app/rules';
import { ABSENCE_IMPORT_COLUMNS, ImportAbsences } from '../application/import-absences.use-case';
import { ESTABLISHMENT_IMPORT_COLUMNS, ImportEstablishment } from '../application/import-establishment.use-case';
import { ImportQuotas, QUOTA_IMPORT_COLUMNS } from '../application/import-quotas.use-case';
import { ImportSchools, SCHOOL_IMPORT_COLUMNS } from '../application/import-schools.use-case';
import { ImportTeachers, TEACHER_IMPORT_COLUMNS } from '../application/import-teachers.use-case';
import { RosterExport } from '../application/roster-export';
import { ImportPairings, PAIRING_IMPORT_COLUMNS } from '../../kindergartens/application/import-pairings.use-case';

const importParams = z.strictObject({ kind: z.enum(['schools', 'quotas', 'teachers', 'establishment', 'absences', 'pairings']) });
const importQuery = z.strictObject({ countyCode, dryRun: z.enum(['true', 'false']).default('false').transform((v) => v === 'true') });
const rosterParams = z.strictObject({ countyCode });
const rosterQuery = z.strictObject({ asOf: dateField.optional() });

@ApiTags('spreadsheets')
@Controller()
export class ImportsController {
  constructor(
    private readonly schools: ImportSchools,
    private readonly quotas: ImportQuotas,
    private readonly teachers: ImportTeachers,
    private readonly establishment: ImportEstablishment,
    private readonly absences: ImportAbsences,
    private readonly roster: RosterExport,
    private readonly pairings: ImportPairings,
    private readonly counties: SchoolRepository,
    private readonly uow: UnitOfWork,
  ) {}

  @Post('imports/:kind')
  @HttpCode(200)
  @Roles('county_hr')
  @ApiConsumes(XLSX_MIME, CSV_MIME)
  @ApiOperation({
    summary: 'Upload schools, quotas, teachers with appointments, establishment types (工号, 编制类型, 生效日期), absences (工号, 缺勤类型, 开始日期, 结束日期) or R10 kindergarten pairings (.xlsx or .csv as the request body); every row is checked, all problems come back with row and column, and nothing is written unless every row is valid. ?dryRun=true only checks.',
  })
  async upload(
    @CurrentPrincipal() p: Principal,
    @Param(new ZodPipe(importParams)) { kind }: z.infer<typeof importParams>,
    @Query(new ZodPipe(importQuery)) q: z.infer<typeof importQuery>,
    @Req() request: FastifyRequest,
    @Body() body: unknown,
  ) {
    assertCanActInCounty(p, q.countyCode);
    if (!(await this.counties.countyExists(this.uow.reader, q.countyCode))) throw new UnknownCounty(q.countyCode);
    const importers = {
      schools: { columns: SCHOOL_IMPORT_COLUMNS, useCase: this.schools },
      quotas: { columns: QUOTA_IMPORT_COLUMNS, useCase: this.quotas },
      teachers: { columns: TEACHER_IMPORT_COLUMNS, useCase: this.teachers },
      establishment: { columns: ESTABLISHMENT_IMPORT_COLUMNS, useCase: this.establishment },
      absences: { columns: ABSENCE_IMPORT_COLUMNS, useCase: this.absences },
      pairings: { columns: PAIRING_IMPORT_COLUMNS, useCase: this.pairings },
    };
    const { columns, useCase } = importers[kind];
    const rows = await uploadedRows(request.headers['content-type'], body, columns, 'STAFFING.UNREADABLE_UPLOAD');
    return useCase.execute(p, q.countyCode, rows, q.dryRun);
  }

  @Get('counties/:countyCode/roster.xlsx')
  @Roles('county_hr', 'scheduler')
  @ApiProduces(XLSX_MIME)
  @Header('content-type', XLSX_MIME)
  @ApiOperation({ summary: "The county's roster as an Excel workbook: schools, teachers with their current appointments, vacancies" })
  async exportRoster(
    @CurrentPrincipal() p: Principal,
    @Param(new ZodPipe(rosterParams)) params: z.infer<typeof rosterParams>,
    @Query(new ZodPipe(rosterQuery)) q: z.infer<typeof rosterQuery>,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    assertCanActInCounty(p, params.countyCode);
    const asOf = q.asOf ?? todayInShanghai();
    reply.header('content-disposition', `attachment; filename="roster-${params.countyCode}-${asOf}.xlsx"`);
    return this.roster.workbook(params.countyCode, asOf);
  }
}
