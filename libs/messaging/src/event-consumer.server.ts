import { Catch, type RpcExceptionFilter } from '@nestjs/common';
import { Server, type CustomTransportStrategy } from '@nestjs/microservices';
import { Partitioners, type Consumer, type EachBatchPayload, type Kafka, type Producer } from 'kafkajs';
import { lastValueFrom, throwError, type Observable } from 'rxjs';
import type { DataSource, EntityManager } from 'typeorm';
import type { Logger } from 'pino';
import { contractForType, deadLetterTopic, EventValidationError, validateEvent } from '@app/contracts';
import { DomainError, runWithCorrelation } from '@app/platform';
import { planSteps } from './batch-plan';
import { decodeBinary, MalformedMessageError } from './cloudevents';
import { batchPattern } from './event-batch-pattern';
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
  /** events applied in one database transaction (a partition's fetched batch is cut into such chunks) */
  maxBatchEvents?: number;
  /** a batch still at work after this long is detached so the other partitions go on (default 200 ms) */
  detachAfterMs?: number;
  onOutcome?: (type: string, outcome: 'applied' | 'duplicate' | 'ignored' | 'dead_lettered', count?: number) => void;
  onDeadLetter?: (topic: string, reason: string) => void;
}

type KafkaMessage = EachBatchPayload['batch']['messages'][number];
type Handler = NonNullable<ReturnType<Server['getHandlerByPattern']>>;

/** A message that decoded, validated and has a handler: ready to apply. */
interface Applicable {
  message: KafkaMessage;
  /** the message key (aggregate id): the unit of order */
  key: string | null;
  event: ReceivedEvent;
  handler: Handler;
}

