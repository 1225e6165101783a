import type { DataSource } from 'typeorm';
import { http, waitFor } from '@app/testing';
import { StaffingApi } from './staffing-fixture';

/** What the training tests build through staffing's API, then wait for training's read model to hold. */
export interface TrainingWorld {
  school: any;
  other: any;
  teacher: any;
  teacher2: any;
  researcher: any;
}

/** A rural small-scale school with two teachers and a researcher (staffing API), visible in training. */
export async function buildTrainingWorld(staffing: StaffingApi, training: DataSource, county: string, tag: string, today: string): Promise<TrainingWorld> {
  const school = await staffing.school(county, `${tag}-S`, { rural: true, smallScale: true, districtCode: `d${tag.toLowerCase()}` });
  const other = await staffing.school(county, `${tag}-O`, { rural: false, districtCode: `d${tag.toLowerCase()}` });
  const teacher = await staffing.teacher(county, `${tag}-T1`);
  const teacher2 = await staffing.teacher(county, `${tag}-T2`);
  const researcher = await staffing.teacher(county, `${tag}-R`, { category: 'researcher' });
  for (const t of [teacher, teacher2]) await staffing.appoint({ teacherId: t.id, schoolId: school.id, kind: 'support', workloadShare: 1, startDate: today });
  await waitFor(
    async () => {
      const [r] = await training.query(
        `SELECT (SELECT count(*)::int FROM training.teachers WHERE teacher_id = ANY($1)) AS t, (SELECT count(*)::int FROM training.appointments WHERE teacher_id = ANY($1)) AS a,
                (SELECT count(*)::int FROM training.schools WHERE school_id = ANY($2)) AS s`,
        [[teacher.id, teacher2.id, researcher.id], [school.id, other.id]],
      );
      return r.t === 3 && r.a === 2 && r.s === 2;
    },
    "training's read model of the fixture",
    30000,
  );
  return { school, other, teacher, teacher2, researcher };
}

/** A thin client for training's API that fails loudly when a fixture step is refused (the same call as staffing's). */
export class TrainingApi extends StaffingApi {
  activity(county: string, code: string, extra: Record<string, unknown> = {}) {
    return this.call('POST', '/activities', { countyCode: county, code, title: `活动 ${code}`, kind: 'county_special_training', startDate: '2026-12-10', endDate: '2026-12-10', fullDays: 1, ...extra }, 201);
  }

  upload(kind: 'activities' | 'attendance', county: string, csv: string, dryRun = false) {
    return http(`${this.baseUrl}/imports/${kind}?countyCode=${county}${dryRun ? '&dryRun=true' : ''}`, { method: 'POST', headers: { ...this.headers, 'content-type': 'text/csv' }, body: csv });
  }
}
