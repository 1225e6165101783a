import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { CurrentPrincipal, Roles, type Principal } from '@app/auth';
import { dateField, openApi, ZodPipe } from '@app/runtime';
import { CSV_MIME, uploadedRows, XLSX_MIME } from '@app/spreadsheet';
import { CALENDAR_IMPORT_COLUMNS, ImportCalendar } from '../application/import-calendar.use-case';
import { WorkingCalendarService } from '../application/working-calendar.use-case';

const READERS = ['county_hr', 'school_admin', 'teacher', 'scheduler'] as const;
const yearParams = z.strictObject({ year: z.coerce.number().int().min(2000).max(2100) });
const day = z.strictObject({ date: dateField, name: z.string().trim().min(1).max(100) });
const status = z.enum(['published', 'assumption']);
const source = z.string().trim().min(10).max(2000);
/** version: the one the year was read at (0 while it has never been entered) */
const yearBody = z.strictObject({
  status,
  source,
  holidays: z.array(day).max(60),
  workdays: z.array(day).max(20),
  version: z.number().int().min(0).max(2147483647),
});
const deadlineQuery = z.strictObject({ from: dateField, days: z.coerce.number().int().min(0).max(366) });
const importQuery = z.strictObject({
  year: z.coerce.number().int().min(2000).max(2100),
  status: status.default('published'),
  source,
  version: z.coerce.number().int().min(0).max(2147483647),
  dryRun: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
});

/**
 * The holiday calendar working days are counted with (issue #13): mainland China's public holidays and
 * adjusted working days (调休), year by year, each with its source (the State Council's notice). Everyone
 * signed in reads it; the city administrator enters or corrects a year (or imports it from a sheet), audited.
 */
@ApiTags('calendar')
@Controller()
export class CalendarController {
  constructor(
    private readonly calendar: WorkingCalendarService,
    private readonly importer: ImportCalendar,
  ) {}

  @Get('calendar/years/:year')
  @Roles(...READERS)
  @ApiOperation({ summary: "A year's public holidays and adjusted working days (调休), their source, where they come from (default, entered, none) and the version to edit" })
  year(@Param(new ZodPipe(yearParams)) { year }: z.infer<typeof yearParams>, @Query(new ZodPipe(z.strictObject({}))) _q: object) {
    return this.calendar.year(year);
  }

  @Put('calendar/years/:year')
  @Roles('city_admin')
  @ApiOperation({ summary: "Enter or correct a year's calendar (with the version read; 409 when stale): every date checked, a new version, audited" })
  @ApiBody({ schema: openApi(yearBody) })
  setYear(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(yearParams)) { year }: z.infer<typeof yearParams>, @Body(new ZodPipe(yearBody)) b: z.infer<typeof yearBody>) {
    return this.calendar.setYear(p, { year, status: b.status, source: b.source, holidays: b.holidays, workdays: b.workdays }, b.version);
  }

  @Get('calendar/deadline')
  @Roles(...READERS)
  @ApiOperation({ summary: 'The last working day of a period of `days` working days from `from`, when it ends (23:59:59 Asia/Shanghai) and whether it relies on a year not yet entered' })
  deadline(@Query(new ZodPipe(deadlineQuery)) q: z.infer<typeof deadlineQuery>) {
    return this.calendar.deadline(q.from, q.days);
  }

  @Post('imports/calendar')
  @HttpCode(200)
  @Roles('city_admin')
  @ApiConsumes(XLSX_MIME, CSV_MIME)
  @ApiOperation({ summary: "Import a year's calendar from a sheet (日期, 类型 放假/上班, 名称) with its source and the version read; all or nothing, every problem with its row and column; ?dryRun=true only checks" })
  async import(@CurrentPrincipal() p: Principal, @Query(new ZodPipe(importQuery)) q: z.infer<typeof importQuery>, @Req() request: FastifyRequest, @Body() body: unknown) {
    const rows = await uploadedRows(request.headers['content-type'], body, CALENDAR_IMPORT_COLUMNS, 'ROTATION.IMPORT_UNREADABLE', 500);
    return this.importer.execute(p, q, rows);
  }
}
