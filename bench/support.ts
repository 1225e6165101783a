import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { EntityManager } from 'typeorm';
import { createDataSource, migrateService, type ServiceDefinition } from '@app/runtime';
import { KafkaCluster } from '@app/testing';
import { generateCounty, type GeneratedCounty } from '../seeds/county-generator';
import { createTopics } from '../tools/topics';

/** Shared by the benchmarks: each uses its own database (BENCH_DATABASE_URL, default jiangmen_bench). */
export const BENCH_DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/jiangmen_bench';

export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

import { ensureDatabase } from '@app/testing';

export { ensureDatabase };

/** A private Apache Kafka broker for one benchmark (its own folder, deleted at stop), with every topic. */
export async function startBenchKafka(): Promise<{ brokers: string; cluster?: KafkaCluster; stop(): Promise<void> }> {
  if (process.env.KAFKA_BROKERS) {
    await createTopics(process.env.KAFKA_BROKERS.split(','));
    return { brokers: process.env.KAFKA_BROKERS, stop: async () => undefined };
  }
  const dir = mkdtempSync(join(tmpdir(), 'bench-kafka-'));
  const cluster = new KafkaCluster({ dir });
  await cluster.start();
  await createTopics(cluster.brokers.split(','));
  return {
    brokers: cluster.brokers,
    cluster,
    async stop() {
      await cluster.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Deletes one county's staffing rows, children first, and the outbox rows of its earlier seeded loads.
 * The foreign keys that point at appointments, teachers, posts and schools (corrects_id, superseded_by,
 * moves.appointment_id, appointments.teacher_id …) have no plain index, so PostgreSQL checks each deleted
 * row with a sequential scan: ~12 s for 10,000 teachers. Every referencing row is deleted here too, so when
 * the role may (superuser) the checks are skipped for this transaction only (session_replication_role).
 */
export async function deleteCounty(m: EntityManager, county: string): Promise<number> {
  const [role] = await m.query(`SELECT rolsuper FROM pg_roles WHERE rolname = current_user`);
  if (role?.rolsuper) await m.query(`SET LOCAL session_replication_role = replica`);
  const teachers = `SELECT id FROM staffing.teachers WHERE county_code = $1`;
  const schools = `SELECT id FROM staffing.schools WHERE county_code = $1`;
  const appointments = `SELECT id FROM staffing.appointments WHERE teacher_id IN (${teachers}) OR school_id IN (${schools})`;
  const statements = [
    `DELETE FROM staffing.moves WHERE teacher_id IN (${teachers}) OR appointment_id IN (${appointments})`,
    `DELETE FROM staffing.establishment_entries WHERE teacher_id IN (${teachers})`,
    `DELETE FROM staffing.absences WHERE teacher_id IN (${teachers})`,
    `DELETE FROM staffing.appointments WHERE id IN (${appointments})`,
    `DELETE FROM staffing.post_quotas WHERE post_id IN (SELECT id FROM staffing.posts WHERE school_id IN (${schools}))`,
    `DELETE FROM staffing.posts WHERE school_id IN (${schools})`,
    `DELETE FROM staffing.teachers WHERE county_code = $1`,
    `DELETE FROM staffing.schools WHERE county_code = $1`,
    `DELETE FROM staffing.districts WHERE county_code = $1`,
  ];
  let rows = 0;
  for (const sql of statements) {
    const res = await m.query(sql, [county]);
    rows += Array.isArray(res) && typeof res[1] === 'number' ? res[1] : 0;
  }
  const outbox = await m.query(`DELETE FROM staffing.outbox WHERE correlation_id LIKE $1`, [`seed:${county}:%`]);
  return rows + (Array.isArray(outbox) && typeof outbox[1] === 'number' ? outbox[1] : 0);
}


/**
 * Runs a benchmark file again as its own process (`node <file> <mode>`), so the peak RSS it reports is the
 * measured part's alone; returns the JSON of the last line it printed.
 */
export async function measureInChild<T>(file: string, mode: string): Promise<T> {
  const child = spawn(process.execPath, [...process.execArgv, file, mode], { env: process.env, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`the ${mode} process exited with ${code}`);
  return JSON.parse(out.trim().split('\n').pop()!) as T;
}

/** A benchmark's entry: `main` (which starts the measured part with measureInChild), or in the child `mode`, `measured`; a failure exits 1 with one line. */
export function runBenchmark(name: string, mode: string, main: () => Promise<void>, measured: () => Promise<void>): void {
  const child = process.argv[2] === mode;
  (child ? measured : main)().catch((err) => {
    console.error(`${name}${child ? ` ${mode}` : ''} failed: ${err instanceof Error ? (child ? err.stack : err.message) : err}`);
    process.exit(1);
  });
}

/**
 * Loads generated counties into one service's read model in the benchmark database (migrated first), one
 * transaction per county (`load` clears the county's earlier rows and writes the new ones), then ANALYZEs
 * `analyze` and prints one line. Returns the totals.
 */
export async function loadGeneratedCounties(
  name: string,
  def: ServiceDefinition,
  o: { counties: readonly string[]; teachers: number; seedPrefix: string; asOf: string; analyze: readonly string[] },
  load: (m: EntityManager, data: GeneratedCounty) => Promise<{ teachers: number; appointments: number }>,
): Promise<{ teachers: number; appointments: number }> {
  await ensureDatabase(BENCH_DATABASE_URL);
  const applied = await migrateService(def, BENCH_DATABASE_URL);
  const ds = createDataSource(def, BENCH_DATABASE_URL, 2);
  await ds.initialize();
  try {
    const t0 = performance.now();
    const totals = { teachers: 0, appointments: 0 };
    for (const [i, county] of o.counties.entries()) {
      const data = generateCounty({ countyCode: county, seed: `${o.seedPrefix}-${i}`, teachers: o.teachers, asOf: o.asOf });
      const n = await ds.transaction((m) => load(m, data));
      totals.teachers += n.teachers;
      totals.appointments += n.appointments;
    }
    await ds.query(o.analyze.map((t) => `ANALYZE ${t}`).join('; '));
    console.log(
      `${name} — database ${new URL(BENCH_DATABASE_URL).pathname.slice(1)}${applied.length ? ` (migrated: ${applied.join(', ')})` : ''}; ` +
        `loaded ${o.counties.length} counties (${o.counties.join(', ')}): ${totals.teachers} teachers, ${totals.appointments} appointments in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    return totals;
  } finally {
    await ds.destroy();
  }
}
