import { Catch, type RpcExceptionFilter } from '@nestjs/common';
import { Server, type CustomTransportStrategy } from '@nestjs/microservices';
import type { Consumer, EachMessagePayload, Kafka, Producer } from 'kafkajs';
import { lastValueFrom, throwError, type Observable } from 'rxjs';
import type { DataSource, EntityManager } from 'typeorm';
import type { Logger } from 'pino';
import { contractForType, deadLetterTopic, EventValidationError, validateEvent } from '@app/contracts';
import { runWithCorrelation } from '@app/platform';
import { decodeBinary, MalformedMessageError } from './cloudevents';
import { quoteIdent } from './messaging.schema';

/** What a handler receives as its payload: the validated data plus the CloudEvents attributes. */
export interface ReceivedEvent<T = unknown> {
  id: string;
  type: string;
  source: string;
  time: string;
  subject?: string;
  correlationId: string;
  data: T;
}

/** What a handler receives as its context: the transaction its effect must be written in. */
export class EventContext {
  constructor(
    readonly manager: EntityManager,
    readonly topic: string,
    readonly partition: number,
    readonly offset: string,
    readonly attempt: number,
  ) {}
}

/** Thrown by a handler when retrying cannot help (the event can never be applied): dead-letter at once. */
export class PermanentEventError extends Error {}

export interface EventConsumerOptions {
  kafka: Kafka;
  dataSource: DataSource;
  logger: Logger;
  /** consumer group id, also the `consumer` column of processed_messages */
  groupId: string;
  schema: string;
  topics: string[];
  sessionTimeoutMs: number;
  heartbeatIntervalMs: number;
  maxWaitTimeMs: number;
  partitionsConsumedConcurrently: number;
  maxAttempts: number;
  retryBackoffMs: number;
  onOutcome?: (type: string, outcome: 'applied' | 'duplicate' | 'ignored' | 'dead_lettered') => void;
  onDeadLetter?: (topic: string, reason: string) => void;
}

/**
 * Nest transport strategy for our Kafka events. Nest's own Kafka transport treats any handler error as
 * retriable, so one poison message would block its partition forever; this one:
 *  - decodes CloudEvents binary messages and validates the payload against its contract;
 *  - runs the handler in one database transaction together with the processed_messages row, so a
 *    redelivered event changes nothing;
 *  - retries a failing handler a capped number of times, then sends the message to `<topic>.dlt`
 *    with the error; non-JSON or schema-invalid messages go there at once; and always goes on.
 */
export class EventConsumerServer extends Server implements CustomTransportStrategy {
  private consumer: Consumer | null = null;
  private dltProducer: Producer | null = null;
  private closing = false;
  private readonly inboxTable: string;

  constructor(private readonly options: EventConsumerOptions) {
    super();
    this.inboxTable = `${quoteIdent(options.schema)}.processed_messages`;
  }

  on(): never {
    throw new Error('EventConsumerServer does not support event listeners');
  }

  unwrap<T>(): T {
    return this.consumer as T;
  }

