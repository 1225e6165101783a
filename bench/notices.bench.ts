import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { DataSource } from 'typeorm';
import { MoveApprovedV2, PlanApproved, SchoolRegistered, TeacherContactChanged, TeacherRegistered, TeacherUpdated, validateEvent, type EventContract } from '@app/contracts';
import { createKafka, encodeBinary } from '@app/messaging';
import { migrateService } from '@app/runtime';
import { recreateDatabase, ServiceProcess, TestSmtpServer, waitFor } from '@app/testing';
import { noticesService } from '../apps/notices/src/notices.service';
import { BENCH_DATABASE_URL, startBenchKafka } from './support';

/**
 * bench:notices — a county's approved plan told to the people concerned (issue #13): BENCH_MOVES (700)
 * rotation.MoveApproved.v2 events of one plan, published as rotation's relay publishes them (one batch, keyed by
 * the plan), until every notice is in an inbox — the teacher's, the school left's and the school joined's:
 * 3 per move. The notices service runs as its own process on a fresh database and a private Kafka broker, with
 * a read model of BENCH_TEACHERS (10,000) teachers in 300 schools (contacts included, so each teacher notice
 * also gets an e-mail delivery, sent to an SMTP server in this process). Target on this 2-core machine: < 10 s
 * to the inbox. Also reported: the time until every e-mail was accepted, and a baseline measured in the same
 * run — the same number of events through the same service whose handler only upserts a teacher.
 * BENCH_DELIVERY_POLL_MS=600000 holds the e-mail poller back, to time the inbox alone.
 */
const MOVES = Number(process.env.BENCH_MOVES ?? 700);
const TEACHERS = Number(process.env.BENCH_TEACHERS ?? 10000);
const SCHOOLS = 300;
const COUNTY = 'kaiping';

