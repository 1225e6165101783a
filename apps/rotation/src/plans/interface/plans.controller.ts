import { Body, Controller, Delete, Get, Header, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBody, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { XLSX_MIME } from '@app/spreadsheet';
import { z } from 'zod';
import { countyCode } from '@app/contracts';
import { assertCanActInCounty, countyFilterFor, CurrentPrincipal, Roles, type Principal } from '@app/auth';
import { noQuery, openApi, versionField, ZodPipe } from '@app/runtime';
import { ManageCycles } from '../../cycles/application/manage-cycles.use-case';
import { CyclePlans } from '../application/cycle-plans.use-case';
import { PlanExport } from '../application/plan-export';
import { SolvePlans } from '../application/solve-plans.use-case';

const cycleParams = z.strictObject({ id: z.uuid() });
const planParams = z.strictObject({ id: z.uuid(), planId: z.uuid() });
const diffParams = z.strictObject({ id: z.uuid(), planId: z.uuid(), otherId: z.uuid() });
const solveParams = z.strictObject({ id: z.uuid(), solveId: z.uuid() });
const solveHandle = {
  type: 'object',
  description: 'the solve, to poll with GET /cycles/{id}/solves/{solveId} until its status is done, failed or cancelled',
  properties: {
    solveId: { type: 'string', format: 'uuid' },
    status: { type: 'string', enum: ['queued', 'running', 'done', 'failed', 'cancelled'] },
    progress: { type: 'object', nullable: true, description: 'stage (queued, input, candidates, lp, mip, elastic, checking), iterations, elapsedMs' },
    result: { type: 'object', nullable: true, description: 'done: a saved plan (saved: true, planId, number, status, objective, metrics, violations) or a what-if (saved: false, moves, metrics…)' },
    error: { type: 'object', nullable: true },
    planId: { type: 'string', format: 'uuid', nullable: true },
  },
};
const pin = z.strictObject({ teacherId: z.uuid(), schoolId: z.uuid(), kind: z.enum(['force', 'forbid']) });
const share = z.number().min(0).max(1);
const solveBody = z.strictObject({
  pins: z.array(pin).max(1000).default([]),
  /** what-if: solve with these parameters instead, and save nothing */
  whatIf: z
    .strictObject({
      minMoverShare: share.optional(),
      backboneMoverShare: share.optional(),
      maxLeadershipMoveShare: share.optional(),
      subjectFloor: z.number().int().min(0).max(10).optional(),
      weights: z
        .strictObject({
          towardRural: z.number().min(-100).max(100).optional(),
          towardWeak: z.number().min(-100).max(100).optional(),
          backboneTowardWeak: z.number().min(-100).max(100).optional(),
          preferenceRank: z.number().min(-100).max(100).optional(),
          sameDistrict: z.number().min(-100).max(100).optional(),
          disruption: z.number().min(-100).max(100).optional(),
        })
        .optional(),
    })
    .optional(),
});
const versionBody = z.strictObject({ version: versionField });
const pinsBody = z.strictObject({ pins: z.array(pin).max(1000) });

@ApiTags('plans')
@Controller('cycles/:id')
export class PlansController {
  constructor(
    private readonly plans: CyclePlans,
    private readonly solves: SolvePlans,
    private readonly exporter: PlanExport,
    private readonly cycles: ManageCycles,
  ) {}

  @Put('pins')
  @Roles('county_hr')
  @ApiOperation({ summary: "Set the cycle's pins (force or forbid a move); every later solve honours them" })
  @ApiBody({ schema: openApi(pinsBody) })
  setPins(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(cycleParams)) { id }: z.infer<typeof cycleParams>, @Body(new ZodPipe(pinsBody)) b: z.infer<typeof pinsBody>) {
    return this.plans.setPins(p, id, b.pins, (county) => assertCanActInCounty(p, county));
  }

  @Get('pins')
  @Roles('county_hr', 'scheduler')
  @ApiOperation({ summary: "The cycle's pins" })
  getPins(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(cycleParams)) { id }: z.infer<typeof cycleParams>, @Query(new ZodPipe(noQuery)) _q: object) {
    return this.plans.pins(id, (county) => assertCanActInCounty(p, county));
  }

  @Get('plans/:planId/export.xlsx')
  @Roles('county_hr')
  @ApiProduces(XLSX_MIME)
  @Header('content-type', XLSX_MIME)
  @ApiOperation({ summary: "The plan and the teachers' notices as an Excel workbook" })
  async export(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(planParams)) { id, planId }: z.infer<typeof planParams>, @Query(new ZodPipe(noQuery)) _q: object, @Res({ passthrough: true }) reply: FastifyReply) {
    const plan = await this.plans.get(id, planId, (county) => assertCanActInCounty(p, county));
    const cycle = await this.cycles.get(id, (c) => assertCanActInCounty(p, c.countyCode));
    reply.header('content-disposition', `attachment; filename="rotation-${cycle.countyCode}-${cycle.schoolYear}-plan-${plan.number}.xlsx"`);
    return this.exporter.workbook(plan, cycle);
  }

  @Post('plans')
  @HttpCode(202)
  @Roles('county_hr')
  @ApiOperation({
    summary:
      'Solve a plan for the cycle (HiGHS in a worker thread), with pins; answers 202 at once with a solve to poll (GET solves/{solveId}) or cancel (DELETE). ' +
      "A what-if solves with changed parameters and saves no plan. Solves run at most ROTATION_SOLVE_TIME_LIMIT_S each, several at once; a re-solve after pinning re-uses the worker's model. " +
      "503 READ_MODEL.BEHIND when rotation's copy of staffing and the scheduler's obligations is more than READ_MODEL_MAX_LAG events behind.",
  })
  @ApiBody({ schema: openApi(solveBody) })
  @ApiAcceptedResponse({ description: 'the solve started', schema: solveHandle })
  solve(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(cycleParams)) { id }: z.infer<typeof cycleParams>, @Body(new ZodPipe(solveBody)) b: z.infer<typeof solveBody>) {
    return this.solves.start(p, id, b.pins, b.whatIf ?? null, (county) => assertCanActInCounty(p, county));
  }

  @Get('solves/:solveId')
  @Roles('county_hr', 'scheduler')
  @ApiOperation({ summary: 'A solve: its status and progress while it runs, then its result (the saved plan or the what-if) or why it failed' })
  getSolve(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(solveParams)) s: z.infer<typeof solveParams>, @Query(new ZodPipe(noQuery)) _q: object) {
    return this.solves.get(s.id, s.solveId, (county) => assertCanActInCounty(p, county));
  }

  @Delete('solves/:solveId')
  @HttpCode(202)
  @Roles('county_hr')
  @ApiOperation({ summary: 'Cancel a solve that is waiting or running: it stops at the solver’s next iteration and its status becomes cancelled' })
  cancelSolve(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(solveParams)) s: z.infer<typeof solveParams>) {
    return this.solves.cancel(p, s.id, s.solveId, (county) => assertCanActInCounty(p, county));
  }

  @Get('plans')
  @Roles('county_hr', 'scheduler')
  @ApiOperation({ summary: "The cycle's plan versions, newest first (number, method, status, objective, movers)" })
  list(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(cycleParams)) { id }: z.infer<typeof cycleParams>, @Query(new ZodPipe(noQuery)) _q: object) {
    return this.plans.list(id, (county) => assertCanActInCounty(p, county));
  }

  @Get('plans/:planId')
  @Roles('county_hr', 'scheduler')
  @ApiOperation({ summary: 'One plan: moves, metrics (R1 ratio, backbone share, flows, preference ranks, net change per school), infeasibilities' })
  get(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(planParams)) { id, planId }: z.infer<typeof planParams>, @Query(new ZodPipe(noQuery)) _q: object) {
    return this.plans.get(id, planId, (county) => assertCanActInCounty(p, county));
  }

  @Get('plans/:planId/diff/:otherId')
  @Roles('county_hr', 'scheduler')
  @ApiOperation({ summary: 'What changed from another version of the plan: moves added, removed, sent elsewhere' })
  diff(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(diffParams)) d: z.infer<typeof diffParams>, @Query(new ZodPipe(noQuery)) _q: object) {
    return this.plans.diff(d.id, d.planId, d.otherId, (county) => assertCanActInCounty(p, county));
  }

  @Post('plans/:planId/propose')
  @HttpCode(200)
  @Roles('county_hr')
  @ApiOperation({ summary: "Propose this plan (planning → proposed); send the cycle's version" })
  @ApiBody({ schema: openApi(versionBody) })
  propose(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(planParams)) { id, planId }: z.infer<typeof planParams>, @Body(new ZodPipe(versionBody)) b: z.infer<typeof versionBody>) {
    return this.plans.propose(p, id, planId, b.version, (county) => assertCanActInCounty(p, county));
  }

  @Post('approve')
  @HttpCode(200)
  @Roles('county_hr')
  @ApiOperation({ summary: 'Approve the proposed plan (stale version → 409); every move goes out as rotation.MoveApproved for staffing to apply' })
  @ApiBody({ schema: openApi(versionBody) })
  approve(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(cycleParams)) { id }: z.infer<typeof cycleParams>, @Body(new ZodPipe(versionBody)) b: z.infer<typeof versionBody>) {
    return this.plans.approve(p, id, b.version, (county) => assertCanActInCounty(p, county));
  }
}

const targetsQuery = z.strictObject({ countyCode: countyCode.optional() });

/** What the city dashboard reads from rotation: each cycle's chosen plan and its metrics (R1, R4). */
@ApiTags('plans')
@Controller('targets')
export class PlanTargetsController {
  constructor(private readonly plans: CyclePlans) {}

  @Get()
  @Roles('county_hr', 'scheduler')
  @ApiOperation({ summary: "Per county and school year: the approved (or proposed, or latest) plan's R1 mover share, R4 flows toward rural and weak schools, backbone share, obligations met" })
  list(@CurrentPrincipal() p: Principal, @Query(new ZodPipe(targetsQuery)) q: z.infer<typeof targetsQuery>) {
    return this.plans.targets(countyFilterFor(p, q.countyCode));
  }
}
