import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainError } from '@app/platform';
import { schoolYearOf, todayInShanghai } from '@app/rules';
import { checkHire, placeCheckDate, PostNotFound, StaleVersion, type Post } from '../../posts/domain/post';
import { PostRepository } from '../../posts/application/post.repository';
import { SchoolRepository } from '../../schools/application/school.repository';
import { SchoolNotFound, type School } from '../../schools/domain/school';
import type { Teacher } from '../../teachers/domain/teacher';
import type { NewAppointment } from '../domain/appointment';

export class CrossCountyAppointment extends DomainError {
  constructor(teacherCounty: string, schoolCounty: string) {
    super('STAFFING.CROSS_COUNTY', 'invalid', `a ${teacherCounty} teacher cannot be appointed to a ${schoolCounty} school: teachers are managed by their county`, {
      teacherCounty,
      schoolCounty,
    });
  }
}

/**
 * The checks every new appointment passes whatever caused it (an officer's hire, a correction, an
 * approved move): the school exists in the teacher's county, the post belongs to the school, and a
 * post has room in its quota for the school year the appointment starts in — claimed with the post's
 * optimistic lock, so two officers cannot both take its last place.
 */
@Injectable()
export class AppointmentRules {
  constructor(
    private readonly schools: SchoolRepository,
    private readonly posts: PostRepository,
  ) {}

  async placeFor(m: EntityManager, teacher: Teacher, a: Pick<NewAppointment, 'schoolId' | 'postId' | 'startDate'>): Promise<{ school: School; post: Post | null }> {
    const school = await this.schools.findById(m, a.schoolId);
    if (!school) throw new SchoolNotFound(a.schoolId);
    if (school.countyCode !== teacher.countyCode) throw new CrossCountyAppointment(teacher.countyCode, school.countyCode);
    if (!a.postId) return { school, post: null };
    const post = await this.posts.findById(m, a.postId);
    if (!post || post.schoolId !== school.id) throw new PostNotFound(a.postId);
    return { school, post };
  }

  async claimPlace(m: EntityManager, post: Post, school: School, a: Pick<NewAppointment, 'startDate' | 'endDate'>): Promise<void> {
    const date = placeCheckDate(a.startDate, a.endDate, todayInShanghai());
    if (date !== null) {
      const year = schoolYearOf(date);
      checkHire(post, school.name, year, await this.posts.quota(m, post.id, year), await this.posts.filledOn(m, post.id, date));
    }
    if (!(await this.posts.bumpVersion(m, post.id, post.version))) throw new StaleVersion('post', post.id);
  }
}
