import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { DataSource } from 'typeorm';
import { createKafka } from '@app/messaging';
import { bearer, KafkaCluster, mintTestToken, ServiceProcess, startPrivateRedis, startTcpProxy, type PrivateRedis, type ServiceName, type TcpProxy } from '@app/testing';
import { createTopics } from '../../tools/topics';

/**
 * The whole system as operators run it, for fault tests: a private Apache Kafka cluster (so killing it
 * disturbs nothing else), a private Redis, and each service as its own OS process (so SIGKILL is real),
 * all on the run's test database. Optionally the services reach PostgreSQL through a TCP proxy that can
 * drop every connection and refuse new ones for a while — a database restart as the services see it,
 * without restarting the server the rest of the test run shares.
 */
export class FaultSystem {
  cluster!: KafkaCluster;
  redis!: PrivateRedis;
  dbProxy: TcpProxy | null = null;
  db!: DataSource;
  readonly services = new Map<ServiceName, ServiceProcess>();
  private dir = '';

  constructor(private readonly opts: { names: ServiceName[]; proxiedDatabase?: ServiceName[] }) {}

  service(name: ServiceName): ServiceProcess {
    const s = this.services.get(name);
    if (!s) throw new Error(`${name} is not part of this system`);
    return s;
  }

  async start(): Promise<void> {
    this.dir = mkdtempSync(join(tmpdir(), 'faults-kafka-'));
    this.cluster = new KafkaCluster({ dir: this.dir, heapMb: 768 });
    await this.cluster.start();
    await createTopics(this.cluster.brokers.split(','));
    this.redis = await startPrivateRedis();
    const dbUrl = new URL(process.env.DATABASE_URL!);
    if (this.opts.proxiedDatabase?.length) this.dbProxy = await startTcpProxy(dbUrl.hostname, Number(dbUrl.port || 5432));
    this.db = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL!, extra: { max: 4 } });
    await this.db.initialize();
    for (const name of this.opts.names) {
      const proxied = this.opts.proxiedDatabase?.includes(name);
      this.services.set(
        name,
        new ServiceProcess(name, () => {
          const url = new URL(process.env.DATABASE_URL!);
          if (proxied) url.host = `127.0.0.1:${this.dbProxy!.port}`;
          return {
            ...process.env,
            DATABASE_URL: url.toString(),
            KAFKA_BROKERS: this.cluster.brokers,
            REDIS_URL: this.redis.url,
            LOG_LEVEL: 'warn',
            // A killed member's partitions are handed on after this long (Kafka's default is 45 s).
            KAFKA_SESSION_TIMEOUT_MS: '10000',
            KAFKA_HEARTBEAT_INTERVAL_MS: '1000',
            // A killed scheduler worker's job is taken over quickly.
            SCHEDULER_LOCK_DURATION_MS: '4000',
            SCHEDULER_STALLED_INTERVAL_MS: '2000',
          };
        }),
      );
    }
    for (const s of this.services.values()) await s.start();
  }

  async stop(): Promise<void> {
    for (const s of this.services.values()) await s.stop().catch(() => undefined);
    await this.cluster?.stop().catch(() => undefined);
    await this.redis?.destroy().catch(() => undefined);
    await this.dbProxy?.close().catch(() => undefined);
    if (this.db?.isInitialized) await this.db.destroy();
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
  }

  async count(sql: string, params: unknown[] = []): Promise<number> {
    const [{ n }] = await this.db.query(sql, params);
    return Number(n);
  }

  /** Messages in every dead-letter topic of the private cluster (a fault must not turn events into dead letters). */
  async deadLetters(): Promise<number> {
    const admin = createKafka({ brokers: this.cluster.brokers.split(','), clientId: 'faults' }, pino({ level: 'silent' })).admin();
    await admin.connect();
    try {
      const topics = (await admin.listTopics()).filter((t: string) => t.endsWith('.dlt'));
      let n = 0;
      for (const t of topics) for (const p of await admin.fetchTopicOffsets(t)) n += Number(p.high) - Number(p.low);
      return n;
    } finally {
      await admin.disconnect();
    }
  }
}

/** A county code of the test's own (lower-case letters only, as county codes are). */
export function countyCodeFor(prefix: string): string {
  return prefix + Array.from({ length: 6 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join('');
}

/** A county of the test's own, with an HR token for it. */
export async function faultCounty(db: DataSource, code: string): Promise<Record<string, string>> {
  await db.query(`INSERT INTO staffing.counties (code, name_zh, name_en) VALUES ($1, '故障测试县', 'Fault test') ON CONFLICT DO NOTHING`, [code]);
  return bearer(await mintTestToken({ role: 'county_hr', county: code }));
}

/** POST that retries while the service is down and counts a 409 on a retried create as done. */
export async function post(base: () => string, path: string, headers: Record<string, string>, body: unknown): Promise<any> {
  for (let attempt = 1; ; attempt++) {
    try {
      const r = await fetch(`${base()}${path}`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const json = (await r.json().catch(() => ({}))) as Record<string, unknown>;
      if (r.status === 201 || r.status === 200 || r.status === 202) return json;
      // Another officer's write to the same post won the race: reload and try again, as the message says.
      if (r.status === 409 && json.code === 'STAFFING.STALE_VERSION') throw new Error('stale version');
      if (r.status === 409 && attempt > 1) return { retriedAfterCommit: true, ...json };
      if (r.status >= 500 || r.status === 503) throw new Error(`${r.status} ${JSON.stringify(json)}`);
      throw Object.assign(new Error(`${path} answered ${r.status}: ${JSON.stringify(json)}`), { final: true });
    } catch (err) {
      if ((err as { final?: boolean }).final || attempt > 600) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

export const tmpDirFor = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));
