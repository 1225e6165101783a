import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { consumerGroupLag, createKafka, ensureTopics } from '@app/messaging';
import { KafkaCluster } from './kafka-cluster';
import { waitFor } from './wait-for';

/**
 * The development broker keeps what it holds across a stop and a start (what `npm start` twice in a row
 * relies on): topics, messages and a consumer group's committed offsets; and a second start on a folder
 * whose broker still runs is refused with a sentence instead of corrupting it.
 */
describe('development broker (Apache Kafka, KRaft) on its data folder', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kafka-cluster-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps topics, messages and committed offsets across a stop and a start', async () => {
    const cluster = new KafkaCluster({ dir, heapMb: 512 });
    await cluster.start();
    const kafka = () => createKafka({ brokers: cluster.brokers.split(','), clientId: 'persistence' }, pino({ level: 'silent' }));
    const topic = 'persistence.check';
    const created = await ensureTopics(kafka(), [{ name: topic, partitions: 2, replicationFactor: 3, config: { 'retention.ms': '-1', 'min.insync.replicas': '2' } }]);
    // One broker: replication and min.insync.replicas are capped at 1.
    expect(created).toMatchObject({ brokers: 1, created: [topic] });
    const producer = kafka().producer();
    await producer.connect();
    await producer.send({ topic, acks: -1, messages: Array.from({ length: 10 }, (_, i) => ({ key: `k${i % 3}`, value: `m${i}` })) });
    await producer.disconnect();
    const seen: string[] = [];
    const consumer = kafka().consumer({ groupId: 'persistence', maxWaitTimeInMs: 200 });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void seen.push(String(message.value)) });
    await waitFor(() => seen.length === 10, 'the ten messages');
    await consumer.disconnect(); // commits
    await cluster.stop();

    const again = new KafkaCluster({ dir, heapMb: 512 });
    await again.start();
    try {
      const second = await ensureTopics(kafka(), [{ name: topic, partitions: 2, replicationFactor: 1, config: { 'retention.ms': '-1' } }]);
      expect(second).toMatchObject({ created: [], updated: [topic] });
      const admin = kafka().admin();
      await admin.connect();
      const lag = await consumerGroupLag(admin, 'persistence', [topic]);
      const offsets = await admin.fetchTopicOffsets(topic);
      await admin.disconnect();
      // The messages are there, and the group resumes after the last one it committed: nothing behind.
      expect(offsets.reduce((n, p) => n + Number(p.high), 0)).toBe(10);
      expect(lag.reduce((n, p) => n + p.lag, 0)).toBe(0);
      expect(lag.reduce((n, p) => n + p.position, 0)).toBe(10);
      await expect(new KafkaCluster({ dir, heapMb: 512 }).start()).rejects.toThrow(/already in use/);
    } finally {
      await again.stop();
    }
  }, 180000);
});
