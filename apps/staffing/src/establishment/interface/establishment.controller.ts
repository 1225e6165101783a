import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ESTABLISHMENT_TYPES } from '@app/contracts';
import { assertCanActInCounty, CurrentPrincipal, Roles, type Principal } from '@app/auth';
import { dateField, noQuery, openApi, UnitOfWork, uuidParams, versionField, ZodPipe } from '@app/runtime';
import { todayInShanghai } from '@app/rules';
import { TeacherAccess } from '../../teachers/application/teacher-access.service';
import { EstablishmentRepository } from '../application/establishment.repository';
import { RecordEstablishment } from '../application/record-establishment.use-case';
import { establishmentOn } from '../domain/establishment';

const recordBody = z.strictObject({
  type: z.enum(ESTABLISHMENT_TYPES),
  effectiveFrom: dateField,
  reason: z.string().trim().min(1).max(500),
  version: versionField,
});

@ApiTags('teachers')
@Controller('teachers/:id/establishment')
export class EstablishmentController {
  constructor(
    private readonly record: RecordEstablishment,
    private readonly establishment: EstablishmentRepository,
    private readonly access: TeacherAccess,
    private readonly uow: UnitOfWork,
  ) {}

  @Get()
  @Roles('county_hr', 'school_admin', 'scheduler', 'teacher')
  @ApiOperation({ summary: "A teacher's establishment type (在编/特岗/合同制/代课) today and its dated history, with the version needed to change it" })
  async get(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(uuidParams)) { id }: z.infer<typeof uuidParams>, @Query(new ZodPipe(noQuery)) _q: object) {
    await this.access.readable(p, id);
    const history = await this.establishment.history(this.uow.reader, id);
    const version = await this.establishment.version(this.uow.reader, id);
    const today = todayInShanghai();
    return { teacherId: id, asOf: today, current: establishmentOn(history, today), version, history };
  }

  @Post()
  @HttpCode(201)
  @Roles('county_hr')
  @ApiOperation({
    summary:
      'Record the establishment type from a date (a change), or correct the entry of the same date (it is superseded, not edited); send the history version you read (409 if it changed). Emits staffing.EstablishmentTypeRecorded.v1',
  })
  @ApiBody({ schema: openApi(recordBody) })
  create(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(uuidParams)) { id }: z.infer<typeof uuidParams>, @Body(new ZodPipe(recordBody)) body: z.infer<typeof recordBody>) {
    const { version, ...entry } = body;
    return this.record.execute(p, id, { ...entry, version }, (county) => assertCanActInCounty(p, county));
  }
}
