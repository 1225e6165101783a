import { Body, Controller, Get, Header, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { countyCode, GROWTH_STAGES, isoDate, TEACHER_CATEGORIES } from '@app/contracts';
import { assertCanActInCounty, assertCanReadTeacher, CurrentPrincipal, Forbidden, Roles, type Principal } from '@app/auth';
import { openApi, UnitOfWork, uuidParams, ZodPipe } from '@app/runtime';
import { todayInShanghai } from '../../calendar/domain/periods';
import { ManageGrowth } from '../../growth/application/manage-growth.use-case';
import { TeacherDirectory } from '../application/teacher-directory';
import { TeacherRecords } from '../application/teacher-record.service';

const asOfQuery = z.strictObject({ asOf: isoDate.optional() });
const stageBody = z.strictObject({
  category: z.enum(TEACHER_CATEGORIES),
  stage: z.enum(GROWTH_STAGES),
  since: isoDate,
  evidence: z.string().trim().min(1).max(2000),
  /** the current stage's version, 0 when none is recorded yet */
  version: z.number().int().min(0).max(2147483647),
});
const awardBody = z.strictObject({ title: z.string().trim().min(1).max(200), level: z.enum(['school', 'county', 'city', 'province', 'national']), awardedOn: isoDate });
const readyQuery = z.strictObject({ countyCode, asOf: isoDate.optional() });

@ApiTags('teachers')
@Controller()
export class TeachersController {
  constructor(
    private readonly records: TeacherRecords,
    private readonly growth: ManageGrowth,
    private readonly directory: TeacherDirectory,
    private readonly uow: UnitOfWork,
  ) {}

  @Get('me')
  @Roles('teacher')
  @ApiOperation({ summary: 'My hours by year and category, my 5-year progress, my R7/R8 status, my stage' })
  me(@CurrentPrincipal() p: Principal, @Query(new ZodPipe(asOfQuery)) q: z.infer<typeof asOfQuery>) {
    return this.records.record(this.self(p), q.asOf ?? todayInShanghai());
  }

  @Get('me/transcript.pdf')
  @Roles('teacher')
  @ApiProduces('application/pdf')
  @Header('content-type', 'application/pdf')
  @ApiOperation({ summary: 'My credit-hour transcript (学时证明) as a PDF' })
  async myTranscript(@CurrentPrincipal() p: Principal, @Query(new ZodPipe(asOfQuery)) q: z.infer<typeof asOfQuery>, @Res({ passthrough: true }) reply: FastifyReply) {
    reply.header('content-disposition', 'inline; filename="transcript.pdf"');
    return this.records.transcript(this.self(p), q.asOf ?? todayInShanghai());
  }

  @Get('teachers/:id/record')
  @Roles('county_hr', 'scheduler', 'school_admin', 'teacher')
  @ApiOperation({ summary: "A teacher's hours, progress, R7/R8 status, stored results and stage (the teacher, their school's administrator, HR)" })
  async record(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(uuidParams)) { id }: z.infer<typeof uuidParams>, @Query(new ZodPipe(asOfQuery)) q: z.infer<typeof asOfQuery>) {
    await this.assertReadable(p, id);
    return this.records.record(id, q.asOf ?? todayInShanghai());
  }

  @Get('teachers/:id/transcript.pdf')
  @Roles('county_hr', 'scheduler', 'school_admin', 'teacher')
  @ApiProduces('application/pdf')
  @Header('content-type', 'application/pdf')
  @ApiOperation({ summary: "A teacher's credit-hour transcript (学时证明) as a PDF" })
  async transcript(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(uuidParams)) { id }: z.infer<typeof uuidParams>, @Query(new ZodPipe(asOfQuery)) q: z.infer<typeof asOfQuery>, @Res({ passthrough: true }) reply: FastifyReply) {
    await this.assertReadable(p, id);
    reply.header('content-disposition', `inline; filename="transcript-${id}.pdf"`);
    return this.records.transcript(id, q.asOf ?? todayInShanghai());
  }

  @Put('teachers/:id/stage')
  @HttpCode(200)
  @Roles('county_hr')
  @ApiOperation({ summary: "Record a teacher's stage on the growth path (R12) with its date and evidence; the current version (0 when none) or 409; emits training.StageChanged.v1" })
  @ApiBody({ schema: openApi(stageBody) })
  stage(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(uuidParams)) { id }: z.infer<typeof uuidParams>, @Body(new ZodPipe(stageBody)) b: z.infer<typeof stageBody>) {
    return this.growth.recordStage(p, id, b, (county) => assertCanActInCounty(p, county));
  }

  @Post('teachers/:id/awards')
  @HttpCode(201)
  @Roles('county_hr')
  @ApiOperation({ summary: 'Record an award (evidence for the growth path)' })
  @ApiBody({ schema: openApi(awardBody) })
  award(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(uuidParams)) { id }: z.infer<typeof uuidParams>, @Body(new ZodPipe(awardBody)) b: z.infer<typeof awardBody>) {
    return this.growth.recordAward(p, id, b, (county) => assertCanActInCounty(p, county));
  }

  @Get('stages/ready')
  @Roles('county_hr', 'scheduler')
  @ApiOperation({ summary: 'Who may be ready for the next stage, by the readiness criteria in force (years in stage, hours, title, awards: assumptions to confirm)' })
  ready(@CurrentPrincipal() p: Principal, @Query(new ZodPipe(readyQuery)) q: z.infer<typeof readyQuery>) {
    assertCanActInCounty(p, q.countyCode);
    return this.growth.ready(q.countyCode, q.asOf ?? todayInShanghai());
  }

  private self(p: Principal): string {
    if (!p.teacherId) throw new Forbidden(`${p.role} has no own training record`);
    return p.teacherId;
  }

  private async assertReadable(p: Principal, id: string): Promise<void> {
    const today = todayInShanghai();
    const t = await this.records.teacher(id, today);
    assertCanReadTeacher(p, id, t.countyCode, p.role === 'school_admin' ? await this.directory.schoolIds(this.uow.reader, id, today) : []);
  }
}
