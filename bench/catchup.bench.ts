import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { migrateService } from '@app/runtime';
import { recreateDatabase, ServiceProcess, type ServiceName } from '@app/testing';
import { generateCounty } from '../seeds/county-generator';
import { loadCounty } from '../seeds/load-county';
import { seedCounties } from '../seeds/seed';
import { catchUp } from '../tools/lag';
import { SERVICES } from '../tools/services';
import { BENCH_DATABASE_URL, startBenchKafka } from './support';

/**
 * bench:catchup — what a new user waits for after `npm start`: from the end of the seed (the seven counties
 * and the synthetic Taishan, ~32,000 events in staffing's outbox) until every service has published its
 * outbox and every read model holds every event. As `npm start` does it: the seed runs first, then the five
 * services start (each its own process) on a fresh database and a fresh private Kafka broker.
 * Target on this 2-core machine: < 20 s.
 */
async function main() {
  const url = BENCH_DATABASE_URL.replace(/\/([^/]+)$/, '/$1_catchup');
  await recreateDatabase(url);
  for (const def of SERVICES) await migrateService(def, url);
  const kafka = await startBenchKafka();
  const ds = new DataSource({ type: 'postgres', url, extra: { max: 4 } });
  await ds.initialize();
  const services = SERVICES.map(
    (def) => new ServiceProcess(def.name as ServiceName, () => ({ ...process.env, DATABASE_URL: url, KAFKA_BROKERS: kafka.brokers, LOG_LEVEL: 'warn', AUTH_JWKS_URL: '' })),
  );
  try {
    const s0 = performance.now();
    await seedCounties(ds);
    const county = generateCounty({ countyCode: 'taishan', seed: '20261129', teachers: 6000, asOf: '2026-11-29' });
    await loadCounty(ds, county);
    const seedEnd = performance.now();
    const [{ events }] = await ds.query(`SELECT count(*)::int AS events FROM staffing.outbox`);

    await Promise.all(services.map((s) => s.start()));
    const started = performance.now();
    const urls = Object.fromEntries(services.map((s) => [s.name, s.url]));
    // When each service was first seen with nothing to publish and nothing to apply: which one holds the rest up.
    const doneAt: Record<string, number> = {};
    // When staffing's relay was first seen to have published anything: its start-up apart from its rate.
    let relayFirstSeenAt: number | null = null;
    const seconds = await catchUp(
      600000,
      (r) => {
        const backlog = r.services.find((s) => s.name === 'staffing')?.backlog;
        if (relayFirstSeenAt === null && typeof backlog === 'number' && backlog < events) relayFirstSeenAt = +((performance.now() - started) / 1000).toFixed(1);
        // Until staffing has published its outbox, a consumer with no lag may simply not have been sent the rest yet.
        if (r.services.find((s) => s.name === 'staffing')?.backlog !== 0) return;
        for (const s of r.services) if (s.backlog === 0 && s.lag === 0 && doneAt[s.name] === undefined) doneAt[s.name] = +((performance.now() - started) / 1000).toFixed(1);
      },
      urls,
    );
    for (const s of services) doneAt[s.name] ??= +((performance.now() - started) / 1000).toFixed(1);
    const done = performance.now();
    if (seconds === null) throw new Error('the read models did not catch up within 10 minutes');

    const [c] = await ds.query(`SELECT
      (SELECT count(*)::int FROM staffing.teachers) AS "staffingTeachers", (SELECT count(*)::int FROM rotation.teachers) AS "rotationTeachers", (SELECT count(*)::int FROM scheduler.teachers) AS "schedulerTeachers",
      (SELECT count(*)::int FROM staffing.appointments) AS "staffingAppointments", (SELECT count(*)::int FROM rotation.appointments) AS "rotationAppointments", (SELECT count(*)::int FROM scheduler.appointments) AS "schedulerAppointments",
      (SELECT count(*)::int FROM training.teachers) AS "trainingTeachers", (SELECT count(*)::int FROM training.appointments) AS "trainingAppointments",
      (SELECT count(*)::int FROM staffing.schools) AS "staffingSchools", (SELECT count(*)::int FROM subsidies.schools) AS "subsidiesSchools", (SELECT count(*)::int FROM training.schools) AS "trainingSchools"`);
    const complete =
      c.rotationTeachers === c.staffingTeachers && c.schedulerTeachers === c.staffingTeachers && c.rotationAppointments === c.staffingAppointments &&
      c.schedulerAppointments === c.staffingAppointments && c.subsidiesSchools === c.staffingSchools && c.trainingSchools === c.staffingSchools &&
      c.trainingTeachers === c.staffingTeachers && c.trainingAppointments === c.staffingAppointments;
    const report = {
      seedSeconds: +((seedEnd - s0) / 1000).toFixed(2),
      eventsInOutbox: events,
      servicesStartSeconds: +((started - seedEnd) / 1000).toFixed(2),
      catchUpAfterStartSeconds: +((done - started) / 1000).toFixed(2),
      fromSeedEndSeconds: +((done - seedEnd) / 1000).toFixed(2),
      caughtUpSecondsAfterStartByService: doneAt,
      relayFirstPublishedSecondsAfterStart: relayFirstSeenAt,
      relayEventsPerSecond: relayFirstSeenAt !== null && doneAt.staffing > relayFirstSeenAt ? Math.round(events / (doneAt.staffing - relayFirstSeenAt)) : null,
      target: 'from the end of the seed until every read model holds the whole county: < 20 s',
      readModels: c,
      complete,
      load: os.loadavg().map((n) => +n.toFixed(2)),
    };
    console.log(JSON.stringify(report, null, 2));
    console.log(
      `catchup: ${events} events; every read model complete ${report.fromSeedEndSeconds} s after the seed (services up in ${report.servicesStartSeconds} s, then ${report.catchUpAfterStartSeconds} s) (target < 20 s)${complete ? '' : ' — COUNTS DIFFER'}`,
    );
    if (!complete) process.exitCode = 1;
  } finally {
    await Promise.all(services.map((s) => s.stop()));
    await ds.destroy();
    await kafka.stop();
  }
}

main().catch((err) => {
  console.error(`bench:catchup failed: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});