/** A handler threw; `item` is the event whose handler it was, null for a batch handler (no one event to blame). */
class HandlerFailed extends Error {
  constructor(
    readonly item: Applicable | null,
    override readonly cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

/**
 * Nest transport strategy for our Kafka events. Nest's own Kafka transport treats any handler error as
 * retriable, so one poison message would block its partition forever; this one:
 *  - decodes CloudEvents binary messages and validates the payload against its contract;
 *  - applies a partition's batch of events in one database transaction together with their
 *    processed_messages rows, in partition order, so a redelivered event changes nothing and a read model
 *    keeps up with a whole county's history (kafkajs eachBatch);
 *  - applies runs of one event type with that type's batch handler (`@EventBatchPattern`), if it has one,
 *    in per-key order (see planSteps), so a catch-up costs a few statements per chunk, not one per event;
 *  - when anything in a batch fails, rolls the batch back and applies its events one at a time, so only
 *    the poison event is retried (a capped number of times) and then sent to `<topic>.dlt` with the error;
 *    non-JSON or schema-invalid messages, PermanentEventError and domain errors (a rule's verdict, unless
 *    the error says it is retriable) go there at once; and always goes on.
 * Offsets are committed after the transaction that applied them, so a crash redelivers, never skips.
 */
export class EventConsumerServer extends Server implements CustomTransportStrategy {
  private consumer: Consumer | null = null;
  private dltProducer: Producer | null = null;
  private closing = false;
  /** the consumer's start (group join) in the background; close() waits for it to settle */
  private running: Promise<void> = Promise.resolve();
  /** batches still being applied after their eachBatch returned, by topic/partition (see handleBatch) */
  private readonly detached = new Map<string, Promise<void>>();
  /**
   * Handlers by event type, looked up once: Nest's lookup JSON-parses the pattern and catches the throw on
   * every message, which the CPU profiles of a catch-up showed as the consumers' largest single cost.
   * Handlers are all registered before the consumer starts.
   */
  private readonly handlers = new Map<string, Handler | null>();
  /** batch handlers by event type (see EventBatchPattern), looked up once like the handlers */
  private readonly batchHandlers = new Map<string, Handler | null>();
  private readonly inboxTable: string;
  private readonly maxBatchEvents: number;
  private readonly slots: Semaphore;

  constructor(private readonly options: EventConsumerOptions) {
    super();
    this.slots = new Semaphore(options.partitionsConsumedConcurrently);
    this.inboxTable = `${quoteIdent(options.schema)}.processed_messages`;
    this.maxBatchEvents = options.maxBatchEvents ?? 500;
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
    // One deadline for the whole close (about a session timeout), so a service's stop stays bounded
    // whatever phase is slow; past it the broker expires the member's session by itself.
    const deadline = Date.now() + this.options.sessionTimeoutMs + 5000;
    const bound = () => Math.max(0, deadline - Date.now());
    // Detached batches stop at their next chunk boundary (committed so far); then disconnect() waits for
    // the batch in flight, commits what it resolved, and leaves the group. A chunk of a large backlog can
    // outlast a stop's patience: past the bound it is abandoned — its transaction rolls back when the
    // connections close, nothing of it is committed, and the next run gets it again.
    if (!(await within(Promise.allSettled([...this.detached.values()]), bound()))) {
      this.options.logger.warn({ batches: this.detached.size }, 'a detached batch was still at work when the service stopped; it is redelivered on the next start');
    }
    // kafkajs orphans a runner whose consumer is disconnected while run() is still joining the group:
    // stop() finds it not yet running and drops it, and when the join completes it starts fetching and
    // heartbeating with nobody left to stop it (seen as a consumer outliving its test file). So let the
    // join settle first — it lasts at most about a session timeout — and only then disconnect; batches
    // fetched meanwhile are left unresolved (closing), so the next run gets them again.
    if (!(await within(this.running, bound()))) this.options.logger.warn('the consumer was still joining its group when the service stopped');
    const consumer = this.consumer;
    if (consumer && !(await within(consumer.disconnect().catch(() => undefined), Math.max(bound(), 3000)))) {
      this.options.logger.warn('the consumer did not leave its group in time; its session expires on the broker');
    }
    await within(this.dltProducer?.disconnect().catch(() => undefined) ?? Promise.resolve(), Math.max(bound(), 2000));
    this.consumer = null;
    this.dltProducer = null;
  }

  private async start(): Promise<void> {
    const o = this.options;
    this.dltProducer = o.kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner, retry: { retries: 5, initialRetryTime: 100, maxRetryTime: 2000 } });
    await this.dltProducer.connect();
    // The one-at-a-time fallback of a failed batch needs the per-event handler of every batch-handled type.
    const prefix = batchPattern('');
    for (const pattern of this.getHandlers().keys()) {
      const type = pattern.slice(prefix.length);
      if (pattern.startsWith(prefix) && !this.getHandlerByPattern(type)) {
        throw new Error(`${type} has a batch handler but no per-event handler (@EventPattern) to fall back on`);
      }
    }
    if (o.topics.length === 0) return;
    await this.startConsumer();
  }

