import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { assertCanActInCounty, CurrentPrincipal, Roles, type Principal } from '@app/auth';
import { dateField, noQuery, openApi, UnitOfWork, ZodPipe } from '@app/runtime';
import { todayInShanghai } from '../../ledger/domain/calendar';
import { PublishSchemeVersion } from '../application/publish-scheme-version.use-case';
import { SchemeRepository } from '../application/scheme.repository';
import { schemeOn, schemeRulesSchema, sortVersions } from '../domain/scheme';
import { countyParams, knownCounty } from './subsidies.dto';

const publishBody = z.strictObject({
  /** the latest version you read (0 when the county has none yet) */
  basedOnVersion: z.number().int().min(0).max(2147483647),
  effectiveFrom: dateField,
  source: z.string().trim().min(1).max(1000),
  rules: schemeRulesSchema,
});

@ApiTags('scheme')
@Controller('counties/:countyCode/scheme')
export class SchemeController {
  constructor(
    private readonly publish: PublishSchemeVersion,
    private readonly schemes: SchemeRepository,
    private readonly uow: UnitOfWork,
  ) {}

  @Get()
  @Roles('county_hr', 'scheduler')
  @ApiOperation({ summary: "The county's living-subsidy scheme (R9): every dated version (tiers × bands in fen, eligible schools, paid establishment types, absence and part-time rules) and the one in force today" })
  async get(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(countyParams)) { countyCode }: z.infer<typeof countyParams>, @Query(new ZodPipe(noQuery)) _q: object) {
    assertCanActInCounty(p, knownCounty(countyCode));
    const versions = await this.schemes.versions(this.uow.reader, countyCode);
    const today = todayInShanghai();
    return { countyCode, asOf: today, latestVersion: versions.at(-1)?.version ?? 0, inForce: schemeOn(sortVersions(versions), today)?.version ?? null, versions };
  }

  @Post('versions')
  @HttpCode(201)
  @Roles('county_hr')
  @ApiOperation({
    summary:
      'Publish a new version of the scheme from a date (a change is never an edit); send basedOnVersion = the latest version you read (409 if another was published since). A date in an accrued month recomputes it and posts the differences as adjustments.',
  })
  @ApiBody({ schema: openApi(publishBody) })
  create(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(countyParams)) { countyCode }: z.infer<typeof countyParams>, @Body(new ZodPipe(publishBody)) body: z.infer<typeof publishBody>) {
    assertCanActInCounty(p, knownCounty(countyCode));
    return this.publish.execute(p, countyCode, body);
  }
}
