import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { MessagingHarness, sequencedSchool, waitFor } from '@app/testing';
import { BENCH_DATABASE_URL, ensureDatabase, percentile } from './support';

/**
 * bench:events — state changes through outbox → relay → Apache Kafka → idempotent batch consumer.
 * Phase 0: the bare outbox insert rate: the same writers with no relay and no consumer (the baseline of
 *          this machine, measured in the same run; its backlog is then drained and not counted).
 * Phase 1: as many state changes as the writers can commit while relay and consumer run; sustained
 *          end-to-end throughput, and its ratio to phase 0.
 * Phase 2: a steady 500 state changes/s; commit-to-applied latency percentiles.
 * Uses its own database (BENCH_DATABASE_URL, default jiangmen_bench) and a private Kafka broker
 * (or KAFKA_BROKERS).
 */
const THROUGHPUT_EVENTS = Number(process.env.BENCH_EVENTS ?? 20000);
const STEADY_RATE = Number(process.env.BENCH_RATE ?? 500);
const STEADY_SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const AGGREGATES = 500;
const BATCH = process.env.BENCH_BATCH !== '0';
// Kafka answers a fetch as soon as data is there; the wait only bounds an idle poll.
const MAX_WAIT_MS = Number(process.env.KAFKA_MAX_WAIT_MS ?? 1000);

