import { Controller, Get, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { countyCode } from '@app/contracts';
import { assertCanActInCounty, CurrentPrincipal, Roles, type Principal } from '@app/auth';
import { UnitOfWork, ZodPipe } from '@app/runtime';
import { PlanningSchoolStore } from '../infrastructure/planning-school.store';

const params = z.strictObject({ countyCode });

@ApiTags('schools')
@Controller('counties/:countyCode/schools')
export class SchoolsController {
  constructor(
    private readonly store: PlanningSchoolStore,
    private readonly uow: UnitOfWork,
  ) {}

  @Get()
  @Roles('city_admin', 'county_hr', 'scheduler')
  @ApiOperation({ summary: "The planner's view of a county's schools (R3 placement targets, R4 flow targets); a county HR officer only their own county" })
  list(@Param(new ZodPipe(params)) p: z.infer<typeof params>, @CurrentPrincipal() principal: Principal) {
    assertCanActInCounty(principal, p.countyCode);
    return this.store.byCounty(this.uow.reader, p.countyCode);
  }
}
