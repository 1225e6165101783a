import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { countyCode } from '@app/contracts';
import { ZodPipe } from '@app/runtime';
import { RemoteSchoolStore } from '../infrastructure/remote-school.store';

const query = z.strictObject({ countyCode: countyCode.optional() });

@ApiTags('schools')
@Controller('schools')
export class SchoolsController {
  constructor(
    private readonly store: RemoteSchoolStore,
    private readonly dataSource: DataSource,
  ) {}

  @Get('eligible')
  @ApiOperation({ summary: 'Schools whose teachers qualify for the living subsidy (R9), from staffing events' })
  eligible(@Query(new ZodPipe(query)) q: z.infer<typeof query>) {
    return this.store.listEligible(this.dataSource.manager, q.countyCode);
  }
}
