import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { countyCode } from '@app/contracts';
import { AuditTrail } from '@app/audit';
import { assertCanActInCounty, countyFilterFor, CurrentPrincipal, Roles, type Principal } from '@app/auth';
import { policyValue } from '@app/policy';
import { dateField, pageQuery, UnitOfWork, ZodPipe } from '@app/runtime';
import { schoolYearOf, todayInShanghai, wholeYearsBetween } from '../../appointments/domain/dates';
import { UnknownCounty } from '../../schools/domain/school';
import { SchoolRepository } from '../../schools/application/school.repository';
import { ruralPrincipalProfile } from '../domain/overview';
import { OverviewQuery } from '../infrastructure/overview.query';

const countyParams = z.strictObject({ countyCode });
const overviewQuery = z.strictObject({ asOf: dateField.optional() });
const auditQuery = z.strictObject({
  countyCode: countyCode.optional(),
  entityType: z.enum(['school', 'teacher', 'appointment', 'post']).optional(),
  entityId: z.string().max(64).optional(),
  actor: z.string().max(200).optional(),
  from: z.iso.datetime({ offset: true }).refine((t) => t >= '1900', 'must be after 1900').or(dateField).optional(),
  to: z.iso.datetime({ offset: true }).refine((t) => t >= '1900', 'must be after 1900').or(dateField).optional(),
  ...pageQuery,
});

@ApiTags('county')
@Controller()
export class OverviewController {
  constructor(
    private readonly overview: OverviewQuery,
    private readonly schools: SchoolRepository,
    private readonly audit: AuditTrail,
    private readonly uow: UnitOfWork,
  ) {}

  @Get('counties/:countyCode/overview')
  @Roles('county_hr', 'scheduler')
  @ApiOperation({ summary: 'County overview: teachers by school type, vacancies, pool size, age profile of rural principals (R5)' })
  async county(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(countyParams)) params: z.infer<typeof countyParams>, @Query(new ZodPipe(overviewQuery)) q: z.infer<typeof overviewQuery>) {
    assertCanActInCounty(p, params.countyCode);
    const m = this.uow.reader;
    if (!(await this.schools.countyExists(m, params.countyCode))) throw new UnknownCounty(params.countyCode);
    const asOf = q.asOf ?? todayInShanghai();
    const schoolYear = schoolYearOf(asOf);
    const [bySchoolType, counts, birthDates] = await Promise.all([
      this.overview.teachersBySchoolType(m, params.countyCode, asOf),
      this.overview.counts(m, params.countyCode, asOf, schoolYear),
      this.overview.ruralPrincipalBirthDates(m, params.countyCode, asOf),
    ]);
    const ages = birthDates.map((b) => wholeYearsBetween(b, asOf));
    return {
      countyCode: params.countyCode,
      asOf,
      schoolYear,
      teachers: counts.teachers,
      poolSize: counts.pool,
      approvedHeadcount: counts.quota,
      vacancies: counts.vacancies,
      bySchoolType,
      ruralPrincipals: ruralPrincipalProfile(ages, policyValue('R5.rural_principals_under_age', asOf), policyValue('R5.target_share', asOf)),
    };
  }

  @Get('audit')
  @Roles('county_hr')
  @ApiOperation({ summary: "The audit trail of officers' writes: who, when, what, before and after" })
  async trail(@CurrentPrincipal() p: Principal, @Query(new ZodPipe(auditQuery)) q: z.infer<typeof auditQuery>) {
    const page = await this.audit.query(this.uow.reader, { ...q, countyCode: countyFilterFor(p, q.countyCode) });
    return { ...page, limit: q.limit, offset: q.offset };
  }
}