  async listen(callback: (err?: unknown) => void): Promise<void> {
    try {
      await this.start();
      callback();
    } catch (err) {
      callback(err);
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    // disconnect() waits for the message in flight, then commits its offset and leaves the group.
    await this.consumer?.disconnect().catch(() => undefined);
    await this.dltProducer?.disconnect().catch(() => undefined);
    this.consumer = null;
    this.dltProducer = null;
  }

  private async start(): Promise<void> {
    const o = this.options;
    this.dltProducer = o.kafka.producer({ allowAutoTopicCreation: true });
    await this.dltProducer.connect();
    if (o.topics.length === 0) return;
    this.consumer = o.kafka.consumer({
      groupId: o.groupId,
      sessionTimeout: o.sessionTimeoutMs,
      heartbeatInterval: o.heartbeatIntervalMs,
      maxWaitTimeInMs: o.maxWaitTimeMs,
      allowAutoTopicCreation: true,
    });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: o.topics, fromBeginning: true });
    await this.consumer.run({
      partitionsConsumedConcurrently: o.partitionsConsumedConcurrently,
      eachMessage: (payload) => this.handleMessage(payload),
    });
  }

  private async handleMessage({ topic, partition, message }: EachMessagePayload): Promise<void> {
    const o = this.options;
    let decoded: ReturnType<typeof decodeBinary>;
    try {
      decoded = decodeBinary(message);
    } catch (err) {
      const reason = err instanceof MalformedMessageError ? err.reason : 'undecodable';
      return this.deadLetter(topic, partition, message, reason, err, 'unknown');
    }
    const { attributes } = decoded;
    return runWithCorrelation(attributes.correlationid ?? attributes.id, async () => {
      const handler = this.getHandlerByPattern(attributes.type);
      if (!handler) {
        // Another consumer's event on a shared topic, or a version this service does not read.
        o.onOutcome?.(attributes.type, 'ignored');
        return;
      }
      const contract = contractForType(attributes.type);
      if (!contract) {
        return this.deadLetter(topic, partition, message, 'unknown_contract', new Error(`no contract for ${attributes.type}`), attributes.type);
      }
      let data: unknown;
      try {
        data = validateEvent(contract, decoded.data);
      } catch (err) {
        if (err instanceof EventValidationError) return this.deadLetter(topic, partition, message, 'schema', err, attributes.type);
        throw err;
      }
      const event: ReceivedEvent = {
        id: attributes.id,
        type: attributes.type,
        source: attributes.source,
        time: attributes.time,
        subject: attributes.subject,
        correlationId: attributes.correlationid ?? attributes.id,
        data,
      };
      for (let attempt = 1; ; attempt++) {
        try {
          const applied = await o.dataSource.transaction(async (manager) => {
            const inserted = await manager.query(
              `INSERT INTO ${this.inboxTable} (consumer, event_id, event_type) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING event_id`,
              [o.groupId, event.id, event.type],
            );
            if (inserted.length === 0) return false;
            const ctx = new EventContext(manager, topic, partition, message.offset, attempt);
            const result = await handler(event, ctx);
            await lastValueFrom(this.transformToObservable(result), { defaultValue: undefined });
            return true;
          });
          o.onOutcome?.(event.type, applied ? 'applied' : 'duplicate');
          return;
        } catch (err) {
          const permanent = err instanceof PermanentEventError;
          if (permanent || attempt >= o.maxAttempts || this.closing) {
            if (this.closing && !permanent && attempt < o.maxAttempts) throw err; // leave it uncommitted for the next run
            return this.deadLetter(topic, partition, message, permanent ? 'rejected' : 'handler_failed', err, event.type, attempt);
          }
          o.logger.warn({ err: String(err), eventId: event.id, type: event.type, attempt }, 'event handler failed; retrying');
          await new Promise((r) => setTimeout(r, o.retryBackoffMs * 2 ** (attempt - 1)));
        }
      }
    });
  }

  private async deadLetter(
    topic: string,
    partition: number,
    message: EachMessagePayload['message'],
    reason: string,
    err: unknown,
    type: string,
    attempts = 0,
  ): Promise<void> {
    const o = this.options;
    const error = err instanceof Error ? err.message : String(err);
    o.logger.error({ topic, partition, offset: message.offset, reason, error, type, attempts }, 'message dead-lettered');
    const headers: Record<string, string | Buffer> = {};
    for (const [k, v] of Object.entries(message.headers ?? {})) {
      if (v !== undefined) headers[k] = Array.isArray(v) ? v[0] : v;
    }
    Object.assign(headers, {
      dlt_reason: reason,
      dlt_error: error.slice(0, 2000),
      dlt_original_topic: topic,
      dlt_original_partition: String(partition),
      dlt_original_offset: message.offset,
      dlt_consumer: o.groupId,
      dlt_attempts: String(attempts),
      dlt_time: new Date().toISOString(),
    });
    // The offset is committed only once the dead letter is safely stored; while the broker refuses
    // it, keep trying (the consumer is stuck on this message only as long as Kafka itself is down).
    for (let tries = 1; ; tries++) {
      try {
        await this.dltProducer!.send({ topic: deadLetterTopic(topic), acks: -1, messages: [{ key: message.key, value: message.value, headers }] });
        break;
      } catch (sendErr) {
        if (this.closing) throw sendErr;
        o.logger.warn({ err: String(sendErr), tries }, 'cannot write to dead-letter topic yet; retrying');
        await new Promise((r) => setTimeout(r, Math.min(5000, 200 * tries)));
      }
    }
    o.onDeadLetter?.(topic, reason);
    o.onOutcome?.(type, 'dead_lettered');
  }
}

/**
 * Nest's default RPC exception filter replaces an unknown error by "Internal server error"; this
 * one passes the error through so the consumer can retry it and record the real reason.
 */
@Catch()
export class PassThroughRpcFilter implements RpcExceptionFilter {
  catch(exception: unknown): Observable<never> {
    return throwError(() => exception);
  }
}
