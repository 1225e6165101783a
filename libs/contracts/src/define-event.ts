import { z } from 'zod';

/**
 * One definition per event type: name, major version, topic, payload schema and how the message key
 * (the aggregate id) is taken from the payload. A breaking change is a new version defined beside the
 * old one, never an edit of it.
 */
export interface EventContract<T = unknown> {
  /** e.g. `staffing.TeacherAppointed` */
  readonly name: string;
  readonly version: number;
  /** CloudEvents `type`, name plus major version: `staffing.TeacherAppointed.v1` */
  readonly type: string;
  readonly topic: string;
  readonly aggregateType: string;
  readonly schema: z.ZodType<T>;
  aggregateId(data: T): string;
}

export type EventData<C> = C extends EventContract<infer T> ? T : never;

export function defineEvent<S extends z.ZodType>(def: {
  name: string;
  version: number;
  topic: string;
  aggregateType: string;
  schema: S;
  aggregateId: (data: z.infer<S>) => string;
}): EventContract<z.infer<S>> {
  if (!/^[a-z]+\.[A-Z][A-Za-z]+$/.test(def.name)) throw new Error(`event name ${def.name} must look like service.PastTenseFact`);
  if (!Number.isInteger(def.version) || def.version < 1) throw new Error(`event ${def.name}: version must be a positive integer`);
  return Object.freeze({ ...def, type: `${def.name}.v${def.version}` }) as EventContract<z.infer<S>>;
}

export class EventValidationError extends Error {
  constructor(
    readonly eventType: string,
    readonly issues: string[],
  ) {
    super(`${eventType}: ${issues.join('; ')}`);
  }
}

/** Validates a payload against its contract; returns the parsed (stripped) data or throws. */
export function validateEvent<T>(contract: EventContract<T>, data: unknown): T {
  const result = contract.schema.safeParse(data);
  if (!result.success) {
    throw new EventValidationError(
      contract.type,
      result.error.issues.map((i) => `${i.path.join('.') || '(payload)'}: ${i.message}`),
    );
  }
  return result.data;
}

// Shared field shapes, so every contract spells dates and ids the same way.
/** A calendar date 'YYYY-MM-DD' in the years this system can meaningfully hold (and PostgreSQL can store). */
export const isoDate = z.iso.date().refine((d) => d >= '1900-01-01' && d <= '2199-12-31', { message: 'must be a date between 1900 and 2199' });
/** A share of a full workload: more than 0, at most 1, in thousandths (the precision it is stored with). */
export const workloadShare = z
  .number()
  .gt(0)
  .lte(1)
  .refine((v) => Math.abs(v * 1000 - Math.round(v * 1000)) < 1e-6, { message: 'must have at most 3 decimals' });
export const id = z.uuid();
export const countyCode = z.string().regex(/^[a-z]+$/, 'county code is lower-case pinyin, e.g. taishan');
