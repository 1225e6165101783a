import { ConfigResourceTypes, type Admin, type Kafka } from 'kafkajs';

/** One topic as deploy/topics.json describes it (the production settings). */
export interface TopicSpec {
  name: string;
  partitions: number;
  replicationFactor: number;
  config: Record<string, string>;
}

export interface EnsureTopicsResult {
  brokers: number;
  created: string[];
  updated: string[];
  warnings: string[];
}

/**
 * Creates the topics that are missing and brings the configs of existing ones in step — the same code for
 * development, tests and production (`node dist/tools/topics.js`). Replication is capped by the number of
 * brokers (a single development broker gets factor 1, min.insync.replicas 1); partition counts are never
 * changed on an existing topic, because growing one moves keys to other partitions: that is a warning.
 */
export async function ensureTopics(kafka: Kafka, specs: readonly TopicSpec[], opts: { maxReplicationFactor?: number; timeoutMs?: number } = {}): Promise<EnsureTopicsResult> {
  const admin = kafka.admin();
  await connectWithin(admin, opts.timeoutMs ?? 60000);
  try {
    const brokers = await brokerCount(admin, opts.timeoutMs ?? 60000);
    const existing = new Set(await admin.listTopics());
    const result: EnsureTopicsResult = { brokers, created: [], updated: [], warnings: [] };
    const effective = specs.map((s) => {
      const rf = Math.max(1, Math.min(s.replicationFactor, brokers, opts.maxReplicationFactor ?? Number.MAX_SAFE_INTEGER));
      const config = { ...s.config };
      if (config['min.insync.replicas']) config['min.insync.replicas'] = String(Math.min(Number(config['min.insync.replicas']), rf));
      return { ...s, replicationFactor: rf, config };
    });
    const missing = effective.filter((s) => !existing.has(s.name));
    if (missing.length > 0) {
      await admin.createTopics({
        // Leaders are awaited below with our own deadline: kafkajs gives up after its few retries, which a
        // loaded machine's freshly started broker can take longer than.
        waitForLeaders: false,
        topics: missing.map((s) => ({
          topic: s.name,
          numPartitions: s.partitions,
          replicationFactor: s.replicationFactor,
          configEntries: Object.entries(s.config).map(([name, value]) => ({ name, value })),
        })),
      });
      result.created.push(...missing.map((s) => s.name));
      await leadersElected(admin, missing.map((s) => s.name), opts.timeoutMs ?? 60000);
    }
    const present = effective.filter((s) => existing.has(s.name));
    if (present.length > 0) {
      const { topics } = await admin.fetchTopicMetadata({ topics: present.map((s) => s.name) });
      const partitions = new Map(topics.map((t) => [t.name, t.partitions.length]));
      for (const s of present) {
        const have = partitions.get(s.name);
        if (have !== s.partitions) {
          result.warnings.push(`${s.name} has ${have} partitions, deploy/topics.json says ${s.partitions} (not changed: partition counts only grow, and growing moves keys)`);
        }
      }
      await admin.alterConfigs({
        validateOnly: false,
        resources: present.map((s) => ({
          type: ConfigResourceTypes.TOPIC,
          name: s.name,
          configEntries: Object.entries(s.config).map(([name, value]) => ({ name, value })),
        })),
      });
      result.updated.push(...present.map((s) => s.name));
    }
    return result;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

async function connectWithin(admin: Admin, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await admin.connect();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

/** Waits until every partition of the topics has a leader (they can be produced to). */
async function leadersElected(admin: Admin, topics: string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const { topics: meta } = await admin.fetchTopicMetadata({ topics });
      if (meta.length === topics.length && meta.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0))) return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
    }
    if (Date.now() > deadline) throw new Error(`no leader elected for ${topics.join(', ')} within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Brokers answering metadata; retried while a freshly started cluster elects its controller. */
async function brokerCount(admin: Admin, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const { brokers } = await admin.describeCluster();
      if (brokers.length > 0) return brokers.length;
    } catch (err) {
      if (Date.now() > deadline) throw err;
    }
    if (Date.now() > deadline) throw new Error('no Kafka broker registered in time');
    await new Promise((r) => setTimeout(r, 300));
  }
}

/** How far one consumer group is behind on one partition: the end of the log minus what it has committed. */
export interface PartitionLag {
  topic: string;
  partition: number;
  /** the log end offset (next offset to be written) */
  end: number;
  /** the next offset the group will read (its committed offset, or the log start when it has none) */
  position: number;
  lag: number;
}

/**
 * Lag of a consumer group, from Kafka itself (committed offsets and high watermarks), so any process can
 * ask — the service that consumes, or an operator's CLI while the service is down. The consumer commits
 * after every applied batch, so this is at most one batch more than the truth, never less.
 */
export async function consumerGroupLag(admin: Admin, groupId: string, topics: readonly string[]): Promise<PartitionLag[]> {
  if (topics.length === 0) return [];
  const [committed, ends] = await Promise.all([
    admin.fetchOffsets({ groupId, topics: [...topics] }),
    Promise.all(topics.map(async (topic) => ({ topic, offsets: await admin.fetchTopicOffsets(topic) }))),
  ]);
  const position = new Map<string, number>();
  for (const t of committed) for (const p of t.partitions) position.set(`${t.topic}/${p.partition}`, Number(p.offset));
  const lags: PartitionLag[] = [];
  for (const { topic, offsets } of ends) {
    for (const o of offsets) {
      const end = Number(o.high);
      const committedOffset = position.get(`${topic}/${o.partition}`) ?? -1;
      const start = committedOffset >= 0 ? committedOffset : Number(o.low);
      lags.push({ topic, partition: o.partition, end, position: start, lag: Math.max(0, end - start) });
    }
  }
  return lags.sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
}
