import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ABSENCE_KINDS } from '@app/contracts';
import { assertCanActInCounty, CurrentPrincipal, Roles, type Principal } from '@app/auth';
import { dateField, noQuery, openApi, UnitOfWork, uuidParams, versionField, ZodPipe } from '@app/runtime';
import { TeacherAccess } from '../../teachers/application/teacher-access.service';
import { AbsenceRepository } from '../application/absence.repository';
import { ManageAbsences } from '../application/manage-absences.use-case';

const reason = z.string().trim().min(1).max(500);
const recordBody = z
  .strictObject({ teacherId: z.uuid(), kind: z.enum(ABSENCE_KINDS), startDate: dateField, endDate: dateField.nullable().default(null), reason })
  .refine((b) => b.endDate === null || b.endDate >= b.startDate, { message: 'endDate must not be before startDate', path: ['endDate'] });
const changeBody = z
  .strictObject({ version: versionField, reason, kind: z.enum(ABSENCE_KINDS).optional(), startDate: dateField.optional(), endDate: dateField.nullable().optional() })
  .refine((b) => Object.keys(b).length > 2, { message: 'a change sets at least one of kind, startDate, endDate' });
const cancelBody = z.strictObject({ version: versionField, reason });

@ApiTags('absences')
@Controller()
export class AbsencesController {
  constructor(
    private readonly manage: ManageAbsences,
    private readonly absences: AbsenceRepository,
    private readonly access: TeacherAccess,
    private readonly uow: UnitOfWork,
  ) {}

  @Post('absences')
  @HttpCode(201)
  @Roles('county_hr')
  @ApiOperation({ summary: 'Record an absence (paid/unpaid leave, secondment out 借调, suspension, long study leave); refused (409) when it overlaps another. Emits staffing.AbsenceRecorded.v1' })
  @ApiBody({ schema: openApi(recordBody) })
  create(@CurrentPrincipal() p: Principal, @Body(new ZodPipe(recordBody)) body: z.infer<typeof recordBody>) {
    return this.manage.recordAbsence(p, body, (county) => assertCanActInCounty(p, county));
  }

  @Patch('absences/:id')
  @Roles('county_hr')
  @ApiOperation({ summary: "Change an absence's dates or kind, with the reason and the version you read (409 if stale). Emits staffing.AbsenceUpdated.v1" })
  @ApiBody({ schema: openApi(changeBody) })
  change(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(uuidParams)) { id }: z.infer<typeof uuidParams>, @Body(new ZodPipe(changeBody)) body: z.infer<typeof changeBody>) {
    const { version, ...changes } = body;
    return this.manage.change(p, id, version, changes, (county) => assertCanActInCounty(p, county));
  }

  @Post('absences/:id/cancel')
  @HttpCode(200)
  @Roles('county_hr')
  @ApiOperation({ summary: 'Cancel an absence recorded in error (it stays in the history and no longer counts). Emits staffing.AbsenceUpdated.v1' })
  @ApiBody({ schema: openApi(cancelBody) })
  cancel(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(uuidParams)) { id }: z.infer<typeof uuidParams>, @Body(new ZodPipe(cancelBody)) body: z.infer<typeof cancelBody>) {
    return this.manage.cancel(p, id, body.version, body.reason, (county) => assertCanActInCounty(p, county));
  }

  @Get('teachers/:id/absences')
  @Roles('county_hr', 'school_admin', 'scheduler', 'teacher')
  @ApiOperation({ summary: "A teacher's absences, cancelled ones included" })
  async list(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(uuidParams)) { id }: z.infer<typeof uuidParams>, @Query(new ZodPipe(noQuery)) _q: object) {
    await this.access.readable(p, id);
    return { teacherId: id, items: await this.absences.forTeacher(this.uow.reader, id) };
  }
}
