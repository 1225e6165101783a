import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { DataSource, type EntityManager } from 'typeorm';
import { AppointmentEnded, TeacherAppointed, TeacherRegistered, TOPICS, validateEvent, type EventData } from '@app/contracts';
import { batchPattern, EventContext, Outbox, planSteps, type ReceivedEvent } from '@app/messaging';
import { generateCounty } from '../seeds/county-generator';
import { buildCountyEvents } from '../seeds/load-county';
import { ReadModelHandler as RotationReadModel } from '../apps/rotation/src/read-model/interface/read-model.handler';
import { RotationReadModelStore } from '../apps/rotation/src/read-model/infrastructure/read-model.store';
import { SchoolEventsHandler as RotationSchools } from '../apps/rotation/src/schools/interface/school-events.handler';
import { PlanningSchoolStore } from '../apps/rotation/src/schools/infrastructure/planning-school.store';
import { StaffingEventsHandler as SchedulerStaffing } from '../apps/scheduler/src/read-model/interface/staffing-events.handler';
import { ReadModelStore as SchedulerStore } from '../apps/scheduler/src/read-model/infrastructure/read-model.store';
import { StaffingEventsHandler as TrainingStaffing } from '../apps/training/src/teachers/interface/staffing-events.handler';
import { SqlTeacherDirectory } from '../apps/training/src/teachers/infrastructure/teacher-directory.sql';
import { StaffingEventsHandler as NoticesStaffing } from '../apps/notices/src/directory/interface/staffing-events.handler';
import { SqlDirectory } from '../apps/notices/src/directory/infrastructure/directory.sql';
import { StaffingEventsHandler as SubsidiesStaffing } from '../apps/subsidies/src/read-model/interface/staffing-events.handler';
import { IngestFacts } from '../apps/subsidies/src/read-model/application/ingest-facts.service';
import { ReadModelStore as SubsidiesStore } from '../apps/subsidies/src/read-model/infrastructure/read-model.store';
import { SqlLedgerRepository } from '../apps/subsidies/src/ledger/infrastructure/ledger.repository.sql';
import { SqlLedgerFacts } from '../apps/subsidies/src/ledger/infrastructure/ledger-facts.sql';
import { SqlSchemeRepository } from '../apps/subsidies/src/scheme/infrastructure/scheme.repository.sql';
import { RecomputeLedger } from '../apps/subsidies/src/ledger/application/recompute.service';

type Handler = (payload: unknown, ctx: EventContext) => unknown;
interface Delivered {
  event: ReceivedEvent;
  key: string;
  topic: string;
}

/** The controllers' event routes, as Nest registers them with the consumer (per-event and batch). */
function routes(controllers: object[]): Map<string, Handler> {
  const map = new Map<string, Handler>();
  for (const c of controllers) {
    const proto = Object.getPrototypeOf(c);
    for (const name of Object.getOwnPropertyNames(proto)) {
      const method = proto[name];
      const patterns: string[] | undefined = typeof method === 'function' ? Reflect.getMetadata('microservices:pattern', method) : undefined;
      for (const p of patterns ?? []) map.set(p, method.bind(c));
    }
  }
  return map;
}

/** One topic's events one at a time through the per-event handlers, as the fallback does. */
async function oneAtATime(m: EntityManager, handlers: Map<string, Handler>, events: Delivered[]) {
  for (const d of events) {
    const h = handlers.get(d.event.type);
    if (h) await h(d.event, new EventContext(m, d.topic, 0, '0', 1));
  }
}

/** As the consumer applies a topic: chunks of 500, runs of batch-handled types to their batch handlers. */
async function asBatches(m: EntityManager, handlers: Map<string, Handler>, events: Delivered[]): Promise<{ batched: number; batchable: number }> {
  let batched = 0;
  const batchable = events.filter((d) => handlers.has(batchPattern(d.event.type))).length;
  for (let i = 0; i < events.length; i += 500) {
    const chunk = events.slice(i, i + 500).filter((d) => handlers.has(d.event.type));
    for (const step of planSteps(chunk, { typeOf: (d) => d.event.type, keyOf: (d) => d.key, batchable: (t) => handlers.has(batchPattern(t)) })) {
      const ctx = new EventContext(m, chunk[0].topic, 0, '0', 1);
      if (step.kind === 'one') await handlers.get(step.item.event.type)!(step.item.event, ctx);
      else {
        batched += step.items.length;
        await handlers.get(batchPattern(step.type))!(
          step.items.map((d) => d.event),
          ctx,
        );
      }
    }
  }
  return { batched, batchable };
}

