import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBody, ApiConsumes, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { countyCode } from '@app/contracts';
import { CurrentPrincipal, Roles, type Principal } from '@app/auth';
import { noQuery, openApi, pageQuery, uuidParams, versionField, ZodPipe } from '@app/runtime';
import { AmendPlan } from '../application/amend-plan.use-case';
import { Appeals } from '../application/appeals.use-case';
import { APPEAL_STATUSES } from '../domain/appeal';
import { ATTACHMENT_TYPES } from '../domain/attachment';

const text = (max: number) => z.string().trim().min(1).max(max);
const fileBody = z.strictObject({ reasons: text(4000) });
const listQuery = z.strictObject({
  countyCode: countyCode.optional(),
  cycleId: z.uuid().optional(),
  status: z.enum(APPEAL_STATUSES).optional(),
  overdue: z.enum(['true', 'false']).optional().transform((v) => v === 'true'),
  ...pageQuery,
});
const attachmentParams = z.strictObject({ id: z.uuid(), attachmentId: z.uuid() });
const attachmentQuery = z.strictObject({ filename: z.string().max(255).optional() });
const upholdBody = z.strictObject({ reason: text(2000), version: versionField });
const amendBody = z.discriminatedUnion('action', [z.strictObject({ action: z.literal('forbid') }), z.strictObject({ action: z.literal('pin'), schoolId: z.uuid() })]);
const amendmentParams = z.strictObject({ id: z.uuid(), amendmentId: z.uuid() });
const approveBody = z.strictObject({ version: versionField, reason: text(2000) });

/** A teacher's side: their approved move, the appeal period, and filing an appeal (issue #13). */
@ApiTags('appeals')
@Controller()
export class MyAppealsController {
  constructor(private readonly appeals: Appeals) {}

  @Get('cycles/:id/me/move')
  @Roles('teacher')
  @ApiOperation({ summary: 'My approved move in this cycle (as amended), the appeal period (its last day, ending 23:59 Asia/Shanghai) and my appeals of it' })
  myMove(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(uuidParams)) { id }: z.infer<typeof uuidParams>, @Query(new ZodPipe(noQuery)) _q: object) {
    return this.appeals.myMove(p, id);
  }

  @Post('cycles/:id/me/appeals')
  @HttpCode(201)
  @Roles('teacher')
  @ApiOperation({ summary: 'Appeal my approved move, with my reasons, within the appeal period (a late appeal is refused with the date and time the period ended); one open appeal per move' })
  @ApiBody({ schema: openApi(fileBody) })
  file(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(uuidParams)) { id }: z.infer<typeof uuidParams>, @Body(new ZodPipe(fileBody)) b: z.infer<typeof fileBody>) {
    return this.appeals.file(p, id, b.reasons);
  }

  @Get('me/appeals')
  @Roles('teacher')
  @ApiOperation({ summary: 'My appeals, every cycle, with their decision' })
  mine(@CurrentPrincipal() p: Principal, @Query(new ZodPipe(noQuery)) _q: object) {
    return this.appeals.mine(p);
  }
}

/** Appeals as HR decides them, and an appeal as its teacher reads it. */
@ApiTags('appeals')
@Controller('appeals')
export class AppealsController {
  constructor(
    private readonly appeals: Appeals,
    private readonly amend: AmendPlan,
  ) {}

  @Get()
  @Roles('county_hr')
  @ApiOperation({ summary: "A county's appeals (the city: any county), open ones first by the day they must be decided; `overdue` flags those whose decision period ended; ?overdue=true lists only those" })
  list(@CurrentPrincipal() p: Principal, @Query(new ZodPipe(listQuery)) q: z.infer<typeof listQuery>) {
    return this.appeals.list(p, q);
  }

