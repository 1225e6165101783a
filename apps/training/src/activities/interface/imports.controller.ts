import { Body, Controller, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { countyCode } from '@app/contracts';
import { assertCanActInCounty, CurrentPrincipal, Roles, type Principal } from '@app/auth';
import { UnitOfWork, ZodPipe } from '@app/runtime';
import { TrainingSchoolStore } from '../../schools/infrastructure/training-school.store';
import { UnknownCounty } from '../application/manage-activities.use-case';
import { CSV_MIME, uploadedRows, XLSX_MIME } from '@app/spreadsheet';
import { ATTENDANCE_IMPORT_COLUMNS, ImportAttendance } from '../../attendance/application/import-attendance.use-case';
import { ACTIVITY_IMPORT_COLUMNS, ImportActivities } from '../application/import-activities.use-case';

const importParams = z.strictObject({ kind: z.enum(['activities', 'attendance']) });
const importQuery = z.strictObject({ countyCode, dryRun: z.enum(['true', 'false']).default('false').transform((v) => v === 'true') });
/** A school year of a county's attendance in one sheet: 10,000 teachers × ~20 activities. */
const MAX_ROWS = 250_000;

@ApiTags('spreadsheets')
@Controller()
export class ImportsController {
  constructor(
    private readonly activities: ImportActivities,
    private readonly attendance: ImportAttendance,
    private readonly schools: TrainingSchoolStore,
    private readonly uow: UnitOfWork,
  ) {}

  @Post('imports/:kind')
  @HttpCode(200)
  @Roles('county_hr')
  @ApiConsumes(XLSX_MIME, CSV_MIME)
  @ApiOperation({
    summary: 'Upload activities or attendance (.xlsx or .csv as the body); every row is checked, all problems come back with row and column, nothing is written unless every row is valid. ?dryRun=true only checks.',
  })
  async upload(
    @CurrentPrincipal() p: Principal,
    @Param(new ZodPipe(importParams)) { kind }: z.infer<typeof importParams>,
    @Query(new ZodPipe(importQuery)) q: z.infer<typeof importQuery>,
    @Req() request: FastifyRequest,
    @Body() body: unknown,
  ) {
    assertCanActInCounty(p, q.countyCode);
    if (!(await this.schools.countyKnown(this.uow.reader, q.countyCode))) throw new UnknownCounty(q.countyCode);
    const rows = await uploadedRows(request.headers['content-type'], body, kind === 'activities' ? ACTIVITY_IMPORT_COLUMNS : ATTENDANCE_IMPORT_COLUMNS, 'TRAINING.UNREADABLE_UPLOAD', MAX_ROWS);
    return kind === 'activities' ? this.activities.execute(p, q.countyCode, rows, q.dryRun) : this.attendance.execute(p, q.countyCode, rows, q.dryRun);
  }
}
