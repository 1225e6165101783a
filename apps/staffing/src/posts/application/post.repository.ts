import type { EntityManager } from 'typeorm';
import type { Post, PostCategory, QuotaToCarry, Vacancy } from '../domain/post';

export interface SchoolVacancies {
  schoolId: string;
  schoolCode: string;
  schoolName: string;
  schoolType: string;
  districtCode: string | null;
  posts: Vacancy[];
}

export abstract class PostRepository {
  abstract insert(m: EntityManager, schoolId: string, subjectCode: string | null, category: PostCategory): Promise<Post>;
  abstract findById(m: EntityManager, id: string): Promise<Post | null>;
  abstract findAtSchool(m: EntityManager, schoolId: string, subjectCode: string | null, category: PostCategory): Promise<Post | null>;
  abstract subjectExists(m: EntityManager, code: string): Promise<boolean>;
  abstract quota(m: EntityManager, postId: string, schoolYear: number): Promise<number | null>;
  abstract setQuota(m: EntityManager, postId: string, schoolYear: number, headcount: number): Promise<number | null>;
  /** Teachers holding the post on a date (a person counts once whatever their share). */
  abstract filledOn(m: EntityManager, postId: string, date: string): Promise<number>;
  /** Optimistic lock on the post: false when another hire or quota change committed first. */
  abstract bumpVersion(m: EntityManager, postId: string, expectedVersion: number): Promise<boolean>;
  /** The school with its posts' vacancies, in one round trip (null when there is no such school). */
  abstract schoolVacancies(m: EntityManager, schoolId: string, date: string, schoolYear: number): Promise<{ school: { id: string; name: string; countyCode: string }; posts: Vacancy[] } | null>;
  /** The county's posts with an approved headcount in the school year. */
  abstract countyQuotas(m: EntityManager, countyCode: string, schoolYear: number): Promise<QuotaToCarry[]>;
  /** Sets headcounts of many posts for one school year (and bumps the posts' versions). */
  abstract setQuotas(m: EntityManager, schoolYear: number, quotas: readonly { postId: string; approvedHeadcount: number }[]): Promise<void>;
  abstract schoolsWithVacancies(
    m: EntityManager,
    f: { countyCode?: string; subject?: string; category?: string; date: string; schoolYear: number; limit: number; offset: number },
  ): Promise<{ items: SchoolVacancies[]; total: number }>;
}
