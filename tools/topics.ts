import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import pino from 'pino';
import { createKafka, ensureTopics, type TopicSpec } from '@app/messaging';
import { ConfigError, kafkaBrokerList, parseKafkaBrokers } from '@app/platform';

/**
 * Creates the topics of deploy/topics.json (every event topic and its dead-letter topic, with their
 * retention) and keeps existing topics' configs in step — the one way topics are made, for the development
 * broker, the tests and production (docker-compose's kafka-init runs this file from the service image).
 *
 *   node dist/tools/topics.js [--max-replication N]       KAFKA_BROKERS names the cluster
 */
export const TOPICS_FILE = findUp(join('deploy', 'topics.json'));

/** deploy/topics.json above this file, whether it runs from tools/ (tests) or dist/tools/ (scripts, the image). */
function findUp(relative: string): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    if (existsSync(join(dir, relative))) return join(dir, relative);
    if (dirname(dir) === dir) throw new Error(`no ${relative} above ${__dirname}`);
  }
}

export function topicSpecs(file = TOPICS_FILE): TopicSpec[] {
  const doc = JSON.parse(readFileSync(file, 'utf8')) as { topics: TopicSpec[] };
  return doc.topics.map(({ name, partitions, replicationFactor, config }) => ({ name, partitions, replicationFactor, config }));
}

export async function createTopics(brokers: string[], maxReplicationFactor?: number) {
  const kafka = createKafka({ brokers, clientId: 'topics' }, pino({ level: 'silent' }));
  return ensureTopics(kafka, topicSpecs(), { maxReplicationFactor });
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const i = args.indexOf('--max-replication');
  const max = i >= 0 ? Number(args[i + 1]) : undefined;
  let brokers: string[];
  try {
    brokers = kafkaBrokerList({ KAFKA_BROKERS: parseKafkaBrokers(process.env) });
  } catch (err) {
    process.stderr.write(`topics: ${err instanceof ConfigError ? err.message : String(err)}\n`);
    process.exit(1);
  }
  createTopics(brokers, Number.isInteger(max) && max! > 0 ? max : undefined).then(
    (r) => {
      for (const w of r.warnings) process.stderr.write(`topics: warning: ${w}\n`);
      process.stderr.write(`topics: ${r.created.length} created, ${r.updated.length} already present (configs applied), ${r.warnings.length} warning(s); ${r.brokers} broker(s) at ${brokers.join(',')}\n`);
    },
    (err) => {
      process.stderr.write(`topics: could not create topics at ${brokers.join(',')}: ${(err as Error).message}\n`);
      process.exit(1);
    },
  );
}
