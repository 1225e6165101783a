import { randomUUID } from 'node:crypto';
import { PostQuotaSet, SchoolRegistered, TeacherAppointed, TeacherRegistered } from '@app/contracts';
import type { RunningService } from '@app/runtime';
import { bearer, http, mintTestToken, publishEvent, waitFor, waitForCaughtUp } from '@app/testing';

/**
 * A county in rotation's read model (published as staffing would) with an approved plan whose moves are
 * independent of each other — every mover goes from a county-town school to the village school D, which has
 * room for all of them — so that any one appeal can be upheld or amended without touching another move.
 * Used by the appeals access matrix and fuzz tests (issue #13).
 *
 *   O1, O2 county town (district one)    2 stayers each, the movers split between them
 *   D village, rural, weak (one)         1 holder, room for every mover and 2 more
 *   S township central (two)             1 holder, 5 places: where HR may pin an appealed move
 */
export interface AppealsCounty {
  county: string;
  year: number;
  cycleId: string;
  planId: string;
  schools: { O1: string; O2: string; D: string; S: string };
  /** teachers with an approved move, in order */
  movers: string[];
  /** teachers without a move */
  stayers: string[];
}

export async function buildAppealsCounty(svc: RunningService, county: string, year: number, movers: number): Promise<AppealsCounty> {
  const brokers = process.env.KAFKA_BROKERS!;
  const hr = bearer(await mintTestToken({ role: 'county_hr', county }));
  const call = (method: string, path: string, body?: unknown) =>
    http(`${svc.url}${path}`, { method, headers: { ...hr, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) });
  const schools = { O1: randomUUID(), O2: randomUUID(), D: randomUUID(), S: randomUUID() };
  const moving = Array.from({ length: movers }, () => randomUUID());
  const stayers = Array.from({ length: 6 }, () => randomUUID());
  const at = new Map<string, string>();
  moving.forEach((t, i) => at.set(t, i % 2 === 0 ? schools.O1 : schools.O2));
  at.set(stayers[0], schools.O1);
  at.set(stayers[1], schools.O1);
  at.set(stayers[2], schools.O2);
  at.set(stayers[3], schools.O2);
  at.set(stayers[4], schools.D);
  at.set(stayers[5], schools.S);
  const holders = (s: string) => [...at.values()].filter((x) => x === s).length;
  const layout: [keyof typeof schools, string, string, boolean, number][] = [
    ['O1', 'county_town', 'one', false, holders(schools.O1)],
    ['O2', 'county_town', 'one', false, holders(schools.O2)],
    ['D', 'village_primary', 'one', true, holders(schools.D) + movers + 2],
    ['S', 'township_central', 'two', false, holders(schools.S) + 5],
  ];
  const posts = new Map<string, string>();
  for (const [name, type, district, weak, quota] of layout) {
    const schoolId = schools[name];
    await publishEvent(brokers, SchoolRegistered, { schoolId, countyCode: county, code: `${county.slice(0, 4).toUpperCase()}-${name}`, name: `${county}${name}校`, type: type as 'county_town', districtCode: district, weak, smallScale: false, rural: type === 'village_primary', remoteTier: 0 });
    const postId = randomUUID();
    posts.set(schoolId, postId);
    await publishEvent(brokers, PostQuotaSet, { postId, schoolId, countyCode: county, subjectCode: 'mathematics', category: 'teacher', schoolYear: year, approvedHeadcount: quota });
  }
  for (const [teacherId, schoolId] of at) {
    // three years at their school by the effective date: not eligible by tenure, so only the pins move anyone
    await publishEvent(brokers, TeacherRegistered, { teacherId, countyCode: county, staffNo: `${county.slice(0, 3).toUpperCase()}${teacherId.slice(0, 5)}`, name: `教师${teacherId.slice(0, 4)}`, gender: 'male', birthDate: '1991-04-04', firstServiceDate: `${year - 3}-09-01`, subjects: ['mathematics'], title: null, backboneLevel: 'county', category: 'teacher' });
    await publishEvent(brokers, TeacherAppointed, { appointmentId: randomUUID(), teacherId, schoolId, countyCode: county, postId: posts.get(schoolId)!, subject: 'mathematics', kind: 'regular', role: 'teacher', workloadShare: 1, startDate: `${year - 3}-09-01`, endDate: null, moveId: null });
  }
  await waitFor(async () => {
    const [{ n }] = await svc.dataSource.query(
      `SELECT (SELECT count(*) FROM rotation.appointments a JOIN rotation.teachers t USING (teacher_id) WHERE t.county_code = $1)
            + (SELECT count(*) FROM rotation.post_quotas WHERE county_code = $1) + (SELECT count(*) FROM rotation.schools WHERE county_code = $1) AS n`,
      [county],
    );
    return Number(n) === at.size + 8;
  }, `${county} in rotation's read model`, 90000);
  await waitForCaughtUp(svc.url);

  const cycle = (await call('POST', '/cycles', { countyCode: county, schoolYear: year })).body;
  await call('POST', `/cycles/${cycle.id}/transitions`, { to: 'collecting', version: 1, preferenceDeadline: `${year}-05-31` });
  await call('POST', `/cycles/${cycle.id}/transitions`, { to: 'planning', version: 2 });
  await call('PUT', `/cycles/${cycle.id}/pins`, { pins: moving.map((teacherId) => ({ teacherId, schoolId: schools.D, kind: 'force' })) });
  const started = (await call('POST', `/cycles/${cycle.id}/plans`, {})).body;
  const solved = await waitFor(async () => {
    const r = (await call('GET', `/cycles/${cycle.id}/solves/${started.solveId}`)).body;
    return r.status === 'done' || r.status === 'failed' ? r : null;
  }, `${county}'s plan`, 90000);
  if (solved.status !== 'done' || solved.result.moves !== movers) throw new Error(`the fixture's plan did not solve as built: ${JSON.stringify(solved).slice(0, 500)}`);
  const proposed = (await call('POST', `/cycles/${cycle.id}/plans/${solved.planId}/propose`, { version: 3 })).body;
  const approved = await call('POST', `/cycles/${cycle.id}/approve`, { version: proposed.version });
  if (approved.status !== 200) throw new Error(`the fixture's plan was not approved: ${JSON.stringify(approved.body)}`);
  return { county, year, cycleId: cycle.id, planId: solved.planId, schools, movers: moving, stayers };
}

