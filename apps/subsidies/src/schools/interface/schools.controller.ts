import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { countyCode } from '@app/contracts';
import { countyFilterFor, CurrentPrincipal, Roles, type Principal } from '@app/auth';
import { UnitOfWork, ZodPipe } from '@app/runtime';
import { RemoteSchoolStore } from '../infrastructure/remote-school.store';

const query = z.strictObject({ countyCode: countyCode.optional() });

@ApiTags('schools')
@Controller('schools')
export class SchoolsController {
  constructor(
    private readonly store: RemoteSchoolStore,
    private readonly uow: UnitOfWork,
  ) {}

  @Get('eligible')
  @Roles('city_admin', 'county_hr', 'scheduler')
  @ApiOperation({ summary: 'Schools whose teachers qualify for the living subsidy (R9), from staffing events; a county HR officer sees their own county' })
  eligible(@Query(new ZodPipe(query)) q: z.infer<typeof query>, @CurrentPrincipal() principal: Principal) {
    return this.store.listEligible(this.uow.reader, countyFilterFor(principal, q.countyCode));
  }
}