async function main() {
  const url = BENCH_DATABASE_URL;
  await ensureDatabase(url);
  const h = new MessagingHarness(url, process.env.KAFKA_BROKERS);
  await h.start({ partitions: 12, pollMs: 20, batchSize: 500, poolSize: 16, privateBroker: !process.env.KAFKA_BROKERS });
  await h.ds.query(`CREATE TABLE ${h.schema}.schools (id uuid PRIMARY KEY, seq int NOT NULL)`);

  const committedAt = new Map<string, number>();
  const latencies: number[] = [];
  let applied = 0;
  const aggregates = Array.from({ length: AGGREGATES }, () => randomUUID());
  const seqs = new Map<string, number>();
  /** One state change: upsert the aggregate's row and add its event to the outbox, in one transaction. */
  async function change(count: number, track: boolean) {
    const events = Array.from({ length: count }, () => {
      const agg = aggregates[Math.floor(Math.random() * AGGREGATES)];
      const seq = (seqs.get(agg) ?? 0) + 1;
      seqs.set(agg, seq);
      return sequencedSchool(agg, seq);
    });
    // Lock rows in one order across writers, as any multi-row use case should, to avoid deadlocks.
    events.sort((a, b) => (a.schoolId < b.schoolId ? -1 : 1));
    const ids = await h.ds.transaction(async (m) => {
      for (const e of events) {
        await m.query(`INSERT INTO ${h.schema}.schools (id, seq) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET seq = EXCLUDED.seq`, [e.schoolId, Number(e.name.slice(4))]);
      }
      return h.outbox.addAll(m, events.map((data) => ({ contract: h.contract, data })));
    });
    if (track) {
      const now = performance.now();
      for (const id of ids) committedAt.set(id, now);
    }
  }
  /** 4 writers committing 10 state changes per transaction, until `total` are written; returns the seconds. */
  async function writeAll(total: number): Promise<number> {
    const t = performance.now();
    let written = 0;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (written < total) {
          const n = Math.min(10, total - written);
          written += n;
          await change(n, false);
        }
      }),
    );
    return (performance.now() - t) / 1000;
  }

  // Phase 0: the bare outbox insert rate of this machine (no relay, no consumer yet).
  const insertSeconds = await writeAll(THROUGHPUT_EVENTS);
  const insertRate = THROUGHPUT_EVENTS / insertSeconds;

  await h.startConsumer({
    // The read models apply runs of one event type with one multi-row statement (@EventBatchPattern);
    // BENCH_BATCH=0 measures the one-statement-per-event handlers instead.
    batch: BATCH,
    concurrency: 6,
    maxWaitTimeMs: MAX_WAIT_MS,
    onApplied: (e) => {
      applied++;
      const t = committedAt.get(e.id);
      if (t !== undefined) {
        latencies.push(performance.now() - t);
        committedAt.delete(e.id);
      }
    },
  });
  h.relay.start();

  // Phase 0's backlog drains (the consumer joins its group meanwhile); it is not counted.
  const d0 = performance.now();
  await waitFor(() => applied >= THROUGHPUT_EVENTS, 'phase 0 backlog', 300000, 10);
  const drainSeconds = (performance.now() - d0) / 1000;

  // Phase 1: sustained throughput, 4 writers committing 10 state changes per transaction.
  const base = applied;
  const t0 = performance.now();
  const commitSeconds = await writeAll(THROUGHPUT_EVENTS);
  await waitFor(() => applied - base >= THROUGHPUT_EVENTS, 'phase 1 events', 300000, 10);
  const t1 = performance.now();
  const throughput = THROUGHPUT_EVENTS / ((t1 - t0) / 1000);

  // Phase 2: a steady rate, one state change (one event) per transaction, spread over 10 ms ticks.
  const perTick = STEADY_RATE / 100;
  const ticks = STEADY_SECONDS * 100;
  const steadyBase = applied;
  const start = performance.now();
  const inflight: Promise<void>[] = [];
  for (let i = 0; i < ticks; i++) {
    const due = start + i * 10;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    for (let k = 0; k < perTick; k++) inflight.push(change(1, true));
  }
  await Promise.all(inflight);
  await waitFor(() => applied - steadyBase >= ticks * perTick, 'phase 2 events', 120000, 10);
  const offered = (ticks * perTick) / ((performance.now() - start) / 1000);
  latencies.sort((a, b) => a - b);

  const mb = (n: number) => Math.round(n / 1024 / 1024);
  const report = {
    baseline: {
      outboxInsertsPerSecond: Math.round(insertRate),
      note: 'the same writers with no relay or consumer running, in this run',
      backlogDrainEventsPerSecond: Math.round(THROUGHPUT_EVENTS / drainSeconds),
    },
    throughput: {
      events: THROUGHPUT_EVENTS,
      commitSeconds: +commitSeconds.toFixed(2),
      endToEndSeconds: +((t1 - t0) / 1000).toFixed(2),
      eventsPerSecond: Math.round(throughput),
      ratioToOutboxInsertRate: +(throughput / insertRate).toFixed(2),
      target: '>= 5000 events/s',
    },
    steady: {
      rate: STEADY_RATE,
      seconds: STEADY_SECONDS,
      achievedRate: Math.round(offered),
      samples: latencies.length,
      p50ms: +percentile(latencies, 50).toFixed(1),
      p95ms: +percentile(latencies, 95).toFixed(1),
      p99ms: +percentile(latencies, 99).toFixed(1),
      maxMs: +latencies[latencies.length - 1].toFixed(1),
      target: 'p99 < 150 ms',
      consumerMaxWaitMs: MAX_WAIT_MS,
    },
    handlers: BATCH ? 'batch (one multi-row statement per run of events)' : 'one statement per event',
    peakRssMB: mb(process.resourceUsage().maxRSS * 1024),
  };
  console.log(JSON.stringify(report, null, 2));
  console.log(
    `events: ${report.throughput.eventsPerSecond} events/s sustained end to end (target >= 5000), ${report.throughput.ratioToOutboxInsertRate} × the bare outbox insert rate of ${report.baseline.outboxInsertsPerSecond}/s; ` +
      `${BATCH ? 'batch handler' : 'per-event handler'}; at ${report.steady.achievedRate}/s p50 ${report.steady.p50ms} ms, p95 ${report.steady.p95ms} ms, p99 ${report.steady.p99ms} ms (target p99 < 150 ms); load ${loadAverage()}`,
  );
  await h.stop();
}

function loadAverage(): string {
  return os.loadavg().map((n) => n.toFixed(2)).join(' ');
}

main().catch((err) => {
  console.error(`bench:events failed: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});
