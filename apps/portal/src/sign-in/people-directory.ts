import { signHs256Token, type TokenClaims } from '@app/auth';
import type { PortalConfig, PortalService } from '../portal.config';

/** One person the development sign-in page offers, with the claims their token will carry. */
export interface DevPerson {
  claims: TokenClaims;
  name: string;
  /** what makes this person worth signing in as, e.g. "R2 obligation due 2027-08-31" */
  detail: string;
}

type Upstreams = PortalConfig['upstreams'];

/**
 * The seeded people of each role, looked up through the services' own APIs with a short-lived city
 * administrator token (development only: it is minted with the local secret). A service that is down
 * leaves its people out rather than failing the page.
 */
export async function listDevPeople(upstreams: Upstreams, secret: string, county: string, options: { issuer?: string; audience?: string } = {}): Promise<{ people: DevPerson[]; obligationsFound: boolean }> {
  const COUNTY = county;
  const token = await signHs256Token({ sub: 'portal-directory', role: 'city_admin' }, secret, { ttlSeconds: 60, ...options });
  const get = async (svc: PortalService, path: string): Promise<any> => {
    try {
      const r = await fetch(`${upstreams[svc]}${path}`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(5000) });
      return r.ok ? await r.json() : null;
    } catch {
      return null;
    }
  };
  const people: DevPerson[] = [];
  // Teachers with a rotation obligation (R2 leaders, R3 new village teachers), else any appointed teacher.
  const obligations = (await get('scheduler', `/obligations?countyCode=${COUNTY}&limit=4`))?.items ?? [];
  for (const o of obligations.slice(0, 2)) {
    const t = await get('staffing', `/teachers/${o.teacherId}`);
    if (t) people.push({ claims: { sub: `dev-teacher-${t.staffNo}`, role: 'teacher', county: t.countyCode, teacher: t.id }, name: t.name, detail: `${o.rule} ${o.severity} · ${o.dueBy}` });
  }
  const teachers = (await get('staffing', `/teachers?countyCode=${COUNTY}&inPool=false&limit=3`))?.items ?? [];
  for (const t of teachers) {
    if (people.length >= 3) break;
    if (!people.some((p) => p.claims.teacher === t.id)) people.push({ claims: { sub: `dev-teacher-${t.staffNo}`, role: 'teacher', county: t.countyCode, teacher: t.id }, name: t.name, detail: t.staffNo });
  }
  people.push({ claims: { sub: `dev-hr-${COUNTY}`, role: 'county_hr', county: COUNTY }, name: `${COUNTY} 教育局人事股`, detail: COUNTY });
  // A second officer of the same county: payment batches are approved by someone other than their drafter (four eyes).
  people.push({ claims: { sub: `dev-hr-${COUNTY}-review`, role: 'county_hr', county: COUNTY }, name: `${COUNTY} 教育局人事股（复核）`, detail: `${COUNTY} · second officer` });
  const schools = (await get('staffing', `/schools?countyCode=${COUNTY}&type=township_central&limit=1`))?.items ?? [];
  for (const s of schools) people.push({ claims: { sub: `dev-school-${s.code}`, role: 'school_admin', county: s.countyCode, school: s.id }, name: s.name, detail: s.code });
  people.push({ claims: { sub: 'dev-city-admin', role: 'city_admin' }, name: '江门市教育局', detail: 'all counties' });
  people.push({ claims: { sub: 'dev-operator', role: 'scheduler' }, name: 'Operator', detail: 'term-end and monthly jobs' });
  return { people, obligationsFound: obligations.length > 0 };
}
