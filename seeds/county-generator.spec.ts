import { APPOINTMENT_KINDS, BACKBONE_LEVELS, ROLES, SCHOOL_TYPES, TEACHER_CATEGORIES } from '@app/contracts';
import { addYears, ageAt, generateCounty, parseDay, Prng, schoolYearOf, type GeneratedAppointment, type GeneratedCounty } from './county-generator';

const SUBJECTS = ['chinese', 'mathematics', 'english', 'physics', 'chemistry', 'biology', 'history', 'geography', 'politics', 'music', 'art', 'pe', 'it', 'science', 'psychology', 'preschool'];
const LEADER_ROLES = new Set(['principal', 'vice_principal', 'secretary']);
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const OPEN = Number.MAX_SAFE_INTEGER;

const end = (a: GeneratedAppointment) => (a.endDate === null ? OPEN : parseDay(a.endDate));

function byTeacher(c: GeneratedCounty): Map<string, GeneratedAppointment[]> {
  const m = new Map<string, GeneratedAppointment[]>();
  for (const t of c.teachers) m.set(t.id, []);
  for (const a of c.appointments) m.get(a.teacherId)!.push(a);
  return m;
}

/** the highest sum of `weight` over intervals that overlap on some day */
function peak(intervals: Array<[number, number, number]>): number {
  const events: Array<[number, number]> = [];
  for (const [s, e, w] of intervals) events.push([s, w], [e === OPEN ? OPEN : e + 1, -w]);
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let cur = 0;
  let max = 0;
  for (const [, d] of events) {
    cur += d;
    max = Math.max(max, cur);
  }
  return max;
}