async function main() {
  const url = BENCH_DATABASE_URL.replace(/\/([^/]+)$/, '/$1_notices');
  await recreateDatabase(url);
  await migrateService(noticesService, url);
  const kafka = await startBenchKafka();
  const smtp = await new TestSmtpServer().start();
  const ds = new DataSource({ type: 'postgres', url, extra: { max: 2 } });
  await ds.initialize();
  const producer = createKafka({ brokers: kafka.brokers.split(','), clientId: 'bench-notices' }, pino({ level: 'silent' })).producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const send = async <T>(contract: EventContract<T>, items: T[]) => {
    for (let i = 0; i < items.length; i += 1000) {
      const byTopic = items.slice(i, i + 1000).map((d) => {
        const data = validateEvent(contract, d);
        return encodeBinary({ specversion: '1.0', id: randomUUID(), source: '/bench', type: contract.type, time: new Date().toISOString() }, contract.aggregateId(data), data);
      });
      // A fresh broker may not have elected every partition's leader yet: retry until it has.
      for (let attempt = 1; ; attempt++) {
        try {
          await producer.send({ topic: contract.topic, acks: -1, messages: byTopic });
          break;
        } catch (err) {
          if (attempt >= 30) throw err;
          await new Promise((r) => setTimeout(r, 1000));
        }
      }
    }
  };
  const notices = new ServiceProcess('notices', () => ({
    ...process.env,
    DATABASE_URL: url,
    KAFKA_BROKERS: kafka.brokers,
    SMTP_URL: smtp.url,
    LOG_LEVEL: 'warn',
    AUTH_JWKS_URL: '',
    DELIVERY_POLL_MS: process.env.BENCH_DELIVERY_POLL_MS ?? '200',
    DELIVERY_BATCH_SIZE: '50',
  }));
  try {
    // The read model, as staffing's events build it.
    const schools = Array.from({ length: SCHOOLS }, (_, i) => ({ schoolId: randomUUID(), countyCode: COUNTY, code: `KP-B${i}`, name: `开平市第${i + 1}学校`, type: 'township_central' as const, districtCode: null, weak: false, smallScale: false, rural: true, remoteTier: 1 }));
    const teachers = Array.from({ length: TEACHERS }, (_, i) => ({
      teacherId: randomUUID(),
      countyCode: COUNTY,
      staffNo: `KPB${String(i).padStart(5, '0')}`,
      name: `教师${i}`,
      gender: 'female' as const,
      birthDate: '1985-01-01',
      firstServiceDate: '2008-09-01',
      subjects: [],
      title: null,
      backboneLevel: 'none' as const,
      category: 'teacher' as const,
    }));
    await send(SchoolRegistered, schools);
    await send(TeacherRegistered, teachers);
    await send(TeacherContactChanged, teachers.map((t, i) => ({ teacherId: t.teacherId, countyCode: COUNTY, email: `${t.staffNo.toLowerCase()}@example.edu.cn`, phone: null, language: i % 25 === 0 ? ('en' as const) : ('zh-CN' as const) })));
    await notices.start();
    const r0 = performance.now();
    await waitFor(async () => {
      const [r] = await ds.query(`SELECT (SELECT count(*)::int FROM notices.contacts) AS c, (SELECT count(*)::int FROM notices.schools) AS s`);
      return r.c === TEACHERS && r.s === SCHOOLS;
    }, 'the read model', 600_000, 200);
    const readModelSeconds = (performance.now() - r0) / 1000;

    // Baseline: as many events through the same consumer, each a plain upsert of the read model.
    const b0 = performance.now();
    const renamed = teachers.slice(0, MOVES).map((t) => ({ ...t, name: `${t.name}·` }));
    await send(TeacherUpdated, renamed);
    await waitFor(async () => (await ds.query(`SELECT count(*)::int AS n FROM notices.teachers WHERE name LIKE '%·'`))[0].n === MOVES, 'the baseline updates', 120_000, 20);
    const baselineSeconds = (performance.now() - b0) / 1000;

    // The plan: MOVES moves, each from one school to another, announced like rotation does on approval.
    const planId = randomUUID();
    const cycleId = randomUUID();
    const moves = Array.from({ length: MOVES }, (_, i) => ({
      planId,
      cycleId,
      countyCode: COUNTY,
      planMoves: MOVES,
      moveId: randomUUID(),
      teacherId: teachers[i].teacherId,
      fromSchoolId: schools[i % SCHOOLS].schoolId,
      toSchoolId: schools[(i * 7 + 1) % SCHOOLS].schoolId,
      toPostId: null,
      subject: null,
      kind: 'rotation' as const,
      role: 'teacher' as const,
      workloadShare: 1,
      effectiveDate: '2027-09-01',
      endDate: null,
      endsAppointmentIds: [],
    }));
    const expected = MOVES * 3;
    const t0 = performance.now();
    await send(PlanApproved, [{ cycleId, planId, countyCode: COUNTY, schoolYear: 2027, effectiveDate: '2027-09-01', moves: MOVES, approvedBy: 'bench' }]);
    await send(MoveApprovedV2, moves);
    const publishedMs = performance.now() - t0;
    await waitFor(async () => (await ds.query(`SELECT count(*)::int AS n FROM notices.notices WHERE kind LIKE 'move_approved%'`))[0].n === expected, 'every notice in an inbox', 300_000, 20);
    const inboxSeconds = (performance.now() - t0) / 1000;
    const mails = MOVES;
    if (!process.env.BENCH_DELIVERY_POLL_MS) await waitFor(async () => (await ds.query(`SELECT count(*)::int AS n FROM notices.deliveries WHERE status = 'sent'`))[0].n >= mails, 'every e-mail accepted', 600_000, 100);
    const mailSeconds = (performance.now() - t0) / 1000;
    const [check] = await ds.query(
      `SELECT count(DISTINCT (source_event_id, recipient_type, recipient_id))::int AS distinct, count(*)::int AS n,
              count(*) FILTER (WHERE language = 'en')::int AS english FROM notices.notices WHERE kind LIKE 'move_approved%'`,
    );
    const report = {
      teachers: TEACHERS,
      schools: SCHOOLS,
      moves: MOVES,
      notices: check.n,
      noticesInEnglish: check.english,
      duplicates: check.n - check.distinct,
      publishMs: Math.round(publishedMs),
      approvalToLastNoticeInInboxSeconds: +inboxSeconds.toFixed(2),
      target: `every notice of a ${MOVES}-move plan in an inbox: < 10 s`,
      approvalToLastMailAcceptedSeconds: +mailSeconds.toFixed(2),
      mailsAccepted: smtp.received.length,
      readModelCatchUpSeconds: +readModelSeconds.toFixed(1),
      baselineSameEventsPlainUpsertSeconds: +baselineSeconds.toFixed(2),
      ratioToBaseline: +(inboxSeconds / baselineSeconds).toFixed(2),
      load: os.loadavg().map((n) => +n.toFixed(2)),
      cpus: os.cpus().length,
    };
    console.log(JSON.stringify(report, null, 2));
    console.log(
      `notices: ${check.n} notices of a ${MOVES}-move plan in the inboxes ${report.approvalToLastNoticeInInboxSeconds} s after approval (target < 10 s; ${report.ratioToBaseline}× the same events as plain upserts), ${report.mailsAccepted} e-mails accepted after ${report.approvalToLastMailAcceptedSeconds} s; load ${report.load.join(' ')}`,
    );
    if (inboxSeconds >= 10 || report.duplicates > 0 || check.n !== expected) process.exitCode = 1;
  } finally {
    await notices.stop();
    await producer.disconnect();
    await ds.destroy();
    await smtp.close();
    await kafka.stop();
  }
}

main().catch((err) => {
  console.error(`bench:notices failed: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});
