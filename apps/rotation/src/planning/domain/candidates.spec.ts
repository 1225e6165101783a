import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCandidates } from './candidates';
import { CountyIndex } from './county-index';
import type { PlannerInput } from './plan-input';
import { county, school, teacher } from './planning.fixtures';

const ids = (input: PlannerInput, teacherId: string, perTeacher?: number) => {
  const index = new CountyIndex(input);
  return buildCandidates(index, { perTeacher })[index.teacherIndex.get(teacherId)!].map((c) => c.schoolId);
};

describe('candidate schools', () => {
  // schools 1–8 in district A, 9–16 in B; every one has a maths post with a place; 4 and 12 are weak
  const schools = Array.from({ length: 16 }, (_, i) => school(`S${i + 1}`, i % 4 === 0 ? 'township_central' : 'village_primary', i < 8 ? 'A' : 'B', { weak: i % 8 === 3 }));
  const vacancies = Object.fromEntries(schools.map((s) => [`${s.id}|mathematics`, 1]));

  it('a volunteer gets exactly the listed schools that have a post for her, in her order', () => {
    const input = county(schools, [teacher('v', 'S1', ['mathematics'], { volunteer: true, preferences: ['S9', 'S2', 'S1'] })], { vacancies, extraPosts: [] });
    expect(ids(input, 'v')).toEqual(['S9', 'S2']);
  });

  it('an exempt teacher gets none', () => {
    const input = county(schools, [teacher('x', 'S1', ['mathematics'], { exempt: true, preferences: ['S2'] })], { vacancies });
    expect(ids(input, 'x')).toEqual([]);
  });

  it('anyone else: listed schools first, then schools that need the subject, at least half in the own district, at most perTeacher', () => {
    const input = county(schools, [teacher('t', 'S2', ['mathematics'], { preferences: ['S16'] })], { vacancies });
    const list = ids(input, 't', 8);
    expect(list).toHaveLength(8);
    expect(list[0]).toBe('S16');
    expect(list.filter((s) => Number(s.slice(1)) <= 8).length).toBeGreaterThanOrEqual(4);
    expect(list).not.toContain('S2');
    expect(list[1]).toBe('S4'); // the weak school of the own district scores best
  });

  it('an R3 teacher only gets county-town and township-central schools, her own list included', () => {
    const input = county(schools, [teacher('r', 'S2', ['mathematics'], { mandatory: { rule: 'R3' }, preferences: ['S3', 'S5'] })], { vacancies });
    expect(ids(input, 'r')).toEqual(['S5', 'S1', 'S13', 'S9']); // ties by school id
  });

  it('pins: a forbidden school is dropped, a forced one is added', () => {
    const input = county(schools, [teacher('t', 'S2', ['mathematics'], { preferences: ['S3'] })], {
      vacancies,
      pins: [
        { teacherId: 't', schoolId: 'S3', kind: 'forbid' },
        { teacherId: 't', schoolId: 'S15', kind: 'force' },
      ],
    });
    const index = new CountyIndex(input);
    const list = buildCandidates(index, { perTeacher: 4 })[0];
    expect(list[0]).toMatchObject({ schoolId: 'S15', forced: true });
    expect(list.map((c) => c.schoolId)).not.toContain('S3');
  });

  it('a post a mandatory departure leaves below the subject floor comes first, even without a vacancy', () => {
    const input = county(
      [school('V', 'teaching_point', 'A'), school('C', 'township_central', 'A'), school('W', 'village_primary', 'A', { weak: true }), school('T', 'county_town', 'A')],
      [teacher('r', 'V', ['mathematics'], { mandatory: { rule: 'R3' } }), teacher('t', 'T', ['mathematics'])],
      { vacancies: { 'C|mathematics': 1, 'W|mathematics': 1 }, parameters: { subjectFloor: 1 } },
    );
    expect(ids(input, 't')).toEqual(['V', 'W', 'C']);
  });
});

describe('the planning domain', () => {
  it('imports no framework: no Nest, TypeORM, kafkajs or BullMQ', () => {
    const dir = __dirname;
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.ts'))) {
      const imports = [...readFileSync(join(dir, f), 'utf8').matchAll(/from '([^']+)'/g)].map((m) => m[1]);
      for (const i of imports) expect({ f, i, ok: !/^(@nestjs|typeorm|kafkajs|bullmq|ioredis|pg)/.test(i) }).toEqual({ f, i, ok: true });
    }
  });
});
