import { BACKBONE_LEVELS, TEACHER_CATEGORIES } from '@app/contracts';
import { DomainError } from '@app/errors';
import { wholeYearsBetween, type IsoDate } from '@app/rules';

export interface Teacher {
  id: string;
  countyCode: string;
  staffNo: string;
  name: string;
  gender: 'female' | 'male';
  birthDate: IsoDate;
  firstServiceDate: IsoDate;
  subjects: string[];
  title: string | null;
  backboneLevel: (typeof BACKBONE_LEVELS)[number];
  category: (typeof TEACHER_CATEGORIES)[number];
  version: number;
}

export type NewTeacher = Omit<Teacher, 'id' | 'version'>;

export class TeacherInvalid extends DomainError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('STAFFING.TEACHER_INVALID', 'invalid', message, details);
  }
}

export class TeacherNotFound extends DomainError {
  constructor(id: string) {
    super('STAFFING.TEACHER_NOT_FOUND', 'not_found', `no teacher with id ${id}`, { id });
  }
}

export class StaffNoTaken extends DomainError {
  constructor(countyCode: string, staffNo: string) {
    super('STAFFING.STAFF_NO_TAKEN', 'conflict', `county ${countyCode} already has a teacher with staff number ${staffNo}`, { countyCode, staffNo });
  }
}

/** Minimum age at first service; a labour-law floor, not a rotation policy number. */
const MIN_SERVICE_AGE = 18;

export function checkTeacher(t: NewTeacher, today: IsoDate): NewTeacher {
  if (t.birthDate >= today) throw new TeacherInvalid('birth date must be in the past', { birthDate: t.birthDate });
  if (wholeYearsBetween(t.birthDate, t.firstServiceDate) < MIN_SERVICE_AGE) {
    throw new TeacherInvalid(`first service date must be at least ${MIN_SERVICE_AGE} years after birth`, { firstServiceDate: t.firstServiceDate, birthDate: t.birthDate });
  }
  if (t.category === 'teacher' && t.subjects.length === 0) throw new TeacherInvalid('a teacher teaches at least one subject');
  const subjects = [...new Set(t.subjects)];
  return { ...t, name: t.name.trim(), staffNo: t.staffNo.trim(), subjects };
}

export function ageOn(t: Pick<Teacher, 'birthDate'>, date: IsoDate): number {
  return wholeYearsBetween(t.birthDate, date);
}
