import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { countyCode } from '@app/contracts';
import { assertCanActInCounty, CurrentPrincipal, Roles, type Principal } from '@app/auth';
import { policyValue } from '@app/policy';
import { dateField, openApi, UnitOfWork, uuidParams, versionField, ZodPipe } from '@app/runtime';
import { todayInShanghai } from '@app/rules';
import { KindergartenRepository } from '../application/kindergarten.repository';
import { ManageKindergartens } from '../application/manage-kindergartens.use-case';
import { pairingCompliance } from '../domain/kindergarten';

const designationBody = z.strictObject({ schoolId: z.uuid(), from: dateField, until: dateField.nullable().default(null) });
const pairingBody = z.strictObject({ urbanSchoolId: z.uuid(), villageSchoolId: z.uuid(), from: dateField, until: dateField.nullable().default(null) });
const endBody = z.strictObject({ until: dateField, reason: z.string().trim().min(1).max(500), version: versionField });
const listQuery = z.strictObject({ countyCode, asOf: dateField.optional() });

@ApiTags('kindergartens (R10)')
@Controller('kindergartens')
export class KindergartensController {
  constructor(
    private readonly manage: ManageKindergartens,
    private readonly repo: KindergartenRepository,
    private readonly uow: UnitOfWork,
  ) {}

  @Get()
  @Roles('county_hr', 'scheduler')
  @ApiOperation({ summary: "R10: a county's quality public kindergartens on a date, each with the village kindergartens it is paired with, and the share with at least 3" })
  async list(@CurrentPrincipal() p: Principal, @Query(new ZodPipe(listQuery)) q: z.infer<typeof listQuery>) {
    assertCanActInCounty(p, q.countyCode);
    const asOf = q.asOf ?? todayInShanghai();
    const items = await this.repo.qualityKindergartens(this.uow.reader, q.countyCode, asOf);
    const minPartners = policyValue('R10.min_village_partners', asOf);
    return { countyCode: q.countyCode, asOf, items, compliance: pairingCompliance(items.map((k) => k.partners.length), minPartners) };
  }

  @Post('designations')
  @HttpCode(201)
  @Roles('county_hr')
  @ApiOperation({ summary: 'Designate an urban public kindergarten a quality one from a date; emits staffing.KindergartenDesignated.v1' })
  @ApiBody({ schema: openApi(designationBody) })
  designate(@CurrentPrincipal() p: Principal, @Body(new ZodPipe(designationBody)) b: z.infer<typeof designationBody>) {
    return this.manage.designate(p, b.schoolId, { from: b.from, until: b.until }, (county) => assertCanActInCounty(p, county));
  }

  @Post('pairings')
  @HttpCode(201)
  @Roles('county_hr')
  @ApiOperation({ summary: 'Pair a quality urban kindergarten with a village kindergarten from a date; emits staffing.KindergartenPairingStarted.v1' })
  @ApiBody({ schema: openApi(pairingBody) })
  pair(@CurrentPrincipal() p: Principal, @Body(new ZodPipe(pairingBody)) b: z.infer<typeof pairingBody>) {
    return this.manage.pair(p, b, (county) => assertCanActInCounty(p, county));
  }

  @Post('pairings/:id/end')
  @HttpCode(200)
  @Roles('county_hr')
  @ApiOperation({ summary: 'End a pairing on a date (send the version you read); emits staffing.KindergartenPairingEnded.v1' })
  @ApiBody({ schema: openApi(endBody) })
  end(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(uuidParams)) { id }: z.infer<typeof uuidParams>, @Body(new ZodPipe(endBody)) b: z.infer<typeof endBody>) {
    return this.manage.end(p, id, b.until, b.reason, b.version, (county) => assertCanActInCounty(p, county));
  }
}