/** The teacher files an appeal of their move; answers the appeal. */
export async function fileAppeal(svc: RunningService, c: AppealsCounty, teacherId: string, reasons = '访问测试申诉 / appeal for the tests'): Promise<any> {
  const token = bearer(await mintTestToken({ role: 'teacher', county: c.county, teacher: teacherId }));
  const r = await http(`${svc.url}/cycles/${c.cycleId}/me/appeals`, { method: 'POST', headers: { ...token, 'content-type': 'application/json' }, body: JSON.stringify({ reasons }) });
  if (r.status !== 201) throw new Error(`appeal of ${teacherId} not filed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

/** HR starts an amendment of the appeal and waits until it is solved; answers the amendment. */
export async function solvedAmendment(svc: RunningService, headers: Record<string, string>, appealId: string, body: unknown = { action: 'forbid' }): Promise<any> {
  const started = await http(`${svc.url}/appeals/${appealId}/amendments`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (started.status !== 202) throw new Error(`amendment not started: ${started.status} ${JSON.stringify(started.body)}`);
  return waitFor(async () => {
    const r = (await http(`${svc.url}/appeals/${appealId}/amendments/${started.body.id}`, { headers })).body;
    return r.status !== 'solving' ? r : null;
  }, 'the amendment to be solved', 90000);
}

/** A minimal PDF (its first bytes are what the attachment check reads). */
export const TINY_PDF = '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n';
