import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { countyCode } from '@app/contracts';
import { AuditTrail } from '@app/audit';
import { CurrentPrincipal, Roles, type Principal } from '@app/auth';
import { DomainError } from '@app/platform';
import { noQuery, pageQuery, UnitOfWork, uuidParams, ZodPipe } from '@app/runtime';
import { DeliveryRepository } from '../application/delivery.repository';
import { CHANNELS, DELIVERY_STATUSES } from '../domain/delivery';

const listQuery = z.strictObject({ status: z.enum(DELIVERY_STATUSES).optional(), channel: z.enum(CHANNELS).optional(), countyCode: countyCode.optional(), ...pageQuery });

class DeliveryNotFound extends DomainError {
  constructor(id: string) {
    super('NOTICES.DELIVERY_NOT_FOUND', 'not_found', `delivery ${id} does not exist`, { deliveryId: id });
  }
}

class DeliveryNotFailed extends DomainError {
  constructor(id: string, status: string) {
    super('NOTICES.DELIVERY_NOT_FAILED', 'conflict', `delivery ${id} is ${status}: only a failed delivery is re-sent`, { deliveryId: id, status });
  }
}

/**
 * Deliveries for operators: what failed and why (no address or number is shown, nor stored in the error),
 * and a re-send. Counts by channel and status are also on /metrics (notice_deliveries).
 */
@ApiTags('deliveries')
@Controller('deliveries')
export class DeliveriesController {
  constructor(
    private readonly deliveries: DeliveryRepository,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditTrail,
  ) {}

  @Get()
  @Roles('scheduler')
  @ApiOperation({ summary: 'Deliveries by status (?status=failed), channel and county, most recently changed first, with attempts and the last error' })
  async list(@Query(new ZodPipe(listQuery)) q: z.infer<typeof listQuery>) {
    return { ...(await this.deliveries.list(this.uow.reader, q)), limit: q.limit, offset: q.offset };
  }

  @Post(':id/resend')
  @HttpCode(200)
  @Roles('scheduler')
  @ApiOperation({
    summary:
      'Send a failed delivery again (its attempts start over; the same Message-ID, so a receiver can tell a duplicate). For one failed as "interrupted while sending", check the provider first: it may have been delivered',
  })
  async resend(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(uuidParams)) { id }: z.infer<typeof uuidParams>, @Query(new ZodPipe(noQuery)) _q: object, @Body(new ZodPipe(z.strictObject({}))) _b: object) {
    return this.uow.run(async (m) => {
      const before = await this.deliveries.find(m, id);
      if (!before) throw new DeliveryNotFound(id);
      const after = await this.deliveries.requeue(m, id);
      if (!after) throw new DeliveryNotFailed(id, before.status);
      await this.audit.record(m, { actor: p, countyCode: after.countyCode, action: 'delivery.resend', entityType: 'delivery', entityId: id, before, after });
      return after;
    });
  }
}
