import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { assertCanActInCounty, CurrentPrincipal, Roles, type Principal } from '@app/auth';
import { noQuery, uuidParams, ZodPipe } from '@app/runtime';
import { ComputeHints } from '../application/compute-hints.use-case';
import { ReadHints } from '../application/read-hints.use-case';

const teacherParams = z.strictObject({ id: z.uuid(), teacherId: z.uuid() });

/**
 * Achievable-school hints (issue #13): a teacher's own while their cycle collects preferences (the teacher
 * comes from the token); HR's support view of one teacher's; the runs that compute them, and a run now.
 * Texts come in Chinese and English together, as everywhere else in the services.
 */
@ApiTags('hints')
@Controller('cycles')
export class HintsController {
  constructor(
    private readonly read: ReadHints,
    private readonly compute: ComputeHints,
  ) {}

  @Get(':id/me/hints')
  @Roles('teacher')
  @ApiOperation({
    summary:
      'My achievable schools in this cycle: for each school I listed and up to 5 I did not, whether a place is likely, possible or unlikely, why (zh-CN and English), when it was computed, and that it is an estimate, not a promise',
  })
  async mine(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(uuidParams)) { id }: z.infer<typeof uuidParams>, @Query(new ZodPipe(noQuery)) _q: object) {
    return this.read.mine(p, id);
  }

  @Get(':id/teachers/:teacherId/hints')
  @Roles('county_hr')
  @ApiOperation({ summary: "A teacher's achievable-school hints as they see them, with the figures behind each level (HR, for support)" })
  async forTeacher(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(teacherParams)) { id, teacherId }: z.infer<typeof teacherParams>, @Query(new ZodPipe(noQuery)) _q: object) {
    return this.read.forTeacher(id, teacherId, (county) => assertCanActInCounty(p, county));
  }

  @Post(':id/hints/runs')
  @HttpCode(202)
  @Roles('county_hr', 'scheduler')
  @ApiOperation({ summary: "Compute this cycle's hints now (otherwise nightly at 03:30 Asia/Shanghai): answers at once with the queued run to poll; audited; 503 while the read model is behind" })
  @ApiAcceptedResponse({ description: 'the run, queued' })
  async trigger(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(uuidParams)) { id }: z.infer<typeof uuidParams>, @Body(new ZodPipe(z.strictObject({}))) _body: object) {
    return this.compute.trigger(p, id, (county) => assertCanActInCounty(p, county));
  }

  @Get(':id/hints/runs')
  @Roles('county_hr', 'scheduler')
  @ApiOperation({ summary: "This cycle's latest hint runs, newest first: status (queued, running, done, failed, refused, skipped, superseded), when computed, figures, error" })
  async runs(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(uuidParams)) { id }: z.infer<typeof uuidParams>, @Query(new ZodPipe(noQuery)) _q: object) {
    return this.compute.runs(id, (county) => assertCanActInCounty(p, county));
  }
}
