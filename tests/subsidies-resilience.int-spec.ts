import { DataSource } from 'typeorm';
import { MonthAccrued, MonthClosed } from '@app/contracts';
import { publishEvent, startServiceProcess, waitFor, type ServiceProcessHandle as ServiceProcess } from '@app/testing';
import { SqlLedgerFacts } from '../apps/subsidies/src/ledger/infrastructure/ledger-facts.sql';
import { accrueCounty } from '../apps/subsidies/src/ledger/domain/accrual';
import { monthOf } from '../apps/subsidies/src/ledger/domain/calendar';
import { SqlSchemeRepository } from '../apps/subsidies/src/scheme/infrastructure/scheme.repository.sql';
import { seedExampleSchemes } from '../apps/subsidies/src/scheme/application/publish-scheme-version.use-case';
import { generateCounty } from '../seeds/county-generator';
import { clearSubsidiesCounty, loadSubsidiesReadModel } from '../seeds/subsidies-read-model';
import { daysIn, monthsAgo } from './support/subsidies-fixture';

/**
 * The subsidies service killed (SIGKILL) in the middle of a month's accrual — while its transaction holds the
 * county's lock — leaves nothing behind; restarted, it receives the uncommitted MonthClosed again and the
 * retry writes the month once: every line the rules give, no duplicates, one MonthAccrued. The county
 * (10,000 teachers) goes straight into the read model with SQL, as the benchmark does.
 */
const COUNTY = 'heshan';

describe('subsidies accrual survives a kill in the middle', () => {
  let ds: DataSource;
  const processes: ServiceProcess[] = [];

  const lockHeld = async () =>
    (
      await ds.query(
        `SELECT 1 FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
          WHERE l.locktype = 'advisory' AND l.granted AND l.mode = 'ExclusiveLock' AND a.datname = current_database() AND a.application_name = 'subsidies'
            AND l.classid::bigint = ((hashtext($1)::bigint >> 32) & 4294967295) AND l.objid::bigint = (hashtext($1)::bigint & 4294967295)`,
        [`subsidies.county:${COUNTY}`],
      )
    ).length > 0;
  const written = async (month: string) => {
    const [row] = await ds.query(
      `SELECT (SELECT count(*)::int FROM subsidies.ledger_lines WHERE county_code = $1 AND month = $2) AS lines,
              (SELECT count(*)::int FROM subsidies.accruals WHERE county_code = $1 AND month = $2) AS accruals,
              (SELECT count(*)::int FROM subsidies.outbox WHERE type = $3 AND payload->>'countyCode' = $1 AND payload->>'month' = $2) AS events`,
      [COUNTY, month, MonthAccrued.type],
    );
    return row as { lines: number; accruals: number; events: number };
  };
  const close = (month: string) => publishEvent(process.env.KAFKA_BROKERS!, MonthClosed, { countyCode: COUNTY, month, firstDay: `${month}-01`, lastDay: `${month}-${daysIn(month)}` });

  beforeAll(async () => {
    ds = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL, extra: { max: 3 } });
    await ds.initialize();
    const data = generateCounty({ countyCode: COUNTY, seed: 'subsidies-resilience', teachers: 10000, asOf: '2026-11-29' });
    await ds.transaction(async (m) => {
      await clearSubsidiesCounty(m, COUNTY);
      await m.query(`DELETE FROM subsidies.scheme_versions WHERE county_code = $1`, [COUNTY]);
      await seedExampleSchemes(m, [COUNTY]);
      await loadSubsidiesReadModel(m, data);
    });
    await ds.query(`ANALYZE subsidies.appointments; ANALYZE subsidies.establishments; ANALYZE subsidies.absences`);
  }, 120000);

  afterAll(async () => {
    for (const p of processes) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    await ds.transaction((m) => clearSubsidiesCounty(m, COUNTY));
    await ds.destroy();
  });

  it('writes nothing when killed mid-accrual, and the redelivered close writes the month exactly once', async () => {
    // A kill can only land "in the middle" while the lock is held; if the close wins the race, try the month before.
    let month: string | null = null;
    for (let back = 1; back <= 3 && month === null; back++) {
      const candidate = monthsAgo(back);
      const first = await startServiceProcess('subsidies');
      processes.push(first);
      await close(candidate);
      await waitFor(lockHeld, `the accrual of ${candidate} to start`, 60000, 5);
      first.child.kill('SIGKILL');
      await first.exited;
      if ((await written(candidate)).accruals === 0) month = candidate;
    }
    if (month === null) throw new Error('every accrual finished before it could be killed');
    expect(await written(month)).toEqual({ lines: 0, accruals: 0, events: 0 });

    const second = await startServiceProcess('subsidies');
    processes.push(second);
    await waitFor(async () => (await written(month!)).accruals === 1, `the retried accrual of ${month}`, 90000, 100);

    // Exactly what the rules give for the county's facts, once.
    const mo = monthOf(month);
    const expected = await ds.transaction(async (m) =>
      accrueCounty(await new SqlLedgerFacts().countyTeachers(m, COUNTY, mo), mo, await new SqlLedgerFacts().schools(m, COUNTY), await new SqlSchemeRepository().versions(m, COUNTY)),
    );
    const [totals] = await ds.query(`SELECT count(*)::int AS lines, coalesce(sum(amount_fen), 0)::float8 AS total FROM subsidies.ledger_lines WHERE county_code = $1 AND month = $2`, [COUNTY, month]);
    expect(totals).toEqual({ lines: expected.lines.length, total: expected.lines.reduce((s, l) => s + l.amountFen, 0) });
    expect(expected.lines.length).toBeGreaterThan(1000);
    const [dupes] = await ds.query(
      `SELECT count(*)::int AS n FROM (SELECT 1 FROM subsidies.ledger_lines WHERE county_code = $1 AND month = $2 AND kind = 'accrual' GROUP BY teacher_id, school_id HAVING count(*) > 1) d`,
      [COUNTY, month],
    );
    expect(dupes.n).toBe(0);
    await waitFor(async () => (await written(month!)).events === 1, 'one MonthAccrued', 10000);
    expect(await written(month)).toEqual({ lines: expected.lines.length, accruals: 1, events: 1 });
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  }, 240000);
});