  /**
   * kafkajs restarts a consumer that crashed on a retriable error by itself; one that crashed on an error
   * it deems final (the group coordinator gone while joining, say, when the broker dies at start-up) it
   * leaves stopped, with the service still answering HTTP. Such a consumer is replaced by a new one, with
   * back-off, until the broker is back: a read model never stops following its topics while the service runs.
   */
  private async startConsumer(): Promise<void> {
    const o = this.options;
    const consumer = o.kafka.consumer({
      groupId: o.groupId,
      sessionTimeout: o.sessionTimeoutMs,
      heartbeatInterval: o.heartbeatIntervalMs,
      maxWaitTimeInMs: o.maxWaitTimeMs,
      allowAutoTopicCreation: false,
      retry: {
        initialRetryTime: 300,
        maxRetryTime: 5000,
        retries: 8,
        // Never restart one we are closing: its crash is our own disconnect.
        restartOnFailure: async (err) => {
          if (this.closing) return false;
          o.logger.warn({ err: String(err) }, 'consumer crashed; kafkajs restarts it');
          return true;
        },
      },
    });
    this.consumer = consumer;
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (payload.restart || this.closing || this.consumer !== consumer) return;
      o.logger.error({ err: String(payload.error) }, 'consumer stopped on an error kafkajs does not retry; starting a new one');
      this.replaceConsumer(consumer, 1);
    });
    await consumer.connect();
    await consumer.subscribe({ topics: o.topics, fromBeginning: true });
    if (this.closing) {
      // close() came while we connected: it saw no run() to wait for, so this consumer is ours to end.
      await consumer.disconnect().catch(() => undefined);
      return;
    }
    // Not awaited: run() resolves only once the group is joined, which after a crash waits out the dead
    // member's session (up to KAFKA_SESSION_TIMEOUT_MS). The service answers HTTP meanwhile and reports
    // its lag.
    this.running = consumer
      .run({
        partitionsConsumedConcurrently: o.partitionsConsumedConcurrently,
        eachBatchAutoResolve: false,
        // Commit what the chunks resolved at least every second while a long batch is worked through
        // (and always at the end of a batch), so lag and a restart's redeliveries stay small.
        autoCommitInterval: 1000,
        eachBatch: (payload) => this.handleBatch(payload),
      })
      .catch((err) => {
        if (this.closing || this.consumer !== consumer) return;
        o.logger.error({ err: String(err) }, 'consumer could not start; starting a new one');
        this.replaceConsumer(consumer, 1);
      });
  }

  private replaceConsumer(old: Consumer, attempt: number): void {
    const delay = Math.min(30000, 500 * 2 ** (attempt - 1));
    setTimeout(async () => {
      if (this.closing || this.consumer !== old) return;
      await old.disconnect().catch(() => undefined);
      try {
        await this.startConsumer();
      } catch (err) {
        // startConsumer made the consumer that could not connect the current one: replace that one next.
        this.options.logger.warn({ err: String(err), attempt }, 'cannot start a new consumer yet; retrying');
        if (this.consumer) this.replaceConsumer(this.consumer, attempt + 1);
      }
    }, delay).unref();
  }

  /**
   * kafkajs fetches every partition of a broker in one loop and waits for all batches of a fetch before
   * the next one, so one slow partition (a large plan applied in one transaction, a slow query) would hold
   * up all the others. A batch still at work after `detachAfterMs` is therefore detached: its partition
   * is paused, the batch goes on in the background, and the fetch loop serves the other partitions; when
   * the batch is done its offsets are committed and the partition resumes where it stopped.
   */
  private async handleBatch(payload: EachBatchPayload): Promise<void> {
    const { topic, partition } = payload.batch;
    const key = `${topic}/${partition}`;
    if (this.detached.has(key)) {
      // Fetched before the pause took effect: not resolved, so it is fetched again after the resume.
      payload.pause();
      return;
    }
    // At most partitionsConsumedConcurrently batches at work, detached ones included: each holds a
    // database connection, and the service's HTTP requests need the rest of the pool.
    const release = await this.slots.acquire();
    const work = this.workThrough(payload).finally(release);
    let timer: NodeJS.Timeout | undefined;
    const slow = new Promise<'slow'>((resolve) => {
      timer = setTimeout(() => resolve('slow'), this.options.detachAfterMs ?? 200);
    });
    const first = await Promise.race([work.then(() => 'done' as const), slow]).finally(() => clearTimeout(timer));
    if (first === 'done') return;
    const resume = payload.pause();
    const detached = work
      .catch((err) => this.options.logger.warn({ err: String(err), topic, partition }, 'detached batch stopped; its partition resumes from the last committed event'))
      .finally(() => {
        this.detached.delete(key);
        resume();
      });
    this.detached.set(key, detached);
  }

  /** Applies a batch chunk by chunk, resolving and committing after each; stops when the partition is no longer ours. */
  private async workThrough(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    let next: string | null = null;
    for (let i = 0; i < batch.messages.length; i += this.maxBatchEvents) {
      if (this.closing || !payload.isRunning() || payload.isStale()) break;
      const chunk = batch.messages.slice(i, i + this.maxBatchEvents);
      try {
        await this.applyChunk(batch.topic, batch.partition, chunk, () => payload.heartbeat());
      } catch (err) {
        if (err instanceof Closing) return; // rolled back, unresolved: the next run applies it
        throw err;
      }
      const last = chunk[chunk.length - 1].offset;
      next = (BigInt(last) + 1n).toString();
      try {
        payload.resolveOffset(last);
        await payload.commitOffsetsIfNecessary();
      } catch (err) {
        // The partition moved to another member in a rebalance: it resumes from the last commit there,
        // and the inbox makes anything applied here since then a duplicate.
        this.options.logger.info({ err: String(err), topic: batch.topic, partition: batch.partition }, 'stopped a batch after a rebalance');
        return;
      }
    }
    if (next !== null) {
      await payload
        .commitOffsetsIfNecessary({ topics: [{ topic: batch.topic, partitions: [{ partition: batch.partition, offset: next }] }] })
        .catch((err) => this.options.logger.info({ err: String(err) }, 'could not commit after a batch; the next member deduplicates'));
    }
  }

  /** Sorts a chunk's messages into applicable events, dead letters and other consumers' events; applies. */
  private async applyChunk(topic: string, partition: number, messages: KafkaMessage[], heartbeat: () => Promise<void>): Promise<void> {
    const o = this.options;
    const applicable: Applicable[] = [];
    const ignored = new Map<string, number>();
    for (const message of messages) {
      let decoded: ReturnType<typeof decodeBinary>;
      try {
        decoded = decodeBinary(message);
      } catch (err) {
        const reason = err instanceof MalformedMessageError ? err.reason : 'undecodable';
        await this.deadLetter(topic, partition, message, reason, err, 'unknown');
        continue;
      }
      const { attributes } = decoded;
      let handler = this.handlers.get(attributes.type);
      if (handler === undefined) {
        handler = this.getHandlerByPattern(attributes.type) ?? null;
        this.handlers.set(attributes.type, handler);
      }
      if (!handler) {
        // Another consumer's event on a shared topic, or a version this service does not read.
        ignored.set(attributes.type, (ignored.get(attributes.type) ?? 0) + 1);
        continue;
      }
      const contract = contractForType(attributes.type);
      if (!contract) {
        await this.deadLetter(topic, partition, message, 'unknown_contract', new Error(`no contract for ${attributes.type}`), attributes.type);
        continue;
      }
      let data: unknown;
      try {
        data = validateEvent(contract, decoded.data);
      } catch (err) {
        if (err instanceof EventValidationError) {
          await this.deadLetter(topic, partition, message, 'schema', err, attributes.type);
          continue;
        }
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
      applicable.push({ message, key: message.key && message.key.length > 0 ? message.key.toString() : null, event, handler });
    }
    for (const [type, n] of ignored) o.onOutcome?.(type, 'ignored', n);
    if (applicable.length === 0) return;

    let failed: HandlerFailed | null = null;
    for (let outage = 0; ; outage++) {
      try {
        const outcomes = await this.applyInOneTransaction(topic, partition, applicable, 1, true);
        this.report(outcomes);
        return;
      } catch (err) {
        if (this.closing) throw err; // leave the chunk uncommitted for the next run
        if (isInfrastructureError(err)) {
          await this.waitOutOutage(err, outage, heartbeat);
          continue;
        }
        failed = err instanceof HandlerFailed ? err : null;
        o.logger.warn({ err: String(err), topic, partition, events: applicable.length }, 'batch failed; applying its events one at a time');
        break;
      }
    }
    for (const item of applicable) {
      if (this.closing) throw new Closing();
      // The event whose handler failed inside the batch has had its first attempt.
      const tried = failed?.item === item ? 1 : 0;
      await this.applyOne(topic, partition, item, tried, failed?.item === item ? failed.cause : null, heartbeat);
    }
  }

  /**
   * The database (not the event) failed: the event is not to blame, so it is neither counted as an attempt
   * nor dead-lettered. Wait with back-off, keep the group membership alive, and try again.
   */
  private async waitOutOutage(err: unknown, outage: number, heartbeat: () => Promise<void>): Promise<void> {
    if (outage === 0 || outage % 20 === 0) this.options.logger.warn({ err: String(err), outage }, 'database unavailable while applying events; waiting');
    const until = Date.now() + Math.min(5000, 100 * 2 ** Math.min(outage, 6));
    while (Date.now() < until) {
      if (this.closing) throw err;
      await new Promise((r) => setTimeout(r, 250));
      await heartbeat().catch(() => undefined);
    }
  }

  private batchHandler(type: string): Handler | null {
    let handler = this.batchHandlers.get(type);
    if (handler === undefined) {
      handler = this.getHandlerByPattern(batchPattern(type)) ?? null;
      this.batchHandlers.set(type, handler);
    }
    return handler;
  }

  /**
   * Applies the events in one transaction with their inbox rows, in order (per key, when `batches` lets
   * runs of a batch-handled type go to their batch handler); returns each one's outcome.
   */
  private async applyInOneTransaction(
    topic: string,
    partition: number,
    items: Applicable[],
    attempt: number,
    batches = false,
  ): Promise<[string, 'applied' | 'duplicate'][]> {
    const o = this.options;
    return o.dataSource.transaction(async (manager) => {
      const typeOf = new Map(items.map((i) => [i.event.id, i.event.type]));
      const inserted: { event_id: string }[] = await manager.query(
        `INSERT INTO ${this.inboxTable} (consumer, event_id, event_type)
         SELECT $1, u.id, u.type FROM unnest($2::text[], $3::text[]) AS u(id, type)
         ON CONFLICT DO NOTHING RETURNING event_id`,
        [o.groupId, [...typeOf.keys()], [...typeOf.values()]],
      );
      const fresh = new Set(inserted.map((r) => r.event_id));
      const outcomes: [string, 'applied' | 'duplicate'][] = [];
      const toApply: Applicable[] = [];
      for (const item of items) {
        if (fresh.delete(item.event.id)) toApply.push(item);
        else outcomes.push([item.event.type, 'duplicate']);
      }
      const steps = batches
        ? planSteps(toApply, { typeOf: (i) => i.event.type, keyOf: (i) => i.key, batchable: (type) => this.batchHandler(type) !== null })
        : toApply.map((item) => ({ kind: 'one' as const, item }));
      for (const step of steps) {
        // A stopping service abandons a long chunk between two steps rather than keep its stop waiting.
        if (this.closing) throw new Closing();
        if (step.kind === 'one') {
          const { item } = step;
          const ctx = new EventContext(manager, topic, partition, item.message.offset, attempt);
          try {
            await runWithCorrelation(item.event.correlationId, async () => {
              const result = await item.handler(item.event, ctx);
              await lastValueFrom(this.transformToObservable(result), { defaultValue: undefined });
            });
          } catch (err) {
            throw new HandlerFailed(item, err);
          }
          outcomes.push([item.event.type, 'applied']);
          continue;
        }
        const handler = this.batchHandler(step.type)!;
        const last = step.items[step.items.length - 1];
        const ctx = new EventContext(manager, topic, partition, last.message.offset, attempt);
        try {
          await runWithCorrelation(step.items[0].event.correlationId, async () => {
            const result = await handler(
              step.items.map((i) => i.event),
              ctx,
            );
            await lastValueFrom(this.transformToObservable(result), { defaultValue: undefined });
          });
        } catch (err) {
          throw new HandlerFailed(null, err);
        }
        for (const item of step.items) outcomes.push([item.event.type, 'applied']);
      }
      return outcomes;
    });
  }

  private async applyOne(
    topic: string,
    partition: number,
    item: Applicable,
    alreadyTried: number,
    lastError: unknown,
    heartbeat: () => Promise<void>,
  ): Promise<void> {
    const o = this.options;
    if (alreadyTried > 0 && isPermanent(lastError)) {
      return this.deadLetter(topic, partition, item.message, rejectionReason(lastError), lastError, item.event.type, alreadyTried);
    }
    let outage = 0;
    for (let attempt = alreadyTried + 1; ; attempt++) {
      if (this.closing) throw new Closing();
      if (attempt > 1) await new Promise((r) => setTimeout(r, o.retryBackoffMs * 2 ** (attempt - 2)));
      try {
        this.report(await this.applyInOneTransaction(topic, partition, [item], attempt));
        return;
      } catch (wrapped) {
        if (wrapped instanceof Closing) throw wrapped;
        if (isInfrastructureError(wrapped) && !this.closing) {
          await this.waitOutOutage(wrapped, outage++, heartbeat);
          attempt--; // not the event's fault: not an attempt
          continue;
        }
        const err = wrapped instanceof HandlerFailed ? wrapped.cause : wrapped;
        const permanent = isPermanent(err);
        if (this.closing && !permanent) throw err; // leave it uncommitted for the next run
        if (permanent || attempt >= o.maxAttempts) {
          return this.deadLetter(topic, partition, item.message, permanent ? rejectionReason(err) : 'handler_failed', err, item.event.type, attempt);
        }
        o.logger.warn({ err: String(err), eventId: item.event.id, type: item.event.type, attempt }, 'event handler failed; retrying');
      }
    }
  }

  private report(outcomes: [string, 'applied' | 'duplicate'][]): void {
    const counts = new Map<string, number>();
    for (const [type, outcome] of outcomes) counts.set(`${type}\u0000${outcome}`, (counts.get(`${type}\u0000${outcome}`) ?? 0) + 1);
    for (const [key, n] of counts) {
      const [type, outcome] = key.split('\u0000') as [string, 'applied' | 'duplicate'];
      this.options.onOutcome?.(type, outcome, n);
    }
  }

  private async deadLetter(
    topic: string,
    partition: number,
    message: KafkaMessage,
    reason: string,
    err: unknown,
    type: string,
    attempts = 0,
  ): Promise<void> {
    const o = this.options;
    const error = err instanceof Error ? err.message : String(err);
    const code = err instanceof DomainError ? err.code : undefined;
    o.logger.error({ topic, partition, offset: message.offset, reason, code, error, type, attempts }, 'message dead-lettered');
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
      ...(code ? { dlt_code: code } : {}),
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

/** Counts permits; acquire() waits for one and returns its release. */
class Semaphore {
  private readonly waiting: (() => void)[] = [];

  constructor(private free: number) {}

  async acquire(): Promise<() => void> {
    if (this.free > 0) this.free--;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.free++;
    };
  }
}

// SQLSTATE classes and codes that mean "the database is not there right now", whatever the statement.
const UNAVAILABLE_SQLSTATE = /^(08|53|57P0[1-4])/;
const UNAVAILABLE_NODE = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTCONN']);
const UNAVAILABLE_MESSAGE = /connection terminated|connection is closed|terminating connection|timeout exceeded when trying to connect|the database system is (starting up|shutting down|in recovery mode)|client has encountered a connection error|cannot use a pool after calling end/i;

/** The database failed (connection lost, server restarting), as opposed to a handler's own error. */
export function isInfrastructureError(err: unknown): boolean {
  const e = (err instanceof HandlerFailed ? err.cause : err) as { code?: unknown; driverError?: { code?: unknown }; message?: unknown } | null;
  if (!e || typeof e !== 'object') return false;
  const code = String(e.driverError?.code ?? e.code ?? '');
  if (UNAVAILABLE_SQLSTATE.test(code) || UNAVAILABLE_NODE.has(code)) return true;
  return typeof e.message === 'string' && UNAVAILABLE_MESSAGE.test(e.message);
}

/** Retrying cannot change the answer: the handler said so, or a rule gave its verdict. */
function isPermanent(err: unknown): boolean {
  return err instanceof PermanentEventError || (err instanceof DomainError && !err.retriable);
}

function rejectionReason(err: unknown): string {
  return err instanceof DomainError ? 'domain_rule' : 'rejected';
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

/** A chunk abandoned because the service is stopping (never an event's fault: nothing is recorded). */
class Closing extends Error {
  constructor() {
    super('the service is stopping');
  }
}

/** Whether `work` settled within `ms` (it goes on regardless; the caller just stops waiting). */
async function within(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    work.then(
      () => true,
      () => true,
    ),
    new Promise<boolean>((r) => {
      timer = setTimeout(() => r(false), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
