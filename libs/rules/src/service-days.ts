import { maxDate, minDate, toDayNumber, type IsoDate } from './calendar-date';

/** A span of days served (an appointment, a stint): both ends inclusive, null end = open-ended. */
export interface DaySpan {
  startDate: IsoDate;
  endDate: IsoDate | null;
}

/**
 * Days in [from, to] (inclusive) covered by at least one of the spans: the union of their intervals
 * clipped to the span. Overlapping spans count each day once, and a day counts whole whatever the
 * workload share (a 0.5 walking appointment is a day taught at that school, not half a day).
 */
export function daysCovered(spans: readonly DaySpan[], from: IsoDate, to: IsoDate): number {
  if (to < from) return 0;
  const intervals = spans
    .map((a) => [maxDate(a.startDate, from), a.endDate === null ? to : minDate(a.endDate, to)] as const)
    .filter(([s, e]) => s <= e)
    .map(([s, e]) => [toDayNumber(s), toDayNumber(e)] as const)
    .sort((x, y) => x[0] - y[0]);
  let total = 0;
  let current: [number, number] | null = null;
  for (const [s, e] of intervals) {
    if (current === null || s > current[1] + 1) {
      if (current !== null) total += current[1] - current[0] + 1;
      current = [s, e];
    } else if (e > current[1]) {
      current[1] = e;
    }
  }
  if (current !== null) total += current[1] - current[0] + 1;
  return total;
}
