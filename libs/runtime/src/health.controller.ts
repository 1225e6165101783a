import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '@app/auth';
import { runHealthChecks, type HealthCheck } from '@app/platform';

export const HEALTH_CHECKS = Symbol('HEALTH_CHECKS');
export const SERVICE_NAME = Symbol('SERVICE_NAME');
/** Facts that are not up/down checks but that an operator wants beside them (e.g. how far behind a read model is). */
export const HEALTH_DETAILS = Symbol('HEALTH_DETAILS');
export type HealthDetails = () => Promise<Record<string, unknown>>;

@ApiTags('operations')
@Public()
@Controller()
export class HealthController {
  constructor(
    @Inject(HEALTH_CHECKS) private readonly checks: Record<string, HealthCheck>,
    @Inject(SERVICE_NAME) private readonly service: string,
    @Inject(HEALTH_DETAILS) private readonly details: HealthDetails,
  ) {}

  @Get('health')
  @ApiOperation({ summary: 'Dependency health: 200 when PostgreSQL, Kafka (and Redis where used) answer; 503 naming what is down. details.consumer: how far behind each consumed topic the read model is' })
  async health(@Res({ passthrough: true }) reply: FastifyReply) {
    const [report, details] = await Promise.all([runHealthChecks(this.service, this.checks), this.details().catch((err) => ({ error: String(err) }))]);
    reply.status(report.status === 'ok' ? 200 : 503);
    const body = { ...report, details };
    return report.status === 'ok' ? body : { ...body, message: `${this.service} unavailable: ${report.down.join(', ')} down` };
  }
}
