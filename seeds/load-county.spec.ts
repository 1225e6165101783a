import { validateEvent } from '@app/contracts';
import type { DataSource, EntityManager } from 'typeorm';
import { generateCounty, type GeneratedCounty } from './county-generator';
import { buildCountyEvents, insertRows, loadCounty, MAX_BIND_PARAMETERS, seedCorrelationId } from './load-county';
import { parseSeedArgs } from './seed';

/** An EntityManager stand-in that records statements and answers the loader's few SELECTs. */
function fakeManager(existing = { schools: 0, teachers: 0 }, countyKnown = true) {
  const statements: Array<{ sql: string; params: unknown[] }> = [];
  const manager = {
    queryRunner: { isTransactionActive: true },
    async query(sql: string, params: unknown[] = []) {
      statements.push({ sql, params });
      if (sql.includes('FROM staffing.counties')) return countyKnown ? [{ '?column?': 1 }] : [];
      if (sql.includes('count(*)')) return [existing];
      return [];
    },
  } as unknown as EntityManager;
  const ds = { transaction: async (fn: (m: EntityManager) => Promise<unknown>) => fn(manager) } as unknown as DataSource;
  return { manager, ds, statements };
}

describe('buildCountyEvents', () => {
  let c: GeneratedCounty;
  beforeAll(() => {
    c = generateCounty({ countyCode: 'taishan', seed: 42, teachers: 1500 });
  });

  it('announces every school, teacher and appointment, and every ended appointment, with valid payloads', () => {
    const events = buildCountyEvents(c);
    const count = (type: string) => events.filter((e) => e.contract.type === type).length;
    expect(count('staffing.SchoolRegistered.v1')).toBe(c.schools.length);
    expect(count('staffing.TeacherRegistered.v1')).toBe(c.teachers.length);
    expect(count('staffing.TeacherAppointed.v1')).toBe(c.appointments.length);
    expect(count('staffing.AppointmentEnded.v1')).toBe(c.appointments.filter((a) => a.endDate !== null && a.endDate < c.asOf).length);
    expect(count('staffing.AppointmentEnded.v1')).toBeGreaterThan(0);
    for (const e of events) expect(() => validateEvent(e.contract, e.data)).not.toThrow();
  });

  it('orders each teacher’s history by date: appointed on the start, ended the day after the end', () => {
    const events = buildCountyEvents(c);
    const perTeacher = new Map<string, Array<{ type: string; date: string; id: string }>>();
    for (const e of events) {
      const d = e.data as { teacherId?: string; appointmentId?: string; startDate?: string; endDate?: string };
      if (!d.appointmentId) continue;
      const date = e.contract.name === 'staffing.TeacherAppointed' ? d.startDate! : d.endDate!;
      perTeacher.set(d.teacherId!, [...(perTeacher.get(d.teacherId!) ?? []), { type: e.contract.name, date, id: d.appointmentId }]);
    }
    for (const list of perTeacher.values()) {
      const appointedDates = list.filter((x) => x.type === 'staffing.TeacherAppointed').map((x) => x.date);
      expect(appointedDates).toEqual([...appointedDates].sort());
      // an appointment's end never comes before its appointment, and ends precede later starts
      const seen = new Set<string>();
      for (const x of list) {
        if (x.type === 'staffing.TeacherAppointed') seen.add(x.id);
        else expect(seen.has(x.id)).toBe(true);
      }
    }
    // regular appointments are announced open; fixed-term ones with their planned end
    const appointed = events.filter((e) => e.contract.name === 'staffing.TeacherAppointed').map((e) => e.data as { kind: string; endDate: string | null });
    expect(appointed.filter((a) => a.kind === 'regular').every((a) => a.endDate === null)).toBe(true);
    expect(appointed.filter((a) => a.kind === 'rotation').every((a) => a.endDate !== null)).toBe(true);
  });
});

