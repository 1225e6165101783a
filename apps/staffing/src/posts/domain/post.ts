import { DomainError } from '@app/errors';

export const POST_CATEGORIES = ['teacher', 'leader', 'researcher'] as const;
export type PostCategory = (typeof POST_CATEGORIES)[number];

/** A post (岗位) at a school: a subject and category whose headcount the county approves each school year. */
export interface Post {
  id: string;
  schoolId: string;
  subjectCode: string | null;
  category: PostCategory;
  version: number;
}

export class QuotaExceeded extends DomainError {
  constructor(post: Post, schoolName: string, schoolYear: number, quota: number, filled: number) {
    super(
      'STAFFING.QUOTA_EXCEEDED',
      'conflict',
      `post ${describePost(post)} at ${schoolName} is full for school year ${schoolYear}-${(schoolYear + 1) % 100}: quota ${quota}, ${filled} filled`,
      { postId: post.id, schoolId: post.schoolId, schoolYear, quota, filled },
    );
  }
}

export class NoQuota extends DomainError {
  constructor(post: Post, schoolName: string, schoolYear: number) {
    super('STAFFING.NO_QUOTA', 'conflict', `post ${describePost(post)} at ${schoolName} has no approved quota for school year ${schoolYear}`, {
      postId: post.id,
      schoolYear,
    });
  }
}

export class PostNotFound extends DomainError {
  constructor(id: string) {
    super('STAFFING.POST_NOT_FOUND', 'not_found', `no post with id ${id}`, { id });
  }
}

export class PostInvalid extends DomainError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('STAFFING.POST_INVALID', 'invalid', message, details);
  }
}

export class StaleVersion extends DomainError {
  // Another writer won the race: in an event handler, trying again on the new state is the right answer.
  override readonly retriable = true;

  constructor(entity: string, id: string) {
    super('STAFFING.STALE_VERSION', 'conflict', `${entity} ${id} was changed by someone else; reload it and try again`, { entity, id });
  }
}

export function describePost(p: Pick<Post, 'subjectCode' | 'category'>): string {
  return p.subjectCode ? `${p.category}/${p.subjectCode}` : p.category;
}

/**
 * The date a new appointment's place in its post is checked on: its start, or today when it started in
 * the past (recording existing staff checks the post's room now, under this year's quota). An
 * appointment that has already ended holds no place and is not checked.
 */
export function placeCheckDate(startDate: string, endDate: string | null, today: string): string | null {
  if (endDate !== null && endDate < today) return null;
  return startDate > today ? startDate : today;
}

/** 县管校聘: a school hires only within the headcount the county approved for that post and school year. */
export function checkHire(post: Post, schoolName: string, schoolYear: number, quota: number | null, filled: number): void {
  if (quota === null) throw new NoQuota(post, schoolName, schoolYear);
  if (filled + 1 > quota) throw new QuotaExceeded(post, schoolName, schoolYear, quota, filled);
}

export function checkPostShape(category: PostCategory, subjectCode: string | null): void {
  if (category === 'teacher' && !subjectCode) throw new PostInvalid('a teacher post has a subject');
}

/** Which post category an appointment role fills. */
export function categoryForRole(role: string): PostCategory {
  if (role === 'researcher') return 'researcher';
  return role === 'teacher' ? 'teacher' : 'leader';
}

export interface Vacancy {
  postId: string;
  subjectCode: string | null;
  category: PostCategory;
  quota: number;
  filled: number;
  vacancies: number;
}

export function vacancyOf(post: Pick<Post, 'id' | 'subjectCode' | 'category'>, quota: number, filled: number): Vacancy {
  return { postId: post.id, subjectCode: post.subjectCode, category: post.category, quota, filled, vacancies: Math.max(0, quota - filled) };
}

export class CarryForwardInvalid extends DomainError {
  constructor(fromYear: number, toYear: number) {
    super('STAFFING.CARRY_FORWARD_INVALID', 'invalid', `headcounts are carried forward to a later school year: ${toYear} is not after ${fromYear} / 只能结转到之后的学年`, { fromYear, toYear });
  }
}

export interface QuotaToCarry {
  postId: string;
  schoolId: string;
  schoolCode: string;
  subjectCode: string | null;
  category: PostCategory;
  approvedHeadcount: number;
}

/**
 * Carrying one school year's approved headcounts forward to a later one: every post with a headcount in
 * `fromYear` and none yet in `toYear` gets the same number; a post already set for `toYear` keeps its own.
 */
export function planCarryForward(fromYear: number, toYear: number, fromQuotas: readonly QuotaToCarry[], alreadySet: ReadonlySet<string>): { carry: QuotaToCarry[]; kept: number } {
  if (!(toYear > fromYear)) throw new CarryForwardInvalid(fromYear, toYear);
  const carry = fromQuotas.filter((q) => !alreadySet.has(q.postId));
  return { carry, kept: fromQuotas.length - carry.length };
}