/**
 * Every row of the schema's tables that belongs to the county (by county_code, else teacher_id), without
 * what differs between two runs by nature: timestamps and generated ids.
 */
async function snapshot(m: EntityManager, schema: string, county: string, teacherIds: string[]): Promise<Record<string, unknown[]>> {
  const columns: { table_name: string; column_name: string; data_type: string; column_default: string | null }[] = await m.query(
    `SELECT table_name, column_name, data_type, column_default FROM information_schema.columns WHERE table_schema = $1 ORDER BY table_name, ordinal_position`,
    [schema],
  );
  const tables = new Map<string, typeof columns>();
  for (const c of columns) tables.set(c.table_name, [...(tables.get(c.table_name) ?? []), c]);
  const out: Record<string, unknown[]> = {};
  for (const [table, cols] of tables) {
    if (table === 'outbox' || table === 'processed_messages') continue;
    const names = cols.map((c) => c.column_name);
    const where = names.includes('county_code') ? `county_code = $1` : names.includes('teacher_id') ? `teacher_id = ANY($1::uuid[])` : null;
    if (!where) continue;
    const kept = cols.filter((c) => !c.data_type.startsWith('timestamp') && !/^(nextval|gen_random_uuid)/.test(c.column_default ?? '')).map((c) => `"${c.column_name}"`);
    const rows = await m.query(`SELECT ${kept.join(', ')} FROM ${schema}."${table}" WHERE ${where} ORDER BY ${kept.join(', ')}`, where.startsWith('county') ? [county] : [teacherIds]);
    if (rows.length > 0) out[table] = rows.map((r: Record<string, unknown>) => JSON.parse(JSON.stringify(r)));
  }
  return out;
}

/**
 * Each read model's batch handlers against its per-event handlers, on a generated county's whole history
 * (what a catch-up is made of) plus redeliveries under new ids and corrections of one row twice in a run:
 * both ways leave the same rows. Each way runs in a transaction that is rolled back.
 */
