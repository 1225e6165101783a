import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { countyCode } from '@app/contracts';
import { assertCanActInCounty, countyFilterFor, CurrentPrincipal, Forbidden, Roles, type Principal } from '@app/auth';
import { todayInShanghai } from '@app/rules';
import { dateField, noQuery, openApi, uuidParams, versionField, ZodPipe } from '@app/runtime';
import { ManageCycles } from '../application/manage-cycles.use-case';
import { TeacherCycle } from '../application/teacher-cycle.use-case';
import { CYCLE_STATES, MAX_PREFERENCES } from '../domain/cycle';

const openBody = z.strictObject({ countyCode, schoolYear: z.number().int().min(2023).max(2100) });
const transitionBody = z.strictObject({ to: z.enum(CYCLE_STATES), version: versionField, preferenceDeadline: dateField.optional() });
const listQuery = z.strictObject({ countyCode: countyCode.optional() });
const preferencesBody = z.strictObject({ schoolIds: z.array(z.uuid()).max(MAX_PREFERENCES) });
const correctionBody = z.strictObject({ message: z.string().trim().min(1).max(2000) });


@ApiTags('cycles')
@Controller('cycles')
export class CyclesController {
  constructor(
    private readonly manage: ManageCycles,
    private readonly teacher: TeacherCycle,
  ) {}

  @Post()
  @HttpCode(201)
  @Roles('county_hr')
  @ApiOperation({ summary: 'Open a rotation cycle (county × school year) as a draft' })
  @ApiBody({ schema: openApi(openBody) })
  open(@CurrentPrincipal() p: Principal, @Body(new ZodPipe(openBody)) b: z.infer<typeof openBody>) {
    assertCanActInCounty(p, b.countyCode);
    return this.manage.open(p, b.countyCode, b.schoolYear);
  }

  @Get()
  @Roles('county_hr', 'scheduler')
  @ApiOperation({ summary: 'Rotation cycles' })
  list(@CurrentPrincipal() p: Principal, @Query(new ZodPipe(listQuery)) q: z.infer<typeof listQuery>) {
    return this.manage.list(countyFilterFor(p, q.countyCode));
  }

  @Get(':id')
  @Roles('county_hr', 'scheduler', 'teacher')
  @ApiOperation({ summary: 'One cycle: its state, deadline and version' })
  async get(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(uuidParams)) { id }: z.infer<typeof uuidParams>, @Query(new ZodPipe(noQuery)) _q: object) {
    return this.manage.get(id, (cycle) => {
      if (p.role === 'teacher') {
        if (p.countyCode !== cycle.countyCode) throw new Forbidden(`teacher ${p.teacherId} may not read another county's cycle`);
      } else assertCanActInCounty(p, cycle.countyCode);
    });
  }

  @Post(':id/transitions')
  @HttpCode(200)
  @Roles('county_hr')
  @ApiOperation({ summary: 'Advance a cycle: draft → collecting (with a preference deadline) → planning → proposed → approved → executed; audited' })
  @ApiBody({ schema: openApi(transitionBody) })
  advance(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(uuidParams)) { id }: z.infer<typeof uuidParams>, @Body(new ZodPipe(transitionBody)) b: z.infer<typeof transitionBody>) {
    return this.manage.advance(p, id, b.to, b.version, todayInShanghai(), b.preferenceDeadline, (county) => assertCanActInCounty(p, county));
  }

  @Get(':id/me/preferences')
  @Roles('teacher')
  @ApiOperation({ summary: 'My ranked school preferences in this cycle, and my open obligations' })
  async myPreferences(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(uuidParams)) { id }: z.infer<typeof uuidParams>, @Query(new ZodPipe(noQuery)) _q: object) {
    return this.teacher.preferencesOf(p, id);
  }

  @Put(':id/me/preferences')
  @Roles('teacher')
  @ApiOperation({ summary: 'Enter up to 10 ranked school preferences before the deadline (replaces earlier ones)' })
  @ApiBody({ schema: openApi(preferencesBody) })
  async setPreferences(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(uuidParams)) { id }: z.infer<typeof uuidParams>, @Body(new ZodPipe(preferencesBody)) b: z.infer<typeof preferencesBody>) {
    return this.teacher.setPreferences(p, id, b.schoolIds, todayInShanghai());
  }

  @Get(':id/me/status')
  @Roles('teacher')
  @ApiOperation({ summary: 'Am I mandatory, eligible or exempt in this cycle, and why; my priority points and how they were computed' })
  async myStatus(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(uuidParams)) { id }: z.infer<typeof uuidParams>, @Query(new ZodPipe(noQuery)) _q: object) {
    return this.teacher.status(p, id);
  }

  @Get(':id/me/schools')
  @Roles('teacher')
  @ApiOperation({ summary: "The schools of my cycle's county I may rank (names, type, district, rural, weak), my current school left out" })
  async mySchools(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(uuidParams)) { id }: z.infer<typeof uuidParams>, @Query(new ZodPipe(noQuery)) _q: object) {
    return this.teacher.schools(p, id);
  }

  @Post(':id/me/point-corrections')
  @HttpCode(201)
  @Roles('teacher')
  @ApiOperation({ summary: 'Ask for a correction of the facts behind my points, until planning starts' })
  @ApiBody({ schema: openApi(correctionBody) })
  async askCorrection(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(uuidParams)) { id }: z.infer<typeof uuidParams>, @Body(new ZodPipe(correctionBody)) b: z.infer<typeof correctionBody>) {
    return this.teacher.askCorrection(p, id, b.message);
  }

  @Get(':id/point-corrections')
  @Roles('county_hr')
  @ApiOperation({ summary: "Teachers' requests to correct their points in this cycle" })
  async corrections(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(uuidParams)) { id }: z.infer<typeof uuidParams>, @Query(new ZodPipe(noQuery)) _q: object) {
    return this.teacher.corrections(id, (county) => assertCanActInCounty(p, county));
  }
}

/** A teacher's own cycles: those of the county whose pool they are in (the county comes from the read model, the id from the token). */
@ApiTags('cycles')
@Controller('me')
export class MyCyclesController {
  constructor(private readonly teacher: TeacherCycle) {}

  @Get('cycles')
  @Roles('teacher')
  @ApiOperation({ summary: "My county's rotation cycles, newest school year first" })
  async mine(@CurrentPrincipal() p: Principal, @Query(new ZodPipe(noQuery)) _q: object) {
    return this.teacher.myCycles(p);
  }
}
