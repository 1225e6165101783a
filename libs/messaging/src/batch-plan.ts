/**
 * How a consumer's chunk (one partition, in offset order) is applied when some event types have a batch
 * handler: as a list of steps, each either one event for its per-event handler or a run of events of one
 * type for that type's batch handler (one multi-row statement instead of one round trip per event).
 *
 * The order a consumer may rely on is per key (the aggregate id: Kafka orders a partition, and which keys
 * share a partition is an accident of hashing). Staffing's history interleaves a teacher's TeacherAppointed
 * and AppointmentEnded, so runs of one type that are also consecutive in the partition are ~1.5 events long;
 * batch-handled events may therefore move ahead of other keys' batch-handled events of another type, never
 * ahead of an earlier event with the same key. An event without a batch handler (or without a key) stays
 * exactly where it is: nothing moves across it in either direction.
 */
export type Step<T> = { kind: 'one'; item: T } | { kind: 'batch'; type: string; items: T[] };

export interface PlanAccess<T> {
  typeOf(item: T): string;
  /** the Kafka message key; null or empty: no key, so no reordering around this event */
  keyOf(item: T): string | null;
  batchable(type: string): boolean;
}

export function planSteps<T>(items: readonly T[], access: PlanAccess<T>): Step<T>[] {
  const steps: Step<T>[] = [];
  let window: T[] = [];
  const flush = () => {
    if (window.length > 0) steps.push(...groupWindow(window, access));
    window = [];
  };
  for (const item of items) {
    if (access.batchable(access.typeOf(item)) && access.keyOf(item)) {
      window.push(item);
    } else {
      flush();
      steps.push({ kind: 'one', item });
    }
  }
  flush();
  return steps;
}

/**
 * Within a window of keyed, batch-handled events: take the first pending event's type, and with it every
 * pending event of that type whose key has no earlier pending event; repeat. Each key's events come out in
 * their original order.
 */
function groupWindow<T>(window: readonly T[], access: PlanAccess<T>): Step<T>[] {
  const steps: Step<T>[] = [];
  let pending = window;
  while (pending.length > 0) {
    const type = access.typeOf(pending[0]);
    const taken: T[] = [];
    const rest: T[] = [];
    const blocked = new Set<string>();
    for (const item of pending) {
      const key = access.keyOf(item)!;
      if (access.typeOf(item) === type && !blocked.has(key)) taken.push(item);
      else {
        blocked.add(key);
        rest.push(item);
      }
    }
    steps.push(taken.length === 1 ? { kind: 'one', item: taken[0] } : { kind: 'batch', type, items: taken });
    pending = rest;
  }
  return steps;
}

/**
 * Cuts a run into consecutive parts in which no row key repeats, for batch handlers: one multi-row upsert
 * may not touch a row twice (PostgreSQL refuses ON CONFLICT DO UPDATE on a row twice, and UPDATE … FROM
 * applies only one of two matching rows), and applying the parts in order is what the per-event handler
 * would have done event by event.
 */
export function distinctRuns<T>(items: readonly T[], keyOf: (item: T) => string): T[][] {
  const parts: T[][] = [];
  let current: T[] = [];
  let keys = new Set<string>();
  for (const item of items) {
    const key = keyOf(item);
    if (keys.has(key)) {
      parts.push(current);
      current = [];
      keys = new Set();
    }
    current.push(item);
    keys.add(key);
  }
  if (current.length > 0) parts.push(current);
  return parts;
}