/** the checks every generated county must pass, whatever its size; returns what is wrong (nothing, we hope) */
function problemsOf(c: GeneratedCounty): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, what: string) => {
    if (!ok && problems.length < 50) problems.push(what);
  };
  const asOf = parseDay(c.asOf);
  const schools = new Map(c.schools.map((s) => [s.id, s]));
  const posts = new Map(c.posts.map((p) => [p.id, p]));
  const districts = new Set(c.districts.map((d) => d.code));

  // ids and codes
  const allIds = [...c.schools, ...c.posts, ...c.teachers, ...c.appointments].map((x) => x.id);
  check(new Set(allIds).size === allIds.length, 'ids are unique');
  for (const id of allIds) check(UUID_V4.test(id), `${id} is a v4 UUID`);
  check(new Set(c.schools.map((s) => s.code)).size === c.schools.length, 'school codes are unique');
  check(new Set(c.teachers.map((t) => t.staffNo)).size === c.teachers.length, 'staff numbers are unique');
  check(new Set(c.posts.map((p) => `${p.schoolId}|${p.subjectCode}|${p.category}`)).size === c.posts.length, 'posts are unique per school, subject, category');

  const leaderPosts = new Map<string, number>();
  for (const p of c.posts) {
    check(schools.has(p.schoolId), `post ${p.id} has its school`);
    if (p.category === 'researcher') check(p.subjectCode === null, `researcher post ${p.id} has no subject`);
    else if (p.category === 'leader') {
      check(p.subjectCode === null, `leader post ${p.id} has no subject`);
      leaderPosts.set(p.schoolId, (leaderPosts.get(p.schoolId) ?? 0) + 1);
    } else check(SUBJECTS.includes(p.subjectCode!), `post ${p.id} subject ${p.subjectCode}`);
  }
  for (const s of c.schools) {
    const at = `school ${s.code}`;
    check((SCHOOL_TYPES as readonly string[]).includes(s.type), `${at} type ${s.type}`);
    check(districts.has(s.districtCode), `${at} district ${s.districtCode}`);
    check(/^[A-Z]{2}-\d{4}$/.test(s.code), `${at} code`);
    check(Number.isInteger(s.remoteTier) && s.remoteTier >= 0 && s.remoteTier <= 3, `${at} remote tier ${s.remoteTier}`);
    if (['village_primary', 'teaching_point', 'kindergarten_village'].includes(s.type)) check(s.rural, `${at} is rural`);
    if (s.type === 'county_town') check(s.remoteTier === 0, `${at} county town is not remote`);
    check(leaderPosts.get(s.id) === 1, `${at} has one leader post`);
  }

  // teachers
  for (const t of c.teachers) {
    const at = `teacher ${t.staffNo}`;
    const age = ageAt(parseDay(t.birthDate), asOf);
    check(age >= 22 && age <= 60, `${at} is ${age}`);
    const ageAtFirst = ageAt(parseDay(t.birthDate), parseDay(t.firstServiceDate));
    check(ageAtFirst >= 21 && ageAtFirst <= 25, `${at} started at ${ageAtFirst}`);
    check(parseDay(t.firstServiceDate) <= asOf, `${at} started before asOf`);
    check(t.subjects.length >= 1 && t.subjects.length <= 2 && t.subjects.every((x) => SUBJECTS.includes(x)), `${at} subjects ${t.subjects}`);
    check((BACKBONE_LEVELS as readonly string[]).includes(t.backboneLevel), `${at} backbone`);
    check((TEACHER_CATEGORIES as readonly string[]).includes(t.category), `${at} category`);
    check(t.countyCode === c.countyCode, `${at} county`);
  }

  // appointments, teacher by teacher
  const history = byTeacher(c);
  const earliest = addYears(asOf, -15);
  for (const t of c.teachers) {
    const list = history.get(t.id)!;
    for (const a of list) {
      const at = `appointment ${a.id} of ${t.staffNo}`;
      const start = parseDay(a.startDate);
      check((APPOINTMENT_KINDS as readonly string[]).includes(a.kind) && (ROLES as readonly string[]).includes(a.role), `${at} kind/role`);
      check(schools.has(a.schoolId), `${at} school`);
      check(end(a) >= start, `${at} ends before it starts`);
      check(end(a) >= earliest, `${at} ended more than 15 years ago`);
      check(start <= asOf, `${at} starts after asOf`);
      check(start >= parseDay(t.firstServiceDate), `${at} starts before first service`);
      check(a.workloadShare > 0 && a.workloadShare <= 1, `${at} share ${a.workloadShare}`);
      if (a.kind === 'regular') {
        const post = posts.get(a.postId!);
        check(post?.schoolId === a.schoolId, `${at} post at its school`);
        if (LEADER_ROLES.has(a.role)) check(post?.category === 'leader', `${at} leader on the leader post`);
        else if (a.role === 'researcher') check(post?.category === 'researcher' && a.subject === null, `${at} researcher on the researcher post`);
        else check(post?.category === 'teacher' && post.subjectCode === a.subject, `${at} on the post of its subject`);
      } else {
        check(a.postId === null && a.role === 'teacher', `${at} non-regular has no post`);
      }
      if (a.kind === 'placement') check(['county_town', 'township_central'].includes(schools.get(a.schoolId)!.type), `${at} placement target`);
      check(a.endReason === (a.endDate !== null && parseDay(a.endDate) < asOf ? 'seeded history' : null), `${at} end reason`);
    }
    // regular appointments never overlap
    const regular = list.filter((a) => a.kind === 'regular').sort((a, b) => a.startDate.localeCompare(b.startDate));
    for (let i = 1; i < regular.length; i++) check(parseDay(regular[i].startDate) > end(regular[i - 1]), `${t.staffNo}: regular appointments overlap`);
    // shares never exceed 1 on any day
    check(peak(list.map((a) => [parseDay(a.startDate), end(a), Math.round(a.workloadShare * 1000)])) <= 1000, `${t.staffNo}: shares above 1`);
    // category follows the current appointment
    const current = list.filter((a) => parseDay(a.startDate) <= asOf && end(a) >= asOf);
    const leads = current.some((a) => LEADER_ROLES.has(a.role));
    check(leads === (t.category === 'principal'), `${t.staffNo}: category principal iff leading now`);
    if (current.some((a) => a.role === 'researcher')) check(t.category === 'researcher', `${t.staffNo}: researcher`);
  }

  // quotas: one per post and quota year; never fewer than the teachers holding the post on any day of that year
  check(c.quotas.length === c.posts.length * c.quotaYears.length, 'a quota per post and year');
  const holders = new Map<string, Array<[number, number]>>();
  for (const a of c.appointments) {
    if (!a.postId) continue;
    const list = holders.get(a.postId) ?? [];
    list.push([parseDay(a.startDate), end(a)]);
    holders.set(a.postId, list);
  }
  for (const q of c.quotas) {
    const from = parseDay(`${q.schoolYear}-09-01`);
    const to = parseDay(`${q.schoolYear + 1}-08-31`);
    const inYear = (holders.get(q.postId) ?? []).filter(([s, e]) => s <= to && e >= from).map(([s, e]): [number, number, number] => [Math.max(s, from), Math.min(e, to), 1]);
    const most = peak(inYear);
    check(most <= q.approvedHeadcount, `post ${q.postId} ${q.schoolYear}: ${most} holders > quota ${q.approvedHeadcount}`);
  }
  return problems;
}

