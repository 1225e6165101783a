import type { EntityManager } from 'typeorm';
import { Prng, type GeneratedCounty } from './county-generator';

/**
 * A deterministic school year of training for a generated county, as the two sheets HR imports
 * (activities, then attendance) plus the visits the schools confirmed: county special trainings and an
 * open class for rural teachers (R7; the spring semester has no open class, so R7 falls short there),
 * regional collective research for each district's small-scale schools (R8; some teachers below 80%),
 * county continuing-education courses in the four credit categories, researchers' guidance visits and
 * new researchers' stationing (R6). Pure apart from loadTrainingReadModel.
 */
export interface TrainingYear {
  schoolYear: number;
  activitiesCsv: string;
  attendanceCsv: string;
  activities: number;
  attendance: number;
  /** codes of the visits and stationings the schools confirmed */
  confirmedCodes: string[];
}

const csv = (rows: (string | number)[][]) => rows.map((r) => r.map((c) => String(c)).join(',')).join('\n') + '\n';

/** The school each teacher works at on a date (largest share), as training's read model will say. */
function placesOn(data: GeneratedCounty, date: string): Map<string, string> {
  const best = new Map<string, { school: string; share: number; start: string; id: string }>();
  for (const a of data.appointments) {
    if (a.startDate > date || (a.endDate !== null && a.endDate < date)) continue;
    const cur = best.get(a.teacherId);
    // as training's read model picks it: the largest share, then the latest start, then the id
    if (!cur || a.workloadShare > cur.share || (a.workloadShare === cur.share && (a.startDate > cur.start || (a.startDate === cur.start && a.id < cur.id)))) {
      best.set(a.teacherId, { school: a.schoolId, share: a.workloadShare, start: a.startDate, id: a.id });
    }
  }
  return new Map([...best].map(([t, v]) => [t, v.school]));
}

