import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { countyCode } from '@app/contracts';
import { AuditTrail } from '@app/audit';
import { assertCanActInCounty, countyFilterFor, CurrentPrincipal, Roles, type Principal } from '@app/auth';
import type { EntityManager } from 'typeorm';
import { KindergartenRepository } from '../../kindergartens/application/kindergarten.repository';
import { pairingCompliance } from '../../kindergartens/domain/kindergarten';
import { policyValue, type PolicyValue } from '@app/policy';
import { auditQuerySchema, dateField, noQuery, UnitOfWork, ZodPipe } from '@app/runtime';
import { schoolYearOf, todayInShanghai, wholeYearsBetween } from '@app/rules';
import { UnknownCounty } from '../../schools/domain/school';
import { SchoolRepository } from '../../schools/application/school.repository';
import { PolicyValueRepository } from '../../policy/application/policy-value.repository';
import { ruralPrincipalProfile } from '../domain/overview';
import { OverviewQuery } from '../infrastructure/overview.query';

const countyParams = z.strictObject({ countyCode });
const overviewQuery = z.strictObject({ asOf: dateField.optional() });
const auditQuery = auditQuerySchema(['school', 'teacher', 'appointment', 'post', 'absence', 'policy_value']);

@ApiTags('county')
@Controller()
export class OverviewController {
  constructor(
    private readonly overview: OverviewQuery,
    private readonly schools: SchoolRepository,
    private readonly audit: AuditTrail,
    private readonly uow: UnitOfWork,
    private readonly kindergartens: KindergartenRepository,
    private readonly policy: PolicyValueRepository,
  ) {}

  @Get('counties')
  @Roles('county_hr', 'school_admin', 'teacher', 'scheduler')
  @ApiOperation({ summary: "Jiangmen's counties (names in Chinese and English; the western ones the plan singles out)" })
  counties(@Query(new ZodPipe(noQuery)) _q: object) {
    return this.overview.counties(this.uow.reader);
  }

  @Get('targets')
  @Roles('county_hr', 'scheduler')
  @ApiOperation({ summary: "The plan's targets staffing measures, per county on a date: R5 rural principals under 45, R10 quality kindergartens paired with 3+ village ones (a county HR officer sees their own county)" })
  async targets(@CurrentPrincipal() p: Principal, @Query(new ZodPipe(overviewQuery)) q: z.infer<typeof overviewQuery>) {
    const m = this.uow.reader;
    const asOf = q.asOf ?? todayInShanghai();
    const only = countyFilterFor(p, undefined);
    const counties = (await this.overview.counties(m)).filter((c) => only === undefined || c.code === only);
    const values = await this.policy.values(m);
    const minPartners = policyValue('R10.min_village_partners', asOf, values);
    const items = [];
    for (const c of counties) {
      const quality = await this.kindergartens.qualityKindergartens(m, c.code, asOf);
      items.push({
        countyCode: c.code,
        R5: await this.ruralPrincipals(m, c.code, asOf, values),
        R10: { ...pairingCompliance(quality.map((k) => k.partners.length), minPartners), source: '二.12 城市优质公办幼儿园要与3所以上村级幼儿园进行结对帮扶' },
      });
    }
    return { asOf, schoolYear: schoolYearOf(asOf), items };
  }

  /** R5 with the policy values in force on the date. */
  private async ruralPrincipals(m: EntityManager, countyCode: string, asOf: string, values: readonly PolicyValue[]) {
    const ages = (await this.overview.ruralPrincipalBirthDates(m, countyCode, asOf)).map((b) => wholeYearsBetween(b, asOf));
    return ruralPrincipalProfile(ages, policyValue('R5.rural_principals_under_age', asOf, values), policyValue('R5.target_share', asOf, values));
  }

  @Get('counties/:countyCode/overview')
  @Roles('county_hr', 'scheduler')
  @ApiOperation({ summary: 'County overview: teachers by school type, vacancies, pool size, age profile of rural principals (R5)' })
  async county(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(countyParams)) params: z.infer<typeof countyParams>, @Query(new ZodPipe(overviewQuery)) q: z.infer<typeof overviewQuery>) {
    assertCanActInCounty(p, params.countyCode);
    const m = this.uow.reader;
    if (!(await this.schools.countyExists(m, params.countyCode))) throw new UnknownCounty(params.countyCode);
    const asOf = q.asOf ?? todayInShanghai();
    const values = await this.policy.values(this.uow.reader);
    const schoolYear = schoolYearOf(asOf);
    const [bySchoolType, counts, ruralPrincipals] = await Promise.all([
      this.overview.teachersBySchoolType(m, params.countyCode, asOf),
      this.overview.counts(m, params.countyCode, asOf, schoolYear),
      this.ruralPrincipals(m, params.countyCode, asOf, values),
    ]);
    return {
      countyCode: params.countyCode,
      asOf,
      schoolYear,
      teachers: counts.teachers,
      poolSize: counts.pool,
      approvedHeadcount: counts.quota,
      vacancies: counts.vacancies,
      bySchoolType,
      ruralPrincipals,
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
