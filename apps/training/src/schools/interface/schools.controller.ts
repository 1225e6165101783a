import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { countyCode } from '@app/contracts';
import { countyFilterFor, CurrentPrincipal, Roles, type Principal } from '@app/auth';
import { UnitOfWork, ZodPipe } from '@app/runtime';
import { TrainingSchoolStore } from '../infrastructure/training-school.store';

const params = z.strictObject({ rule: z.enum(['R7', 'R8']) });
const query = z.strictObject({ countyCode: countyCode.optional() });

@ApiTags('schools')
@Controller('rules/:rule/schools')
export class SchoolsController {
  constructor(
    private readonly store: TrainingSchoolStore,
    private readonly uow: UnitOfWork,
  ) {}

  @Get()
  @Roles('city_admin', 'county_hr', 'scheduler')
  @ApiOperation({ summary: 'Schools whose teachers fall under a training rule (R7 rural, R8 small-scale); a county HR officer sees their own county' })
  list(
    @Param(new ZodPipe(params)) p: z.infer<typeof params>,
    @Query(new ZodPipe(query)) q: z.infer<typeof query>,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.store.underRule(this.uow.reader, p.rule, countyFilterFor(principal, q.countyCode));
  }
}
