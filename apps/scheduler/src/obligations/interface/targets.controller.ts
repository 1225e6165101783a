import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { countyFilterFor, CurrentPrincipal, Roles, type Principal } from '@app/auth';
import { ZodPipe } from '@app/runtime';
import { CountyTargets } from '../application/county-targets.use-case';

const targetsQuery = z.strictObject({ schoolYear: z.coerce.number().int().min(2023).max(2100).optional() });

/** What the city dashboard reads from the scheduler: R1 exchanged ÷ teachers, open R2 and R3 obligations. */
@ApiTags('obligations')
@Controller('targets')
export class TargetsController {
  constructor(private readonly targets: CountyTargets) {}

  @Get()
  @Roles('county_hr', 'scheduler')
  @ApiOperation({ summary: 'Per county for a school year: R1 teachers moved by the moves staffing applied ÷ teachers on 1 September (≥ 5%); open R2 (leaders over 12 years) and R3 (placement windows) obligations by severity' })
  list(@CurrentPrincipal() p: Principal, @Query(new ZodPipe(targetsQuery)) q: z.infer<typeof targetsQuery>) {
    return this.targets.forSchoolYear(q.schoolYear, countyFilterFor(p, undefined));
  }
}
