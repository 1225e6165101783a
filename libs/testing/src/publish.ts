import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { validateEvent, type EventContract } from '@app/contracts';
import { createKafka, encodeBinary } from '@app/messaging';

/** Publishes one event as another service would (validated, CloudEvents binary mode); returns its id. */
export async function publishEvent<T>(brokers: string, contract: EventContract<T>, data: T, id: string = randomUUID()): Promise<string> {
  const payload = validateEvent(contract, data);
  const kafka = createKafka({ brokers: brokers.split(','), clientId: 'test-publisher' }, pino({ level: 'silent' }));
  const producer = kafka.producer({ allowAutoTopicCreation: true });
  await producer.connect();
  try {
    const record = encodeBinary({ specversion: '1.0', id, source: '/test', type: contract.type, time: new Date().toISOString() }, contract.aggregateId(payload), payload);
    await producer.send({ topic: contract.topic, acks: -1, messages: [record] });
  } finally {
    await producer.disconnect();
  }
  return id;
}