  @Get(':id')
  @Roles('county_hr', 'teacher')
  @ApiOperation({ summary: 'One appeal: reasons, periods, attachments, amendments, decision (the teacher who filed it, HR of the county, the city)' })
  get(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(uuidParams)) { id }: z.infer<typeof uuidParams>, @Query(new ZodPipe(noQuery)) _q: object) {
    return this.appeals.get(p, id);
  }

  @Post(':id/attachments')
  @HttpCode(201)
  @Roles('teacher')
  @ApiConsumes(...Object.keys(ATTACHMENT_TYPES))
  @ApiOperation({ summary: 'Add a file (PDF, PNG or JPEG, at most 5 MiB, at most 5 per appeal) to my open appeal: the file is the request body, ?filename= names it' })
  attach(
    @CurrentPrincipal() p: Principal,
    @Param(new ZodPipe(uuidParams)) { id }: z.infer<typeof uuidParams>,
    @Query(new ZodPipe(attachmentQuery)) q: z.infer<typeof attachmentQuery>,
    @Req() request: FastifyRequest,
    @Body() body: unknown,
  ) {
    const bytes = Buffer.isBuffer(body) ? body : Buffer.alloc(0);
    return this.appeals.attach(p, id, { contentType: request.headers['content-type'], filename: q.filename, bytes });
  }

  @Get(':id/attachments/:attachmentId')
  @Roles('county_hr', 'teacher')
  @ApiProduces(...Object.keys(ATTACHMENT_TYPES))
  @ApiOperation({ summary: 'Download a file of an appeal (the teacher who filed it, HR of the county, the city)' })
  async download(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(attachmentParams)) { id, attachmentId }: z.infer<typeof attachmentParams>, @Query(new ZodPipe(noQuery)) _q: object, @Res({ passthrough: true }) reply: FastifyReply) {
    const file = await this.appeals.download(p, id, attachmentId);
    reply.header('content-type', file.contentType);
    reply.header('content-disposition', `attachment; filename="${file.filename.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('cache-control', 'private, no-store');
    return file.content;
  }

  @Post(':id/uphold')
  @HttpCode(200)
  @Roles('county_hr')
  @ApiOperation({ summary: 'Decide: the move stands, for the reason given (with the appeal version; 409 when stale); audited and announced (rotation.AppealDecided)' })
  @ApiBody({ schema: openApi(upholdBody) })
  uphold(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(uuidParams)) { id }: z.infer<typeof uuidParams>, @Body(new ZodPipe(upholdBody)) b: z.infer<typeof upholdBody>) {
    return this.appeals.uphold(p, id, b.reason, b.version);
  }

  @Post(':id/amendments')
  @HttpCode(202)
  @Roles('county_hr')
  @ApiAcceptedResponse({ description: 'the amendment, solving: poll GET /appeals/{id}/amendments/{amendmentId} until its status is ready, infeasible or failed' })
  @ApiOperation({ summary: "Amend the plan: re-solve the cycle keeping every other approved move, with the appealed move forbidden or pinned to the school given; answers 202 at once" })
  @ApiBody({ schema: openApi(amendBody) })
  startAmendment(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(uuidParams)) { id }: z.infer<typeof uuidParams>, @Body(new ZodPipe(amendBody)) b: z.infer<typeof amendBody>) {
    return this.amend.start(p, id, b.action === 'forbid' ? { kind: 'forbid' } : { kind: 'pin', schoolId: b.schoolId });
  }

  @Get(':id/amendments/:amendmentId')
  @Roles('county_hr')
  @ApiOperation({ summary: 'An amendment: where its re-solve is, and its diff against the approved plan as it stands (moves cancelled, moves added, kept)' })
  amendment(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(amendmentParams)) { id, amendmentId }: z.infer<typeof amendmentParams>, @Query(new ZodPipe(noQuery)) _q: object) {
    return this.amend.get(p, id, amendmentId);
  }

  @Post(':id/amendments/:amendmentId/approve')
  @HttpCode(200)
  @Roles('county_hr')
  @ApiOperation({
    summary: "Approve the amendment like a plan (the cycle's version; 409 when stale): the plan is amended, the appeal decided (amended, with the reason), staffing told which moves are cancelled and which added (rotation.PlanAmended), the people told (rotation.AppealDecided); audited",
  })
  @ApiBody({ schema: openApi(approveBody) })
  approve(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(amendmentParams)) { id, amendmentId }: z.infer<typeof amendmentParams>, @Body(new ZodPipe(approveBody)) b: z.infer<typeof approveBody>) {
    return this.amend.approve(p, id, amendmentId, b.version, b.reason);
  }
}
