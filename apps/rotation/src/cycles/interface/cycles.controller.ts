import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { countyCode } from '@app/contracts';
import { assertCanActInCounty, countyFilterFor, CurrentPrincipal, Forbidden, Roles, type Principal } from '@app/auth';
import { dateField, noQuery, openApi, UnitOfWork, uuidParams, versionField, ZodPipe } from '@app/runtime';
import { ManageCycles } from '../application/manage-cycles.use-case';
import { checkCorrectionWindow, checkPreferences, CYCLE_STATES, CycleNotFound, MAX_PREFERENCES } from '../domain/cycle';
import { explain } from '../../eligibility/domain/eligibility';
import { CycleRepository } from '../infrastructure/cycle.repository';

const openBody = z.strictObject({ countyCode, schoolYear: z.number().int().min(2023).max(2100) });
const transitionBody = z.strictObject({ to: z.enum(CYCLE_STATES), version: versionField, preferenceDeadline: dateField.optional() });
const listQuery = z.strictObject({ countyCode: countyCode.optional() });
const preferencesBody = z.strictObject({ schoolIds: z.array(z.uuid()).max(MAX_PREFERENCES) });
const correctionBody = z.strictObject({ message: z.string().trim().min(1).max(2000) });

/** Today in Asia/Shanghai: deadlines are calendar days there. */
function today(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

@ApiTags('cycles')
@Controller('cycles')
export class CyclesController {
  constructor(
    private readonly manage: ManageCycles,
    private readonly cycles: CycleRepository,
    private readonly uow: UnitOfWork,
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
    return this.cycles.list(this.uow.reader, countyFilterFor(p, q.countyCode));
  }

  @Get(':id')
  @Roles('county_hr', 'scheduler', 'teacher')
  @ApiOperation({ summary: 'One cycle: its state, deadline and version' })
  async get(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(uuidParams)) { id }: z.infer<typeof uuidParams>, @Query(new ZodPipe(noQuery)) _q: object) {
    const cycle = await this.cycles.findById(this.uow.reader, id);
    if (!cycle) throw new CycleNotFound(id);
    if (p.role === 'teacher') {
      if (p.countyCode !== cycle.countyCode) throw new Forbidden(`teacher ${p.teacherId} may not read another county's cycle`);
    } else assertCanActInCounty(p, cycle.countyCode);
    return cycle;
  }

  @Post(':id/transitions')
  @HttpCode(200)
  @Roles('county_hr')
  @ApiOperation({ summary: 'Advance a cycle: draft → collecting (with a preference deadline) → planning → proposed → approved → executed; audited' })
  @ApiBody({ schema: openApi(transitionBody) })
  advance(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(uuidParams)) { id }: z.infer<typeof uuidParams>, @Body(new ZodPipe(transitionBody)) b: z.infer<typeof transitionBody>) {
    return this.manage.advance(p, id, b.to, b.version, today(), b.preferenceDeadline, (county) => assertCanActInCounty(p, county));
  }

  @Get(':id/me/preferences')
  @Roles('teacher')
  @ApiOperation({ summary: 'My ranked school preferences in this cycle, and my open obligations' })
  async myPreferences(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(uuidParams)) { id }: z.infer<typeof uuidParams>, @Query(new ZodPipe(noQuery)) _q: object) {
    const { cycle, teacherId } = await this.ownCycle(p, id);
    const [preferences, obligations] = [await this.cycles.preferences(this.uow.reader, cycle.id, teacherId), await this.cycles.openObligations(this.uow.reader, teacherId)];
    return { cycleId: cycle.id, state: cycle.state, deadline: cycle.preferenceDeadline, schoolIds: preferences?.schoolIds ?? [], submittedAt: preferences?.submittedAt ?? null, obligations };
  }

  @Put(':id/me/preferences')
  @Roles('teacher')
  @ApiOperation({ summary: 'Enter up to 10 ranked school preferences before the deadline (replaces earlier ones)' })
  @ApiBody({ schema: openApi(preferencesBody) })
  async setPreferences(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(uuidParams)) { id }: z.infer<typeof uuidParams>, @Body(new ZodPipe(preferencesBody)) b: z.infer<typeof preferencesBody>) {
    const { cycle, teacherId, currentSchoolId } = await this.ownCycle(p, id);
    return this.uow.run(async (m) => {
      const ranked = checkPreferences(cycle, b.schoolIds, today(), await this.cycles.countySchools(m, cycle.countyCode), currentSchoolId);
      return { cycleId: cycle.id, ...(await this.cycles.savePreferences(m, cycle.id, teacherId, ranked)) };
    });
  }

  @Get(':id/me/status')
  @Roles('teacher')
  @ApiOperation({ summary: 'Am I mandatory, eligible or exempt in this cycle, and why; my priority points and how they were computed' })
  async myStatus(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(uuidParams)) { id }: z.infer<typeof uuidParams>, @Query(new ZodPipe(noQuery)) _q: object) {
    const { cycle, teacherId } = await this.ownCycle(p, id);
    const m = this.uow.reader;
    const record = (await this.cycles.teacherRecord(m, teacherId))!;
    const asOf = cycle.effectiveDate;
    const exemptions = await this.cycles.exemptions(m, teacherId);
    return { cycleId: cycle.id, asOf, ...explain(record, await this.cycles.stints(m, teacherId), await this.cycles.openObligations(m, teacherId), asOf, undefined, exemptions) };
  }

  @Post(':id/me/point-corrections')
  @HttpCode(201)
  @Roles('teacher')
  @ApiOperation({ summary: 'Ask for a correction of the facts behind my points, until planning starts' })
  @ApiBody({ schema: openApi(correctionBody) })
  async askCorrection(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(uuidParams)) { id }: z.infer<typeof uuidParams>, @Body(new ZodPipe(correctionBody)) b: z.infer<typeof correctionBody>) {
    const { cycle, teacherId } = await this.ownCycle(p, id);
    checkCorrectionWindow(cycle);
    return this.uow.run((m) => this.cycles.addCorrection(m, cycle.id, teacherId, b.message));
  }

  @Get(':id/point-corrections')
  @Roles('county_hr')
  @ApiOperation({ summary: "Teachers' requests to correct their points in this cycle" })
  async corrections(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(uuidParams)) { id }: z.infer<typeof uuidParams>, @Query(new ZodPipe(noQuery)) _q: object) {
    const cycle = await this.cycles.findById(this.uow.reader, id);
    if (!cycle) throw new CycleNotFound(id);
    assertCanActInCounty(p, cycle.countyCode);
    return this.cycles.corrections(this.uow.reader, id);
  }

  /** A teacher acts only on a cycle of their own county, as themself (the id comes from the token). */
  private async ownCycle(p: Principal, id: string) {
    if (!p.teacherId) throw new Forbidden(`${p.role} has no preferences of their own`);
    const cycle = await this.cycles.findById(this.uow.reader, id);
    if (!cycle) throw new CycleNotFound(id);
    const teacher = await this.cycles.teacher(this.uow.reader, p.teacherId);
    if (!teacher || teacher.countyCode !== cycle.countyCode) throw new Forbidden(`teacher ${p.teacherId} is not in ${cycle.countyCode}'s pool`);
    return { cycle, teacherId: p.teacherId, currentSchoolId: teacher.currentSchoolId };
  }
}
