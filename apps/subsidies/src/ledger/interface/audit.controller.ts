import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { AuditTrail } from '@app/audit';
import { countyFilterFor, CurrentPrincipal, Roles, type Principal } from '@app/auth';
import { auditQuerySchema, UnitOfWork, ZodPipe } from '@app/runtime';

const auditQuery = auditQuerySchema(['scheme', 'accrual', 'batch']);

@ApiTags('audit')
@Controller('audit')
export class AuditController {
  constructor(
    private readonly audit: AuditTrail,
    private readonly uow: UnitOfWork,
  ) {}

  @Get()
  @Roles('county_hr')
  @ApiOperation({ summary: "The audit trail of the subsidies writes (scheme versions, operators' accruals, every batch step): who, when, what, before and after" })
  async trail(@CurrentPrincipal() p: Principal, @Query(new ZodPipe(auditQuery)) q: z.infer<typeof auditQuery>) {
    const page = await this.audit.query(this.uow.reader, { ...q, countyCode: countyFilterFor(p, q.countyCode) });
    return { ...page, limit: q.limit, offset: q.offset };
  }
}
