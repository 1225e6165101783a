import type { EntityManager } from 'typeorm';
import type { OpenObligation, RecordedExemption, Stint, TeacherRecord } from '../domain/eligibility';

export interface RankableSchool {
  schoolId: string;
  name: string | null;
  type: string;
  districtCode: string | null;
  rural: boolean;
  weak: boolean;
}

/** Rotation's read model of one teacher, as the eligibility rules read it. */
export abstract class TeacherFactsRepository {
  /** the teacher's county and the school of their regular appointment today (null: in the county pool) */
  abstract membership(m: EntityManager, teacherId: string): Promise<{ countyCode: string; currentSchoolId: string | null } | null>;
  abstract record(m: EntityManager, teacherId: string): Promise<TeacherRecord | null>;
  abstract stints(m: EntityManager, teacherId: string): Promise<Stint[]>;
  abstract openObligations(m: EntityManager, teacherId: string): Promise<OpenObligation[]>;
  abstract exemptions(m: EntityManager, teacherId: string): Promise<RecordedExemption[]>;
  /** ids of the county's schools */
  abstract countySchools(m: EntityManager, countyCode: string): Promise<Set<string>>;
  /** The county's schools as a teacher ranks them: names and the facts that matter to the choice. */
  abstract schoolsForRanking(m: EntityManager, countyCode: string): Promise<RankableSchool[]>;
}
