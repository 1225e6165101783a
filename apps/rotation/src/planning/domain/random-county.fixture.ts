import type { PlannerInput, PlannerSchool, PlannerTeacher, SchoolType } from './plan-input';
import { county, leader, rng, school, teacher } from './planning.fixtures';

/**
 * A random county small enough to enumerate (4 schools, 6 teachers, ≤ 5 options each): mixed school types,
 * districts, rural/weak flags, leaders, second subjects, volunteers, R2/R3 teachers, exemptions, vacancies
 * and parameters that bind now and then.
 */
export function randomCounty(seed: number): PlannerInput {
  const r = rng(seed);
  const types: SchoolType[] = ['county_town', 'township_central', 'village_primary', 'teaching_point'];
  const schools: PlannerSchool[] = ['S1', 'S2', 'S3', 'S4'].map((id, i) =>
    school(id, i === 0 ? 'county_town' : r.pick(types), r.pick(['A', 'B']), { weak: r.chance(0.35), team: r.int(1, 4), ...(r.chance(0.2) ? { rural: r.chance(0.5) } : {}) }),
  );
  const subjects = ['mathematics', 'chinese'];
  const teachers: PlannerTeacher[] = [];
  for (let i = 1; i <= 6; i++) {
    const s = r.pick(schools);
    const village = s.type === 'village_primary' || s.type === 'teaching_point';
    const main = r.pick(subjects);
    const more: Partial<PlannerTeacher> = {
      backbone: r.chance(0.3),
      points: r.int(0, 30),
      exempt: r.chance(0.1),
      eligible: r.chance(0.8),
      subjects: r.chance(0.25) ? [main, main === 'mathematics' ? 'chinese' : 'mathematics'] : [main],
    };
    if (r.chance(0.3)) {
      more.volunteer = true;
      more.preferences = schools.filter((x) => x.id !== s.id && r.chance(0.5)).map((x) => x.id);
      if (more.preferences.length === 0) more.volunteer = false;
    } else if (r.chance(0.2)) more.preferences = schools.filter((x) => x.id !== s.id && r.chance(0.4)).map((x) => x.id);
    if (i <= 1 && r.chance(0.7)) {
      teachers.push(leader(`t${i}`, s.id, r.pick(['principal', 'vice_principal'] as const), { ...more, mandatory: r.chance(0.5) ? { rule: 'R2' } : null }));
      continue;
    }
    if (village && r.chance(0.35)) more.mandatory = { rule: 'R3' };
    teachers.push(teacher(`t${i}`, s.id, more.subjects!, more));
  }
  const vacancies: Record<string, number> = {};
  for (const s of schools) {
    for (const subj of subjects) if (r.chance(0.35)) vacancies[`${s.id}|${subj}`] = r.int(0, 1);
    if (r.chance(0.3)) vacancies[`${s.id}|principal`] = 1;
  }
  return county(schools, teachers, {
    vacancies,
    parameters: {
      minMoverShare: r.pick([0, 0, 0.2, 0.4]),
      backboneMoverShare: r.pick([0, 0, 0.25, 0.5]),
      maxLeadershipMoveShare: r.pick([0.3, 0.5, 1]),
      subjectFloor: r.pick([0, 1, 1]),
    },
  });
}