export function generateTrainingYear(data: GeneratedCounty, schoolYear: number, seed = `training-${data.seed}`): TrainingYear {
  const rng = new Prng(`${seed}-${schoolYear}`);
  const Y = schoolYear;
  const place = placesOn(data, `${Y + 1}-03-01`);
  const schools = new Map(data.schools.map((s) => [s.id, s]));
  const staffOf = new Map(data.teachers.map((t) => [t.id, t]));
  const header = ['code', 'title', 'kind', 'organiser', 'organiserCode', 'category', 'startDate', 'endDate', 'fullDays', 'halfDays', 'periods', 'targetType', 'targetDistrict', 'targetSchools', 'researcherStaffNo', 'schoolCode'];
  const acts: (string | number)[][] = [header];
  const att: (string | number)[][] = [['activityCode', 'staffNo', 'status', 'halfDays', 'result', 'certificateNo']];
  const confirmedCodes: string[] = [];
  const p = `${data.countyCode.slice(0, 2).toUpperCase()}${Y}`;
  const teachersAt = (f: (s: (typeof data.schools)[number]) => boolean) => [...place].filter(([, s]) => f(schools.get(s)!)).map(([t]) => t);
  const attend = (code: string, teacherIds: string[], pAttend: (t: string) => number, certificates: boolean, partial = false) => {
    let n = 0;
    for (const t of teacherIds) {
      const r = rng.float();
      const status = r < pAttend(t) ? 'attended' : r < pAttend(t) + (1 - pAttend(t)) / 3 ? 'excused' : 'absent';
      const half = status === 'attended' && partial && rng.chance(0.1) ? 1 : '';
      att.push([code, staffOf.get(t)!.staffNo, status, half, status === 'attended' ? '合格' : '', status === 'attended' && certificates ? `${code}-${String(++n).padStart(5, '0')}` : '']);
    }
  };
  const rural = teachersAt((s) => s.rural);
  const small = teachersAt((s) => s.smallScale);
  const everyone = [...place.keys()];
  const diligence = new Map(everyone.map((t) => [t, 0.7 + rng.float() * 0.3]));

  // R7: two special trainings a semester for rural teachers; one open class in the autumn only
  const r7 = [
    [`${p}-ST1`, '乡村教师专项培训：课堂教学', `${Y}-10-15`],
    [`${p}-ST2`, '乡村教师专项培训：作业设计', `${Y}-12-10`],
    [`${p}-ST3`, '乡村教师专项培训：信息技术', `${Y + 1}-03-20`],
    [`${p}-ST4`, '乡村教师专项培训：心理健康', `${Y + 1}-05-15`],
  ];
  for (const [code, title, date] of r7) {
    acts.push([code, title, 'county_special_training', 'county', '', 'centralised', date, date, 1, 0, 0, 'county_rural', '', '', '', '']);
    attend(code, rural, (t) => diligence.get(t)!, true);
  }
  acts.push([`${p}-OC1`, '乡村教师公开课展示', 'open_class', 'county', '', 'school_based', `${Y}-11-20`, `${Y}-11-20`, 0, 1, 0, 'county_rural', '', '', '', '']);
  attend(`${p}-OC1`, rural, () => 0.6, false);

  // R8: ten regional research activities per district that has small-scale schools
  const districts = [...new Set(data.schools.filter((s) => s.smallScale).map((s) => s.districtCode))].sort();
  for (const d of districts) {
    const members = small.filter((t) => schools.get(place.get(t)!)!.districtCode === d);
    for (let i = 1; i <= 10; i++) {
      const month = [9, 10, 11, 12, 1, 3, 4, 5, 6, 7][i - 1];
      const date = `${month >= 9 ? Y : Y + 1}-${String(month).padStart(2, '0')}-${String(8 + i).padStart(2, '0')}`;
      const code = `${p}-RR-${d}-${i}`.slice(0, 32);
      acts.push([code, `区域集体教研 ${d} 第${i}次`, 'regional_research', 'district', d, 'school_based', date, date, 0, 1, 0, 'district_small_scale', d, '', '', '']);
      attend(code, members, (t) => diligence.get(t)! + 0.05, false);
    }
  }

  // Continuing education: county courses for every school, in the four categories
  const allCodes = data.schools.map((s) => s.code).join(';');
  const courses: [string, string, string, number, number, number][] = [
    ['CE1', '新课标专题研修', 'centralised', 2, 0, 0],
    ['CE2', '班主任能力提升', 'centralised', 2, 0, 0],
    ['CE3', '学科教学研讨', 'centralised', 1, 1, 0],
    ['CE4', '教育科研方法', 'centralised', 1, 0, 0],
    ['CE5', '校本研修：听评课', 'school_based', 0, 2, 0],
    ['CE6', '校本研修：教研组活动', 'school_based', 0, 2, 0],
    ['CE7', '校本研修：课例研究', 'school_based', 0, 0, 4],
    ['CE8', '网络研修：数字化教学', 'online', 2, 0, 0],
    ['CE9', '网络研修：人工智能与教育', 'online', 2, 0, 0],
    ['CE10', '网络研修：家校共育', 'online', 1, 0, 0],
    ['CE11', '公需科目：师德师风', 'public_required', 1, 0, 0],
    ['CE12', '公需科目：法治教育', 'public_required', 1, 0, 0],
    ['CE13', '校本研修：命题研究', 'school_based', 0, 1, 0],
    ['CE14', '校本研修：读书分享', 'school_based', 0, 0, 2],
    ['CE15', '集中培训：安全教育', 'centralised', 1, 0, 0],
    ['CE16', '网络研修：心理辅导', 'online', 1, 0, 0],
    ['CE17', '公需科目：保密教育', 'public_required', 0, 1, 0],
  ];
  courses.forEach(([suffix, title, category, full, half, periods], i) => {
    const month = [10, 11, 12, 1, 3, 4, 5, 6, 7, 8, 10, 4, 9, 11, 3, 5, 6][i];
    const date = `${month >= 9 ? Y : Y + 1}-${String(month).padStart(2, '0')}-${String(5 + i).padStart(2, '0')}`;
    const code = `${p}-${suffix}`;
    acts.push([code, title, 'continuing_education', 'county', '', category, date, date, full, half, periods, 'schools', '', allCodes, '', '']);
    attend(code, everyone, (t) => diligence.get(t)! + 0.1, true, full + half > 1);
  });

  // R6: researchers' guidance visits to rural schools (confirmed by the school), new researchers' stationing
  const ruralSchools = data.schools.filter((s) => s.rural);
  data.teachers
    .filter((t) => t.category === 'researcher')
    .forEach((r, i) => {
      const visits = rng.int(3, 9);
      for (let v = 1; v <= visits; v++) {
        const s = rng.pick(ruralSchools);
        const day = 1 + ((v * 29 + i * 7) % 300);
        const date = new Date(Date.UTC(Y, 8, 1) + day * 86400000).toISOString().slice(0, 10);
        const code = `${p}-V${i + 1}-${v}`;
        acts.push([code, `教研员下乡指导 ${s.name}`, 'guidance_visit', 'county', '', 'centralised', date, date, 0, 0, 0, 'schools', '', '', r.staffNo, s.code]);
        if (rng.chance(0.9)) confirmedCodes.push(code);
      }
      if (i % 3 === 0) {
        const s = rng.pick(ruralSchools);
        const code = `${p}-S${i + 1}`;
        acts.push([code, `教研员蹲点 ${s.name}`, 'stationing', 'county', '', 'centralised', `${Y}-09-01`, `${Y + 1}-${rng.chance(0.5) ? '07-10' : '01-20'}`, 0, 0, 0, 'schools', '', '', r.staffNo, s.code]);
        confirmedCodes.push(code);
      }
    });
  return { schoolYear: Y, activitiesCsv: csv(acts), attendanceCsv: csv(att), activities: acts.length - 1, attendance: att.length - 1, confirmedCodes };
}

