import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { countyCode } from '@app/contracts';
import { assertCanActInCounty, assertCanReadSchool, CurrentPrincipal, Roles, type Principal } from '@app/auth';
import { openApi, UnitOfWork, uuidParams, ZodPipe, versionField, noQuery } from '@app/runtime';
import { SchoolRepository } from '../../schools/application/school.repository';
import { CarryForwardQuotas } from '../application/carry-forward-quotas.use-case';
import { ManagePosts } from '../application/manage-posts.use-case';
import { PostRepository } from '../application/post.repository';
import { POST_CATEGORIES, PostNotFound } from '../domain/post';

const createPostBody = z.strictObject({
  subjectCode: z.string().regex(/^[a-z_]+$/).max(32).nullable().default(null),
  category: z.enum(POST_CATEGORIES),
});
const quotaParams = z.strictObject({ id: z.uuid(), schoolYear: z.coerce.number().int().min(2000).max(2100) });
const quotaBody = z.strictObject({ approvedHeadcount: z.number().int().min(0).max(10000), version: versionField });
const countyParams = z.strictObject({ countyCode });
const schoolYear = z.number().int().min(2000).max(2100);
const carryBody = z.strictObject({ fromYear: schoolYear, toYear: schoolYear, dryRun: z.boolean().default(true) });

@ApiTags('posts and quotas')
@Controller()
export class PostsController {
  constructor(
    private readonly managePosts: ManagePosts,
    private readonly carryForward: CarryForwardQuotas,
    private readonly posts: PostRepository,
    private readonly schools: SchoolRepository,
    private readonly uow: UnitOfWork,
  ) {}

  @Post('schools/:id/posts')
  @HttpCode(201)
  @Roles('county_hr')
  @ApiOperation({ summary: 'Create a post (岗位) at a school: subject × category' })
  @ApiBody({ schema: openApi(createPostBody) })
  create(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(uuidParams)) { id }: z.infer<typeof uuidParams>, @Body(new ZodPipe(createPostBody)) body: z.infer<typeof createPostBody>) {
    return this.managePosts.createPost(p, id, body.subjectCode, body.category, (county) => assertCanActInCounty(p, county));
  }

  @Get('posts/:id')
  @Roles('county_hr', 'school_admin', 'scheduler')
  @ApiOperation({ summary: 'One post with its version (needed to change its quota)' })
  async get(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(uuidParams)) { id }: z.infer<typeof uuidParams>, @Query(new ZodPipe(noQuery)) _q: object) {
    const post = await this.posts.findById(this.uow.reader, id);
    if (!post) throw new PostNotFound(id);
    const school = (await this.schools.findById(this.uow.reader, post.schoolId))!;
    assertCanReadSchool(p, school.id, school.countyCode);
    return post;
  }

  @Post('counties/:countyCode/quotas/carry-forward')
  @HttpCode(200)
  @Roles('county_hr')
  @ApiOperation({
    summary:
      "Carry a school year's approved headcounts forward to a later one: posts with none for toYear get fromYear's; posts already set keep theirs. dryRun defaults to true (shows what would be set); dryRun: false sets them, audited and announced (staffing.PostQuotaSet)",
  })
  @ApiBody({ schema: openApi(carryBody) })
  carry(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(countyParams)) { countyCode: county }: z.infer<typeof countyParams>, @Body(new ZodPipe(carryBody)) b: z.infer<typeof carryBody>) {
    assertCanActInCounty(p, county);
    return this.carryForward.execute(p, county, b.fromYear, b.toYear, b.dryRun);
  }

  @Put('posts/:id/quotas/:schoolYear')
  @Roles('county_hr')
  @ApiOperation({ summary: "Set a post's approved headcount for a school year; a stale post version gets 409" })
  @ApiBody({ schema: openApi(quotaBody) })
  setQuota(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(quotaParams)) params: z.infer<typeof quotaParams>, @Body(new ZodPipe(quotaBody)) body: z.infer<typeof quotaBody>) {
    return this.managePosts.setQuota(p, params.id, params.schoolYear, body.approvedHeadcount, body.version, (county) => assertCanActInCounty(p, county));
  }
}