describe('insertRows', () => {
  it('splits rows so no statement exceeds PostgreSQL’s bind-parameter limit', async () => {
    const { manager, statements } = fakeManager();
    const columns = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k'];
    const rows = Array.from({ length: 20000 }, (_, i) => columns.map((_, j) => i * 100 + j));
    const n = await insertRows(manager, 'staffing.x', columns, rows, '', 100000);
    expect(n).toBe(Math.ceil(20000 / Math.floor(MAX_BIND_PARAMETERS / columns.length)));
    expect(statements.every((s) => s.params.length <= MAX_BIND_PARAMETERS)).toBe(true);
    expect(statements.reduce((sum, s) => sum + s.params.length, 0)).toBe(20000 * columns.length);
    expect(statements[0].sql).toMatch(/^INSERT INTO staffing\.x \(a, b, c, d, e, f, g, h, i, j, k\) VALUES \(\$1, \$2, /);
    expect(statements.at(-1)!.params.at(-1)).toBe(19999 * 100 + 10);
  });
});

describe('loadCounty', () => {
  const c = generateCounty({ countyCode: 'enping', seed: 3, teachers: 800 });

  it('inserts districts before schools, then posts, quotas, teachers, appointments and the outbox, in one transaction', async () => {
    const { ds, statements } = fakeManager();
    const r = await loadCounty(ds, c);
    expect(r).toMatchObject({ loaded: true, schools: c.schools.length, teachers: c.teachers.length, appointments: c.appointments.length });
    const order = statements.map((s) => /^INSERT INTO ([\w."]+)/.exec(s.sql)?.[1]).filter(Boolean);
    const first = (t: string) => order.indexOf(t);
    expect(first('staffing.districts')).toBeLessThan(first('staffing.schools'));
    expect(first('staffing.schools')).toBeLessThan(first('staffing.posts'));
    expect(first('staffing.posts')).toBeLessThan(first('staffing.post_quotas'));
    expect(first('staffing.teachers')).toBeLessThan(first('staffing.appointments'));
    expect(first('staffing.appointments')).toBeLessThan(first('"staffing".outbox'));
    const outboxRows = statements.filter((s) => s.sql.startsWith('INSERT INTO "staffing".outbox')).reduce((n, s) => n + s.params.length / 8, 0);
    expect(outboxRows).toBe(r.events);
    // every outbox row carries the seed's correlation id
    const outbox = statements.find((s) => s.sql.startsWith('INSERT INTO "staffing".outbox'))!;
    expect(outbox.params[7]).toBe(seedCorrelationId(c));
    expect(statements.every((s) => s.params.length <= MAX_BIND_PARAMETERS)).toBe(true);
  });

  it('skips a county that already has schools, and refuses an unknown county', async () => {
    const seeded = fakeManager({ schools: 12, teachers: 0 });
    const r = await loadCounty(seeded.ds, c);
    expect(r).toMatchObject({ loaded: false, existingSchools: 12, events: 0 });
    expect(seeded.statements.some((s) => s.sql.startsWith('INSERT'))).toBe(false);
    const unknown = fakeManager(undefined, false);
    await expect(loadCounty(unknown.ds, c)).rejects.toThrow(/not in staffing\.counties/);
  });
});

describe('parseSeedArgs', () => {
  it('defaults to Taishan, 6,000 teachers, seed 20261129, as of 2026-11-29', () => {
    expect(parseSeedArgs([])).toEqual({ county: 'taishan', teachers: 6000, seed: '20261129', asOf: '2026-11-29', skipCounty: false });
  });

  it('reads the flags and refuses bad ones', () => {
    expect(parseSeedArgs(['--county', 'kaiping', '--teachers', '2500', '--seed', '7', '--as-of', '2027-03-01', '--skip-county'])).toEqual({
      county: 'kaiping',
      teachers: 2500,
      seed: '7',
      asOf: '2027-03-01',
      skipCounty: true,
    });
    expect(() => parseSeedArgs(['--teachers', 'many'])).toThrow(/--teachers/);
    expect(() => parseSeedArgs(['--county', 'Kai Ping'])).toThrow(/--county/);
    expect(() => parseSeedArgs(['--as-of', '29/11/2026'])).toThrow(/--as-of/);
    expect(() => parseSeedArgs(['--bogus'])).toThrow();
  });
});
