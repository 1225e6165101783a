import type { EntityManager } from 'typeorm';
import type { NewTeacher, Teacher } from '../domain/teacher';

export interface TeacherFilter {
  countyCode?: string;
  schoolId?: string;
  subject?: string;
  category?: string;
  inPool?: boolean;
  q?: string;
  asOf: string;
  limit: number;
  offset: number;
}

export interface TeacherListItem extends Teacher {
  currentSchoolIds: string[];
}

/** Port: purpose-named operations on teachers, inside the caller's transaction or reader. */
export abstract class TeacherRepository {
  abstract insert(m: EntityManager, t: NewTeacher): Promise<Teacher>;
  abstract findById(m: EntityManager, id: string): Promise<Teacher | null>;
  /** Locks the teacher row: appointment changes for one teacher happen one at a time. */
  abstract lock(m: EntityManager, id: string): Promise<Teacher | null>;
  abstract staffNoTaken(m: EntityManager, countyCode: string, staffNo: string, exceptId?: string): Promise<boolean>;
  /** Writes the new state if the version still matches; false when someone else changed it first. */
  abstract update(m: EntityManager, t: Teacher, expectedVersion: number): Promise<Teacher | null>;
  abstract list(m: EntityManager, f: TeacherFilter): Promise<{ items: TeacherListItem[]; total: number }>;
}
