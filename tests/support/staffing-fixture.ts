import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { schoolYearOf, todayInShanghai } from '@app/rules';
import { http } from '@app/testing';

/**
 * Fixture data for the staffing HTTP tests, made through the service's own API as the city
 * administrator (counties, which have no endpoint, with SQL). Every code carries a random suffix, so
 * a test file can run beside others on the same database.
 */

export const HOME_COUNTY = 'taishan';
export const OTHER_COUNTY = 'kaiping';

/** Today as the service sees it (Asia/Shanghai calendar day), and school years: the rules' own functions. */
export { schoolYearOf, todayInShanghai as shanghaiToday };

export function suffix(): string {
  return randomUUID().replace(/-/g, '').slice(0, 8);
}

export async function ensureCounties(ds: DataSource): Promise<void> {
  await ds.query(
    `INSERT INTO staffing.counties (code, name_zh, name_en, western) VALUES ('taishan', '台山市', 'Taishan', true), ('kaiping', '开平市', 'Kaiping', true)
     ON CONFLICT DO NOTHING`,
  );
}

export interface Post {
  id: string;
  schoolId: string;
  subjectCode: string | null;
  category: string;
  version: number;
}

/** A thin client for the staffing API that fails loudly (status and body) when a fixture step is refused. */
export class StaffingApi {
  constructor(
    readonly baseUrl: string,
    protected readonly headers: Record<string, string>,
  ) {}

  async call(method: string, path: string, body?: unknown, expected?: number): Promise<any> {
    const init: RequestInit = { method, headers: { ...this.headers } };
    if (body !== undefined) {
      init.body = JSON.stringify(body);
      (init.headers as Record<string, string>)['content-type'] = 'application/json';
    }
    const r = await http(`${this.baseUrl}${path}`, init);
    if (expected !== undefined ? r.status !== expected : r.status >= 300) {
      throw new Error(`fixture: ${method} ${path} answered ${r.status}: ${JSON.stringify(r.body)}`);
    }
    return r.body;
  }

  school(countyCode: string, code: string, extra: Record<string, unknown> = {}) {
    return this.call('POST', '/schools', { countyCode, code, name: `测试学校 ${code}`, type: 'township_central', rural: true, remoteTier: 1, ...extra }, 201);
  }

  post(schoolId: string, subjectCode: string | null, category = 'teacher'): Promise<Post> {
    return this.call('POST', `/schools/${schoolId}/posts`, { subjectCode, category }, 201);
  }

  /** Sets the quota with the post's current version; returns the post's new version. */
  async quota(postId: string, schoolYear: number, approvedHeadcount: number): Promise<number> {
    const post: Post = await this.call('GET', `/posts/${postId}`, undefined, 200);
    const r = await this.call('PUT', `/posts/${postId}/quotas/${schoolYear}`, { approvedHeadcount, version: post.version }, 200);
    return r.version;
  }

  teacher(countyCode: string, staffNo: string, extra: Record<string, unknown> = {}) {
    return this.call(
      'POST',
      '/teachers',
      { countyCode, staffNo, name: `测试教师 ${staffNo}`, gender: 'female', birthDate: '1986-04-12', firstServiceDate: '2008-09-01', subjects: ['mathematics'], ...extra },
      201,
    );
  }

  appoint(body: Record<string, unknown>) {
    return this.call('POST', '/appointments', body, 201);
  }
}

export interface CountyFixture {
  county: string;
  /** a township central school with a mathematics teacher post (quota 5 this school year) */
  school: any;
  post: Post;
  /** appointed (regular, full-time) to the school's post from today */
  teacher: any;
  appointment: any;
}

/** In one county: a school, a teacher post with this school year's quota, a teacher and their appointment. */
export async function buildCounty(api: StaffingApi, county: string, tag: string, today: string): Promise<CountyFixture> {
  const school = await api.school(county, `${tag}-S`);
  const post = await api.post(school.id, 'mathematics');
  await api.quota(post.id, schoolYearOf(today), 5);
  const teacher = await api.teacher(county, `${tag}-T`);
  const appointment = await api.appoint({ teacherId: teacher.id, schoolId: school.id, postId: post.id, kind: 'regular', startDate: today });
  return { county, school, post, teacher, appointment };
}

export const COUNTED_TABLES = ['schools', 'districts', 'teachers', 'posts', 'post_quotas', 'appointments', 'moves', 'establishment_entries', 'absences', 'outbox', 'audit_log', 'kindergarten_designations', 'kindergarten_pairings'] as const;

/** Row counts of the staffing tables a request could write to. */
export async function rowCounts(ds: DataSource): Promise<Record<string, number>> {
  const [row] = await ds.query(`SELECT ${COUNTED_TABLES.map((t) => `(SELECT count(*)::int FROM staffing.${t}) AS ${t}`).join(', ')}`);
  return row;
}
