import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { countyCode, CREDIT_CATEGORIES, isoDate } from '@app/contracts';
import { assertCanActInCounty, countyFilterFor, Forbidden, CurrentPrincipal, Roles, type Principal } from '@app/auth';
import { noQuery, openApi, pageQuery, UnitOfWork, uuidParams, versionField, ZodPipe } from '@app/runtime';
import { AttendanceRepository } from '../../attendance/application/attendance.repository';
import { ConfirmActivity } from '../../attendance/application/confirm-activity.use-case';
import { ActivityRepository } from '../application/activity.repository';
import { ManageActivities } from '../application/manage-activities.use-case';
import { ACTIVITY_KINDS, ActivityNotFound, ORGANISERS, TARGET_TYPES, type Activity } from '../domain/activity';

const sessions = { fullDays: z.number().int().min(0).max(366).default(0), halfDays: z.number().int().min(0).max(732).default(0), periods: z.number().int().min(0).max(5000).default(0) };
const target = z.strictObject({ type: z.enum(TARGET_TYPES), districtCode: z.string().min(1).max(64).nullable().default(null), schoolIds: z.array(z.uuid()).max(500).default([]) });
const text = (max: number) => z.string().trim().min(1).max(max);
export const createActivityBody = z.strictObject({
  countyCode,
  code: text(32),
  title: text(200),
  kind: z.enum(ACTIVITY_KINDS),
  organiser: z.enum(ORGANISERS).default('county'),
  organiserCode: text(64).nullable().default(null),
  category: z.enum(CREDIT_CATEGORIES).default('centralised'),
  startDate: isoDate,
  endDate: isoDate,
  ...sessions,
  target: target.default({ type: 'county_rural', districtCode: null, schoolIds: [] }),
  researcherId: z.uuid().nullable().default(null),
  schoolId: z.uuid().nullable().default(null),
});
export const updateActivityBody = z
  .strictObject({
    version: versionField,
    title: text(200).optional(),
    organiser: z.enum(ORGANISERS).optional(),
    organiserCode: text(64).nullable().optional(),
    category: z.enum(CREDIT_CATEGORIES).optional(),
    startDate: isoDate.optional(),
    endDate: isoDate.optional(),
    fullDays: sessions.fullDays.unwrap().optional(),
    halfDays: sessions.halfDays.unwrap().optional(),
    periods: sessions.periods.unwrap().optional(),
    target: target.optional(),
  })
  .refine((b) => Object.keys(b).length > 1, { message: 'name at least one field to change besides version' });
export const listActivitiesQuery = z.strictObject({ countyCode: countyCode.optional(), kind: z.enum(ACTIVITY_KINDS).optional(), from: isoDate.optional(), to: isoDate.optional(), researcherId: z.uuid().optional(), ...pageQuery });
const pageOnly = z.strictObject({ ...pageQuery });

@ApiTags('activities')
@Controller()
export class ActivitiesController {
  constructor(
    private readonly manage: ManageActivities,
    private readonly confirmActivity: ConfirmActivity,
    private readonly activities: ActivityRepository,
    private readonly attendance: AttendanceRepository,
    private readonly uow: UnitOfWork,
  ) {}

  @Post('activities')
  @HttpCode(201)
  @Roles('county_hr')
  @ApiOperation({ summary: 'Create an activity: training, open class, regional research, a researcher’s visit or stationing, a course; credit hours from its sessions (full day 6, half day 3, period 1)' })
  @ApiBody({ schema: openApi(createActivityBody) })
  create(@CurrentPrincipal() p: Principal, @Body(new ZodPipe(createActivityBody)) body: z.infer<typeof createActivityBody>) {
    assertCanActInCounty(p, body.countyCode);
    return this.manage.create(p, body);
  }

  @Get('activities')
  @Roles('county_hr', 'scheduler')
  @ApiOperation({ summary: 'Activities of a county by kind and dates' })
  async list(@CurrentPrincipal() p: Principal, @Query(new ZodPipe(listActivitiesQuery)) q: z.infer<typeof listActivitiesQuery>) {
    const page = await this.activities.list(this.uow.reader, { ...q, countyCode: countyFilterFor(p, q.countyCode) });
    return { ...page, limit: q.limit, offset: q.offset };
  }

  @Get('activities/:id')
  @Roles('county_hr', 'scheduler', 'school_admin')
  @ApiOperation({ summary: 'One activity with its version; a school administrator sees the activities their school is in' })
  async get(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(uuidParams)) { id }: z.infer<typeof uuidParams>, @Query(new ZodPipe(noQuery)) _q: object) {
    return this.readable(p, id);
  }

  @Patch('activities/:id')
  @Roles('county_hr')
  @ApiOperation({ summary: 'Change an activity (with its version: 409 when someone changed it first); the hours of attendance already recorded are not recalculated' })
  @ApiBody({ schema: openApi(updateActivityBody) })
  update(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(uuidParams)) { id }: z.infer<typeof uuidParams>, @Body(new ZodPipe(updateActivityBody)) body: z.infer<typeof updateActivityBody>) {
    const { version, ...changes } = body;
    return this.manage.update(p, id, version, changes, (a) => assertCanActInCounty(p, a.countyCode));
  }

  @Post('activities/:id/confirmation')
  @HttpCode(200)
  @Roles('school_admin')
  @ApiOperation({ summary: 'The school confirms: a visit or stationing (the visited school; then it counts for R6), or the attendance of its own teachers' })
  confirm(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(uuidParams)) { id }: z.infer<typeof uuidParams>, @Body(new ZodPipe(z.strictObject({}).optional())) _b: object) {
    return this.confirmActivity.execute(p, id);
  }

  @Get('activities/:id/attendance')
  @Roles('county_hr', 'scheduler', 'school_admin')
  @ApiOperation({ summary: 'Attendance and results of an activity; a school administrator sees their own teachers' })
  async attendanceOf(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(uuidParams)) { id }: z.infer<typeof uuidParams>, @Query(new ZodPipe(pageOnly)) q: z.infer<typeof pageOnly>) {
    await this.readable(p, id);
    const page = await this.attendance.list(this.uow.reader, id, p.role === 'school_admin' ? 100_000 : q.limit, p.role === 'school_admin' ? 0 : q.offset);
    const items = p.role === 'school_admin' ? page.items.filter((i) => i.schoolId === p.schoolId) : page.items;
    return { items, total: p.role === 'school_admin' ? items.length : page.total, limit: q.limit, offset: q.offset };
  }

  private async readable(p: Principal, id: string): Promise<Activity> {
    const a = await this.activities.findById(this.uow.reader, id);
    if (!a) throw new ActivityNotFound(id);
    if (p.role === 'school_admin') {
      const own = p.countyCode === a.countyCode && (a.schoolId === p.schoolId || a.target.schoolIds.includes(p.schoolId!) || (a.target.type !== 'schools' && !a.schoolId));
      if (!own) throw new Forbidden(`school_admin of school ${p.schoolId} may not read activity ${id}: their school is not in it`, { id });
    } else assertCanActInCounty(p, a.countyCode);
    return a;
  }
}