describe('read-model batch handlers give the same read model as the per-event handlers', () => {
  let ds: DataSource;
  const county = 'pibatch';
  const data = generateCounty({ countyCode: county, seed: randomUUID(), teachers: 500, asOf: '2026-11-29' });
  const teacherIds = data.teachers.map((t) => t.id);
  const events: Delivered[] = [];
  // Validated as the consumer validates what it receives.
  const deliver = (contract: Parameters<typeof validateEvent>[0] & { type: string; topic: string; aggregateId(d: never): string }, payload: unknown) =>
    events.push({
      event: { id: randomUUID(), type: contract.type, source: '/jiangmen/staffing', time: '2026-11-29T08:00:00.000Z', correlationId: 'test', data: validateEvent(contract, payload) },
      key: contract.aggregateId(payload as never),
      topic: contract.topic,
    });
  for (const e of buildCountyEvents(data)) deliver(e.contract as never, e.data);
  // A relay republishing after a crash (new ids), a teacher corrected twice, an end moved twice, an end of an appointment never seen.
  const appointed = events.filter((d) => d.event.type === TeacherAppointed.type).slice(0, 40);
  for (const d of appointed) deliver(TeacherAppointed, d.event.data);
  const teacher = events.find((d) => d.event.type === TeacherRegistered.type)!.event.data as EventData<typeof TeacherRegistered>;
  deliver(TeacherRegistered, { ...teacher, name: '改名一' });
  deliver(TeacherRegistered, { ...teacher, name: '改名二', staffNo: undefined });
  const first = appointed[0].event.data as EventData<typeof TeacherAppointed>;
  deliver(AppointmentEnded, { appointmentId: first.appointmentId, teacherId: first.teacherId, endDate: '2026-08-31', reason: 'test', schoolId: first.schoolId, moveId: null });
  deliver(AppointmentEnded, { appointmentId: first.appointmentId, teacherId: first.teacherId, endDate: '2026-07-31', reason: 'test', schoolId: first.schoolId, moveId: null });
  deliver(AppointmentEnded, { appointmentId: randomUUID(), teacherId: first.teacherId, endDate: '2026-07-31', reason: 'test', schoolId: first.schoolId, moveId: null });
  const byTopic = new Map<string, Delivered[]>();
  for (const d of events) byTopic.set(d.topic, [...(byTopic.get(d.topic) ?? []), d]);
  // Schools first, as the services would usually have them (the topics are independent all the same).
  const topics = [...byTopic.keys()].sort((a, b) => Number(b === 'staffing.schools') - Number(a === 'staffing.schools'));

  beforeAll(async () => {
    ds = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL, extra: { max: 2 } });
    await ds.initialize();
    expect(Object.keys(TOPICS)).toEqual(expect.arrayContaining(topics));
  });
  afterAll(async () => ds.destroy());

  const subsidies = () => {
    const ledger = new SqlLedgerRepository();
    const recompute = new RecomputeLedger(ledger, new SqlLedgerFacts(), new SqlSchemeRepository(), new Outbox('subsidies'));
    return [new SubsidiesStaffing(new IngestFacts(new SubsidiesStore(), ledger, recompute), pino({ level: 'silent' }))];
  };
  const services: [string, () => object[], ((m: EntityManager) => Promise<void>)?][] = [
    ['rotation', () => [new RotationReadModel(new RotationReadModelStore()), new RotationSchools(new PlanningSchoolStore())]],
    ['scheduler', () => [new SchedulerStaffing(new SchedulerStore())]],
    ['training', () => [new TrainingStaffing(new SqlTeacherDirectory())]],
    ['notices', () => [new NoticesStaffing(new SqlDirectory())]],
    ['subsidies', subsidies],
    // With a month already accrued, facts reaching into it are recomputed event by event (their adjustments).
    [
      'subsidies',
      subsidies,
      (m) =>
        m.query(
          `INSERT INTO subsidies.accruals (county_code, month, teachers, paid_teachers, lines, total_fen, scheme_versions, exceptions, trigger) VALUES ($1, '2026-10', 0, 0, 0, 0, '{}', 0, 'test')`,
          [county],
        ),
    ],
  ];

  it.each(services.map(([name, make, before], i) => [`${name}${before ? ' (a month accrued)' : ''}`, i, make, before] as const))('%s', async (_name, i, make, before) => {
    const schema = services[i][0];
    const run = async (batches: boolean) => {
      const handlers = routes(make());
      let snap: Record<string, unknown[]> = {};
      let batched = 0;
      let batchable = 0;
      await ds
        .transaction(async (m) => {
          await before?.(m);
          for (const topic of topics) {
            if (batches) {
              const counts = await asBatches(m, handlers, byTopic.get(topic)!);
              batched += counts.batched;
              batchable += counts.batchable;
            }
            else await oneAtATime(m, handlers, byTopic.get(topic)!);
          }
          snap = await snapshot(m, schema, county, teacherIds);
          throw new RolledBack();
        })
        .catch((err) => {
          if (!(err instanceof RolledBack)) throw err;
        });
      return { snap, batched, batchable };
    };
    const one = await run(false);
    const batch = await run(true);
    // Nearly every event of a batch-handled type went through a batch handler (a lone one goes one at a time).
    expect(batch.batchable).toBeGreaterThan(events.length / 3);
    expect(batch.batched).toBeGreaterThan(batch.batchable * 0.8);
    expect(Object.keys(one.snap).length).toBeGreaterThan(0);
    expect(batch.snap).toEqual(one.snap);
  }, 180000);
});

class RolledBack extends Error {}
