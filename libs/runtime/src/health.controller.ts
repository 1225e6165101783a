import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '@app/auth';
import { runHealthChecks, type HealthCheck } from '@app/platform';

export const HEALTH_CHECKS = Symbol('HEALTH_CHECKS');
export const SERVICE_NAME = Symbol('SERVICE_NAME');

@ApiTags('operations')
@Public()
@Controller()
export class HealthController {
  constructor(
    @Inject(HEALTH_CHECKS) private readonly checks: Record<string, HealthCheck>,
    @Inject(SERVICE_NAME) private readonly service: string,
  ) {}

  @Get('health')
  @ApiOperation({ summary: 'Dependency health: 200 when PostgreSQL, Kafka (and Redis where used) answer; 503 naming what is down' })
  async health(@Res({ passthrough: true }) reply: FastifyReply) {
    const report = await runHealthChecks(this.service, this.checks);
    reply.status(report.status === 'ok' ? 200 : 503);
    return report.status === 'ok' ? report : { ...report, message: `${this.service} unavailable: ${report.down.join(', ')} down` };
  }
}
