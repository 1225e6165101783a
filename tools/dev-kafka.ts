import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureKafkaDistribution, KafkaCluster, kafkaVersion, RUN_DIR } from '@app/testing';
import { createTopics } from './topics';

/**
 * The development broker: Apache Kafka in KRaft mode with its data under .run/kafka, so stopping and
 * starting keeps topics, messages and committed offsets. Started by `npm start` when KAFKA_BROKERS is
 * unset; on its own with `npm run dev-broker`.
 *
 *   node dist/tools/dev-kafka.js [--nodes 3] [--port 9092]   start, create topics, run until SIGTERM (SIGINT too, unless --keep-on-sigint)
 *   node dist/tools/dev-kafka.js --wipe                      delete the broker's data (topics, messages, offsets)
 *
 * While running, `<dir>/brokers` holds the KAFKA_BROKERS value. A node that dies is restarted (with
 * back-off), as a supervisor would.
 */
const args = process.argv.slice(2);
const flag = (name: string) => args.includes(name);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const say = (line: string) => process.stderr.write(`dev-broker: ${line}\n`);

const dir = option('--dir', process.env.KAFKA_DEV_DIR ?? join(RUN_DIR, 'kafka'));
const nodes = Number(option('--nodes', process.env.KAFKA_DEV_NODES ?? '1'));
const basePort = Number(option('--port', process.env.KAFKA_DEV_PORT ?? '9092'));
const brokersFile = join(dir, 'brokers');

async function main(): Promise<void> {
  if (flag('--wipe')) {
    if (existsSync(brokersFile)) throw new Error(`the broker in ${dir} is running (${brokersFile} exists): stop it first`);
    rmSync(dir, { recursive: true, force: true });
    say(`wiped ${dir} (topics, messages and consumer offsets); read models in PostgreSQL are kept — drop the database too to start from nothing`);
    return;
  }
  if (![1, 3].includes(nodes)) throw new Error('--nodes must be 1 or 3');
  const version = kafkaVersion();
  if (!existsSync(join(RUN_DIR, 'kafka-dist', version, 'lib', '.complete'))) say(`resolving Apache Kafka ${version} with Maven (once; later starts reuse it)`);
  ensureKafkaDistribution(version);
  // Client ports 9092, 9094, 9096 and controller ports one above each: fixed, so tools find the broker.
  const ports = Array.from({ length: nodes }, (_, i) => basePort + 2 * i);
  const cluster = new KafkaCluster({ dir, nodes, ports, controllerPorts: ports.map((p) => p + 1) });
  const fresh = !existsSync(join(dir, 'cluster.json'));
  const started = Date.now();
  await cluster.start();
  const topics = await createTopics(cluster.brokers.split(','));
  writeFileSync(brokersFile, `${cluster.brokers}\n`);
  say(
    `Apache Kafka ${version} (KRaft, ${nodes} node${nodes > 1 ? 's' : ''}) at ${cluster.brokers} in ${((Date.now() - started) / 1000).toFixed(1)} s; ` +
      `data in ${dir}${fresh ? ' (new)' : ' (kept from the last run)'}; topics: ${topics.created.length} created, ${topics.updated.length} present`,
  );
  for (const w of topics.warnings) say(`warning: ${w}`);

  let stopping = false;
  const restarts = new Map<number, number>();
  cluster.onExit((node, code, signal) => {
    if (stopping) return;
    const n = (restarts.get(node) ?? 0) + 1;
    restarts.set(node, n);
    const delay = Math.min(30, 2 ** (n - 1));
    say(`node ${node} exited (${signal ?? `code ${code}`}); restarting it in ${delay} s (restart ${n}; log: ${join(dir, `node-${node}`, 'broker.log')})`);
    setTimeout(() => {
      if (!stopping) cluster.restart(node).then(() => say(`node ${node} is back`), (err) => say(`node ${node} did not come back: ${(err as Error).message}`));
    }, delay * 1000);
  });

  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`${signal}: stopping the broker (controlled shutdown)`);
    rmSync(brokersFile, { force: true });
    await cluster.stop();
    say('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  // `npm start` stops the broker itself after the services, which flush their outboxes to it first.
  if (flag('--keep-on-sigint')) process.on('SIGINT', () => undefined);
  else process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((err) => {
  rmSync(brokersFile, { force: true });
  say(`error: ${(err as Error).message}`);
  process.exit(1);
});