describe('Prng', () => {
  it('repeats for a seed, differs between seeds, stays in range and makes v4 UUIDs', () => {
    const a = new Prng('x');
    const b = new Prng('x');
    const c = new Prng('y');
    const seqA = Array.from({ length: 100 }, () => a.u32());
    expect(Array.from({ length: 100 }, () => b.u32())).toEqual(seqA);
    expect(Array.from({ length: 100 }, () => c.u32())).not.toEqual(seqA);
    const r = new Prng('range');
    for (let i = 0; i < 1000; i++) {
      const n = r.int(3, 7);
      expect(n).toBeGreaterThanOrEqual(3);
      expect(n).toBeLessThanOrEqual(7);
      expect(r.uuid()).toMatch(UUID_V4);
    }
  });
});

describe('generateCounty', () => {
  const asOf = parseDay('2026-11-29');
  let c: GeneratedCounty;

  // Its speed is measured by bench:seed, not here: a timed unit test fails on a loaded machine.
  beforeAll(() => {
    c = generateCounty({ countyCode: 'taishan', seed: 20261129, teachers: 6000 });
  });

  it('gives byte-identical output for the same input and different output for another seed', () => {
    expect(JSON.stringify(generateCounty({ countyCode: 'taishan', seed: 20261129, teachers: 6000 }))).toBe(JSON.stringify(c));
    expect(JSON.stringify(generateCounty({ countyCode: 'taishan', seed: '20261129', teachers: 6000 }))).toBe(JSON.stringify(c));
    const other = generateCounty({ countyCode: 'taishan', seed: 20261130, teachers: 6000 });
    expect(other.schools[0].id).not.toBe(c.schools[0].id);
    expect(other.teachers.map((t) => t.name)).not.toEqual(c.teachers.map((t) => t.name));
  });

  it('defaults to 6,000 teachers as of 2026-11-29 (school year 2026, quotas for 2023–2026)', () => {
    const d = generateCounty({ countyCode: 'taishan', seed: 1 });
    expect(d.teachers).toHaveLength(6000);
    expect(d.asOf).toBe('2026-11-29');
    expect(d.schoolYear).toBe(2026);
    expect(d.quotaYears).toEqual([2023, 2024, 2025, 2026]);
  });

  it('refuses bad input', () => {
    expect(() => generateCounty({ countyCode: 'Taishan', seed: 1 })).toThrow(/lower-case/);
    expect(() => generateCounty({ countyCode: 'taishan', seed: 1, teachers: 10.5 })).toThrow(/teachers/);
    expect(() => generateCounty({ countyCode: 'taishan', seed: 1, asOf: '2026-02-30' })).toThrow(/calendar date/);
  });

  it('has the size of a real county: ~15 districts, ~250 schools of every type for 6,000 teachers', () => {
    expect(c.teachers).toHaveLength(6000);
    expect(c.districts.length).toBeGreaterThanOrEqual(13);
    expect(c.districts.length).toBeLessThanOrEqual(18);
    expect(c.schools.length).toBeGreaterThanOrEqual(220);
    expect(c.schools.length).toBeLessThanOrEqual(280);
    const types = new Set(c.schools.map((s) => s.type));
    for (const t of SCHOOL_TYPES) expect(types).toContain(t);
    expect(c.districts.map((d) => d.name)).toEqual(expect.arrayContaining(['台城学区', '川岛学区', '北陡学区', '赤溪学区']));
    // one township central school per town, the county-town schools all in the county town
    const towns = c.districts.filter((d) => d.code !== 'taicheng');
    for (const tw of towns) expect(c.schools.filter((s) => s.districtCode === tw.code && s.type === 'township_central')).toHaveLength(1);
    for (const s of c.schools.filter((x) => ['county_town', 'senior_high', 'kindergarten_county_town'].includes(x.type))) expect(s.districtCode).toBe('taicheng');
    // flags
    expect(c.schools.filter((s) => s.weak).length).toBeGreaterThan(10);
    expect(c.schools.filter((s) => s.smallScale).length).toBeGreaterThan(30);
    expect(c.schools.filter((s) => s.remoteTier === 3).length).toBeGreaterThan(0);
    expect(c.schools.filter((s) => s.districtCode === 'chuandao').every((s) => s.remoteTier === 3)).toBe(true);
    expect(c.appointments.length).toBeGreaterThan(8000);
    expect(c.appointments.length).toBeLessThan(20000);
  });

  it('keeps every invariant: ids, codes, ages 22–60, appointments, shares ≤ 1, quotas ≥ headcount', () => {
    expect(problemsOf(c)).toEqual([]);
  });

  it('has leaders past 11 and 12 years in the same post (R2)', () => {
    const leaders = c.appointments.filter((a) => a.kind === 'regular' && LEADER_ROLES.has(a.role) && a.endDate === null);
    expect(leaders.length).toBeGreaterThan(300);
    const since = (years: number) => leaders.filter((a) => parseDay(a.startDate) <= addYears(asOf, -years));
    expect(since(12).length).toBeGreaterThanOrEqual(10);
    expect(since(11).length - since(12).length).toBeGreaterThanOrEqual(10);
    expect(since(15).length).toBeGreaterThan(0);
    expect(new Set(since(12).map((a) => a.role))).toContain('principal');
  });

  it('has an R3 cohort: new village / teaching-point teachers with and without a ≥ 365-day placement', () => {
    const schools = new Map(c.schools.map((s) => [s.id, s]));
    const history = byTeacher(c);
    const fiveYearsAgo = addYears(asOf, -5);
    const cohort = c.teachers.filter((t) => {
      const first = history.get(t.id)!.sort((a, b) => a.startDate.localeCompare(b.startDate))[0];
      return first && ['village_primary', 'teaching_point'].includes(schools.get(first.schoolId)!.type) && parseDay(first.startDate) > fiveYearsAgo;
    });
    expect(cohort.length).toBeGreaterThan(100);
    const placements = (id: string) => history.get(id)!.filter((a) => a.kind === 'placement');
    const done = cohort.filter((t) => placements(t.id).some((a) => a.endDate !== null && parseDay(a.endDate) < asOf && parseDay(a.endDate) - parseDay(a.startDate) >= 365));
    const onPlacementNow = cohort.filter((t) => placements(t.id).some((a) => parseDay(a.startDate) <= asOf && end(a) >= asOf));
    const none = cohort.filter((t) => placements(t.id).length === 0);
    const short = cohort.filter((t) => placements(t.id).length > 0 && placements(t.id).every((a) => parseDay(a.endDate!) - parseDay(a.startDate) < 365));
    const windowEnd = (id: string) => addYears(parseDay(history.get(id)![0].startDate), 5);
    const lateNone = none.filter((t) => windowEnd(t.id) - asOf <= 2 * 365);
    expect(done.length).toBeGreaterThan(20);
    expect(onPlacementNow.length).toBeGreaterThan(5);
    expect(none.length).toBeGreaterThan(50);
    expect(short.length).toBeGreaterThan(0);
    expect(lateNone.length).toBeGreaterThan(10);
    // some cannot fit a full year into their window any more
    expect(none.some((t) => windowEnd(t.id) - asOf < 365)).toBe(true);
  });

  it('has rotations, support, walking beside a half share, researchers and a county pool', () => {
    const kinds = new Set(c.appointments.map((a) => a.kind));
    for (const k of APPOINTMENT_KINDS) expect(kinds).toContain(k);
    const walking = c.appointments.filter((a) => a.kind === 'walking');
    expect(walking.every((a) => a.workloadShare === 0.5)).toBe(true);
    const history = byTeacher(c);
    const active = (id: string) => history.get(id)!.some((a) => parseDay(a.startDate) <= asOf && end(a) >= asOf);
    const pool = c.teachers.filter((t) => t.category === 'teacher' && !active(t.id));
    expect(pool.length).toBeGreaterThanOrEqual(10);
    expect(pool.length).toBeLessThan(100);
    const researchers = c.teachers.filter((t) => t.category === 'researcher');
    expect(researchers.some((t) => !active(t.id))).toBe(true);
    expect(researchers.some((t) => history.get(t.id)!.some((a) => a.role === 'researcher' && a.endDate === null))).toBe(true);
    // rotations in the current school year, fewer than R1's 5% of teachers
    const thisYear = c.appointments.filter((a) => ['rotation', 'support'].includes(a.kind) && schoolYearOf(parseDay(a.startDate)) === 2026);
    expect(thisYear.length).toBeGreaterThan(0);
    expect(thisYear.length).toBeLessThan(0.05 * c.teachers.length);
    // titles and backbone levels: mostly none, a few at city or province level
    expect(c.teachers.filter((t) => t.backboneLevel === 'none').length).toBeGreaterThan(0.6 * c.teachers.length);
    expect(c.teachers.filter((t) => t.backboneLevel === 'province').length).toBeGreaterThan(0);
    expect(new Set(c.teachers.map((t) => t.title))).toEqual(new Set([null, '三级教师', '二级教师', '一级教师', '高级教师', '正高级教师']));
  });

  it('has quotas with vacancies and posts exactly full in the current school year', () => {
    const q = c.quotas.filter((x) => x.schoolYear === 2026);
    const held = new Map<string, number>();
    for (const a of c.appointments) if (a.postId && parseDay(a.startDate) <= asOf && end(a) >= asOf) held.set(a.postId, (held.get(a.postId) ?? 0) + 1);
    const full = q.filter((x) => x.approvedHeadcount === (held.get(x.postId) ?? 0) && x.approvedHeadcount > 0);
    const vacant = q.filter((x) => x.approvedHeadcount > (held.get(x.postId) ?? 0));
    expect(full.length).toBeGreaterThan(0.3 * q.length);
    expect(vacant.length).toBeGreaterThan(0.1 * q.length);
  });

  it('scales: a 2,000-teacher county (Kaiping) and a 10,000-teacher one keep the invariants', () => {
    const small = generateCounty({ countyCode: 'kaiping', seed: 7, teachers: 2000 });
    expect(small.schools.length).toBeGreaterThanOrEqual(90);
    expect(small.schools.length).toBeLessThanOrEqual(140);
    expect(small.schools[0].code).toMatch(/^KP-/);
    expect(small.teachers).toHaveLength(2000);
    expect(problemsOf(small)).toEqual([]);
    // How fast it generates is bench:seed's to measure, not this test's.
    const big = generateCounty({ countyCode: 'taishan', seed: 9, teachers: 10000, asOf: '2027-03-15' });
    expect(big.schoolYear).toBe(2026);
    expect(big.teachers).toHaveLength(10000);
    expect(big.schools.length).toBeGreaterThanOrEqual(350);
    expect(big.schools.length).toBeLessThanOrEqual(420);
    expect(problemsOf(big)).toEqual([]);
  });

  it('keeps the invariants for other seeds and awkward snapshot dates (first and last day of a school year, 29 February)', () => {
    for (const [seed, asOfText] of [[1, '2026-09-01'], [2, '2027-08-31'], [3, '2028-02-29'], [4, '2024-11-29'], [5, '2026-11-29']] as const) {
      const d = generateCounty({ countyCode: 'enping', seed, teachers: 1500, asOf: asOfText });
      expect(d.asOf).toBe(asOfText);
      expect(d.teachers).toHaveLength(1500);
      expect(problemsOf(d)).toEqual([]);
    }
  });

  it('the invariant check itself catches an overlap, a share above 1 and a quota below headcount', () => {
    const broken: GeneratedCounty = JSON.parse(JSON.stringify(c));
    const history = byTeacher(broken);
    const t = broken.teachers.find((x) => history.get(x.id)!.filter((a) => a.kind === 'regular').length >= 2)!;
    const [first, second] = history.get(t.id)!.filter((a) => a.kind === 'regular');
    first.endDate = second.startDate;
    const q = broken.quotas.find((x) => x.schoolYear === 2026 && x.approvedHeadcount > 0)!;
    q.approvedHeadcount = 0;
    const problems = problemsOf(broken);
    expect(problems).toEqual(expect.arrayContaining([`${t.staffNo}: regular appointments overlap`, `${t.staffNo}: shares above 1`]));
    expect(problems.some((p) => p.startsWith(`post ${q.postId} 2026`))).toBe(true);
  });
});
