import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { countyCode, monthField } from '@app/contracts';
import { assertCanActInCounty, countyFilterFor, CurrentPrincipal, Roles, type Principal } from '@app/auth';
import { DomainError } from '@app/platform';
import { noQuery, pageQuery, UnitOfWork, ZodPipe } from '@app/runtime';
import { monthParams, knownCounty } from '../../scheme/interface/subsidies.dto';
import { AccrueMonth } from '../application/accrue-month.use-case';
import { LedgerViews } from '../application/ledger-views.service';
import { monthsBetween, todayInShanghai } from '../domain/calendar';

const summaryQuery = z
  .strictObject({ countyCode: countyCode.optional(), from: monthField.optional(), to: monthField.optional() })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'from must not be after to', path: ['from'] });
const pageOnly = z.strictObject({ ...pageQuery });

class SpanTooLong extends DomainError {
  constructor(months: number) {
    super('SUBSIDIES.SPAN_TOO_LONG', 'invalid', `ask for at most 60 months at a time (this asks for ${months})`, { months });
  }
}

function lastMonths(n: number): { from: string; to: string } {
  const today = todayInShanghai();
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7));
  const prev = (k: number) => {
    const t = y * 12 + (m - 1) - k;
    return `${Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}`;
  };
  return { from: prev(n), to: prev(1) };
}

@ApiTags('ledger')
@Controller()
export class LedgerController {
  constructor(
    private readonly accrue: AccrueMonth,
    private readonly views: LedgerViews,
    private readonly uow: UnitOfWork,
  ) {}

  @Post('counties/:countyCode/months/:month/accrual')
  @HttpCode(200)
  @Roles('scheduler')
  @ApiOperation({
    summary:
      "Operators' command: accrue a county's month now (the same as scheduler.MonthClosed). Idempotent: a month already accrued answers with its summary and writes nothing. Emits subsidies.MonthAccrued.v1",
  })
  accrual(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(monthParams)) { countyCode, month }: z.infer<typeof monthParams>, @Body(new ZodPipe(z.strictObject({}))) _body: object) {
    assertCanActInCounty(p, knownCounty(countyCode));
    return this.uow.run((m) => this.accrue.execute(m, { countyCode, month, trigger: `operator ${p.subject}`, actor: p }));
  }

  @Get('summary')
  @Roles('county_hr', 'scheduler')
  @ApiOperation({
    summary:
      'County totals per month (lines and adjustments): teachers, teachers paid, total, average per teacher paid against the 1,000-yuan floor (with a warning when below), by tier, and the province’s share. Default: the last 12 months.',
  })
  summary(@CurrentPrincipal() p: Principal, @Query(new ZodPipe(summaryQuery)) q: z.infer<typeof summaryQuery>) {
    const span = { ...lastMonths(12), ...(q.from ? { from: q.from } : {}), ...(q.to ? { to: q.to } : {}) };
    const months = monthsBetween(span.from, span.to).length;
    if (months > 60) throw new SpanTooLong(months);
    const county = countyFilterFor(p, q.countyCode);
    return this.views.summary(county === undefined ? undefined : knownCounty(county), span.from, span.to).then((items) => ({ ...span, items }));
  }

  @Get('counties/:countyCode/months/:month/teachers')
  @Roles('county_hr', 'scheduler')
  @ApiOperation({ summary: "The month's teachers at eligible schools, with each line's school, tier, band, days and amount" })
  async teachers(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(monthParams)) { countyCode, month }: z.infer<typeof monthParams>, @Query(new ZodPipe(pageOnly)) q: z.infer<typeof pageOnly>) {
    assertCanActInCounty(p, knownCounty(countyCode));
    return { countyCode, month, ...(await this.views.teachers(countyCode, month, q)), limit: q.limit, offset: q.offset };
  }

  @Get('counties/:countyCode/months/:month/exceptions')
  @Roles('county_hr', 'scheduler')
  @ApiOperation({ summary: 'What needs fixing in the records for the month: a teacher at an eligible school with no establishment type, shares over 1, a rural school without a remote tier, days without a scheme' })
  exceptions(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(monthParams)) { countyCode, month }: z.infer<typeof monthParams>, @Query(new ZodPipe(noQuery)) _q: object) {
    assertCanActInCounty(p, knownCounty(countyCode));
    return this.views.exceptions(countyCode, month);
  }
}
