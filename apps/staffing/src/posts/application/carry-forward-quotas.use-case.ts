import { Injectable } from '@nestjs/common';
import { PostQuotaSet } from '@app/contracts';
import { AuditTrail, type Actor } from '@app/audit';
import { Outbox } from '@app/messaging';
import { UnitOfWork } from '@app/runtime';
import { SchoolRepository } from '../../schools/application/school.repository';
import { UnknownCounty } from '../../schools/domain/school';
import { planCarryForward, type QuotaToCarry } from '../domain/post';
import { PostRepository } from './post.repository';

export interface CarryForwardSummary {
  countyCode: string;
  fromYear: number;
  toYear: number;
  dryRun: boolean;
  /** posts that get fromYear's headcount for toYear (or would, in a dry run) */
  carried: number;
  /** posts that already have a headcount for toYear and keep it */
  kept: number;
  headcount: number;
  posts: QuotaToCarry[];
}

/**
 * HR carries one school year's approved headcounts forward to the next (县管校聘: the county approves the
 * headcounts each year; most stay the same). A dry run first shows what would be set; the real run sets
 * them, audits each post and announces each with staffing.PostQuotaSet, in one transaction.
 */
@Injectable()
export class CarryForwardQuotas {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly posts: PostRepository,
    private readonly schools: SchoolRepository,
    private readonly audit: AuditTrail,
    private readonly outbox: Outbox,
  ) {}

  async execute(actor: Actor, countyCode: string, fromYear: number, toYear: number, dryRun: boolean): Promise<CarryForwardSummary> {
    return this.uow.run(async (m) => {
      if (!(await this.schools.countyExists(m, countyCode))) throw new UnknownCounty(countyCode);
      const from = await this.posts.countyQuotas(m, countyCode, fromYear);
      const already = new Set((await this.posts.countyQuotas(m, countyCode, toYear)).map((q) => q.postId));
      const { carry, kept } = planCarryForward(fromYear, toYear, from, already);
      const summary: CarryForwardSummary = { countyCode, fromYear, toYear, dryRun, carried: carry.length, kept, headcount: carry.reduce((s, q) => s + q.approvedHeadcount, 0), posts: carry };
      if (dryRun || carry.length === 0) return summary;
      await this.posts.setQuotas(m, toYear, carry);
      await this.outbox.addAll(
        m,
        carry.map((q) => ({
          contract: PostQuotaSet,
          data: { postId: q.postId, schoolId: q.schoolId, countyCode, subjectCode: q.subjectCode, category: q.category, schoolYear: toYear, approvedHeadcount: q.approvedHeadcount },
        })),
      );
      await this.audit.recordMany(
        m,
        carry.map((q) => ({ actor, countyCode, action: 'quota.carry_forward', entityType: 'post', entityId: q.postId, before: null, after: { schoolYear: toYear, approvedHeadcount: q.approvedHeadcount, from: fromYear } })),
      );
      return summary;
    });
  }
}