/**
 * Fills training's read model (schools, teachers, appointments) straight from a generated county, as if
 * staffing's events had been consumed; the events that arrive later upsert the same rows.
 */
export async function loadTrainingReadModel(m: EntityManager, data: Pick<GeneratedCounty, 'countyCode' | 'schools' | 'teachers' | 'appointments'>): Promise<void> {
  const s = data.schools;
  await m.query(
    `INSERT INTO training.schools (school_id, county_code, district_code, rules, code, name, type, rural, small_scale)
     SELECT x.id, x.county, x.district, array_remove(ARRAY[CASE WHEN x.rural THEN 'R7' END, CASE WHEN x.small THEN 'R8' END], NULL), x.code, x.name, x.type, x.rural, x.small
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::boolean[], $8::boolean[]) AS x(id, county, district, code, name, type, rural, small)
     ON CONFLICT (school_id) DO NOTHING`,
    [s.map((x) => x.id), s.map((x) => x.countyCode), s.map((x) => x.districtCode), s.map((x) => x.code), s.map((x) => x.name), s.map((x) => x.type), s.map((x) => x.rural), s.map((x) => x.smallScale)],
  );
  for (let i = 0; i < data.teachers.length; i += 20000) {
    const t = data.teachers.slice(i, i + 20000);
    await m.query(
      `INSERT INTO training.teachers (teacher_id, county_code, staff_no, name, first_service_date, title, category, backbone_level)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::date[], $6::text[], $7::text[], $8::text[]) ON CONFLICT (teacher_id) DO NOTHING`,
      [t.map((x) => x.id), t.map((x) => x.countyCode), t.map((x) => x.staffNo), t.map((x) => x.name), t.map((x) => x.firstServiceDate), t.map((x) => x.title), t.map((x) => x.category), t.map((x) => x.backboneLevel)],
    );
  }
  for (let i = 0; i < data.appointments.length; i += 20000) {
    const a = data.appointments.slice(i, i + 20000);
    await m.query(
      `INSERT INTO training.appointments (appointment_id, teacher_id, school_id, role, workload_share, start_date, end_date)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::numeric[], $6::date[], $7::date[]) ON CONFLICT (appointment_id) DO NOTHING`,
      [a.map((x) => x.id), a.map((x) => x.teacherId), a.map((x) => x.schoolId), a.map((x) => x.role), a.map((x) => x.workloadShare), a.map((x) => x.startDate), a.map((x) => x.endDate)],
    );
  }
}
