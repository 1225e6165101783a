import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { countyCode, ExemptionRecorded, OBLIGATION_RULES, OBLIGATION_SEVERITIES } from '@app/contracts';
import { Outbox } from '@app/messaging';
import { assertCanActInCounty, countyFilterFor, CurrentPrincipal, Roles, type Principal } from '@app/auth';
import { dateField, openApi, pageQuery, UnitOfWork, ZodPipe } from '@app/runtime';

const listQuery = z.strictObject({
  countyCode: countyCode.optional(),
  rule: z.enum(OBLIGATION_RULES).optional(),
  severity: z.enum(OBLIGATION_SEVERITIES).optional(),
  status: z.enum(['open', 'resolved']).default('open'),
  ...pageQuery,
});
const exemptionBody = z
  .strictObject({ teacherId: z.uuid(), countyCode, reason: z.string().trim().min(1).max(500), from: dateField, until: dateField })
  .refine((b) => b.until >= b.from, { path: ['until'], message: 'must not be before from' });
const exemptionsQuery = z.strictObject({ countyCode: countyCode.optional(), ...pageQuery });

@ApiTags('obligations')
@Controller()
export class ObligationsController {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly outbox: Outbox,
  ) {}

  @Get('obligations')
  @Roles('county_hr', 'scheduler')
  @ApiOperation({ summary: 'Obligations (R2 leader tenure, R3 placement) by county, rule, severity and status' })
  async list(@CurrentPrincipal() p: Principal, @Query(new ZodPipe(listQuery)) q: z.infer<typeof listQuery>) {
    const county = countyFilterFor(p, q.countyCode);
    const where = `WHERE ($1::text IS NULL OR county_code = $1) AND ($2::text IS NULL OR rule = $2) AND ($3::text IS NULL OR severity = $3) AND status = $4`;
    const params = [county ?? null, q.rule ?? null, q.severity ?? null, q.status];
    const items = await this.uow.reader.query(
      `SELECT id, rule, teacher_id AS "teacherId", county_code AS "countyCode", severity, due_by AS "dueBy", facts, status, raised_at AS "raisedAt",
              updated_at AS "updatedAt", resolved_at AS "resolvedAt", resolution
         FROM scheduler.obligations ${where} ORDER BY due_by, rule, teacher_id LIMIT $5 OFFSET $6`,
      [...params, q.limit, q.offset],
    );
    const [{ total }] = await this.uow.reader.query(`SELECT count(*)::int AS total FROM scheduler.obligations ${where}`, params);
    return { items, total, limit: q.limit, offset: q.offset };
  }

  @Post('exemptions')
  @HttpCode(201)
  @Roles('county_hr')
  @ApiOperation({ summary: 'Record an exemption (health, maternity…) with its reason and expiry; the next review resolves the teacher’s obligations' })
  @ApiBody({ schema: openApi(exemptionBody) })
  async exempt(@CurrentPrincipal() p: Principal, @Body(new ZodPipe(exemptionBody)) b: z.infer<typeof exemptionBody>) {
    assertCanActInCounty(p, b.countyCode);
    // Recorded and announced together: rotation keeps the teacher out of ordinary eligibility too.
    return this.uow.run(async (m) => {
      const [row] = await m.query(
        `INSERT INTO scheduler.exemptions (teacher_id, county_code, reason, from_date, until_date, recorded_by) VALUES ($1, $2, $3, $4, $5, $6)
         RETURNING id, teacher_id AS "teacherId", county_code AS "countyCode", reason, from_date AS "from", until_date AS "until", recorded_by AS "recordedBy", recorded_at AS "recordedAt"`,
        [b.teacherId, b.countyCode, b.reason, b.from, b.until, p.subject],
      );
      await this.outbox.add(m, ExemptionRecorded, { exemptionId: row.id, teacherId: row.teacherId, countyCode: row.countyCode, reason: row.reason, from: row.from, until: row.until });
      return row;
    });
  }

  @Get('exemptions')
  @Roles('county_hr', 'scheduler')
  @ApiOperation({ summary: 'Recorded exemptions' })
  async exemptions(@CurrentPrincipal() p: Principal, @Query(new ZodPipe(exemptionsQuery)) q: z.infer<typeof exemptionsQuery>) {
    const county = countyFilterFor(p, q.countyCode);
    const items = await this.uow.reader.query(
      `SELECT id, teacher_id AS "teacherId", county_code AS "countyCode", reason, from_date AS "from", until_date AS "until", recorded_by AS "recordedBy", recorded_at AS "recordedAt"
         FROM scheduler.exemptions WHERE ($1::text IS NULL OR county_code = $1) ORDER BY recorded_at DESC LIMIT $2 OFFSET $3`,
      [county ?? null, q.limit, q.offset],
    );
    return { items, limit: q.limit, offset: q.offset };
  }
}
