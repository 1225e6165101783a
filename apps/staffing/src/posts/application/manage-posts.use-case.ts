import { Injectable } from '@nestjs/common';
import { PostQuotaSet } from '@app/contracts';
import { AuditTrail, type Actor } from '@app/audit';
import { Outbox } from '@app/messaging';
import { UnitOfWork } from '@app/runtime';
import { SchoolRepository } from '../../schools/application/school.repository';
import { SchoolNotFound } from '../../schools/domain/school';
import { checkPostShape, PostInvalid, PostNotFound, StaleVersion, type Post, type PostCategory } from '../domain/post';
import { PostRepository } from './post.repository';

/** Posts and their yearly approved headcounts: the county's side of 县管校聘. */
@Injectable()
export class ManagePosts {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly posts: PostRepository,
    private readonly schools: SchoolRepository,
    private readonly audit: AuditTrail,
    private readonly outbox: Outbox,
  ) {}

  async createPost(actor: Actor, schoolId: string, subjectCode: string | null, category: PostCategory, authorize: (countyCode: string) => void): Promise<Post> {
    checkPostShape(category, subjectCode);
    return this.uow.run(async (m) => {
      const school = await this.schools.findById(m, schoolId);
      if (!school) throw new SchoolNotFound(schoolId);
      authorize(school.countyCode);
      if (subjectCode && !(await this.posts.subjectExists(m, subjectCode))) throw new PostInvalid(`unknown subject ${subjectCode}`, { subjectCode });
      if (await this.posts.findAtSchool(m, schoolId, subjectCode, category)) {
        throw new PostInvalid(`${school.name} already has that post`, { schoolId, subjectCode, category });
      }
      const post = await this.posts.insert(m, schoolId, subjectCode, category);
      await this.audit.record(m, { actor, countyCode: school.countyCode, action: 'post.create', entityType: 'post', entityId: post.id, before: null, after: post });
      return post;
    });
  }

  /** Sets a school year's approved headcount; `version` is the post's, so concurrent edits get 409. */
  async setQuota(actor: Actor, postId: string, schoolYear: number, headcount: number, version: number, authorize: (countyCode: string) => void) {
    return this.uow.run(async (m) => {
      const post = await this.posts.findById(m, postId);
      if (!post) throw new PostNotFound(postId);
      const school = (await this.schools.findById(m, post.schoolId))!;
      authorize(school.countyCode);
      if (!(await this.posts.bumpVersion(m, postId, version))) throw new StaleVersion('post', postId);
      const before = await this.posts.setQuota(m, postId, schoolYear, headcount);
      const after = { postId, schoolYear, approvedHeadcount: headcount };
      await this.outbox.add(m, PostQuotaSet, { ...after, schoolId: school.id, countyCode: school.countyCode, subjectCode: post.subjectCode, category: post.category });
      await this.audit.record(m, {
        actor,
        countyCode: school.countyCode,
        action: 'quota.set',
        entityType: 'post',
        entityId: postId,
        before: before === null ? null : { postId, schoolYear, approvedHeadcount: before },
        after,
      });
      return { ...after, version: version + 1 };
    });
  }
}
