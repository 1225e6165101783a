import { policyEntry, type PolicyValue } from '@app/policy';
import { daysBetween } from '@app/rules';

/** The default offsets, for reference and tests: the policy's values (libs/policy) are what the pass reads. */
export const DEFAULT_REMINDER_DAYS_BEFORE = [7, 1] as const;

/**
 * The reminders before a cycle's preference deadline (the deadline ends at 23:59 Asia/Shanghai of its day), in
 * days before it, as in force on the date the pass runs: two dated policy values (7 and 1 by default,
 * assumptions to be confirmed by the bureau). Largest first; one when both say the same.
 */
export function reminderOffsets(date: string, values?: readonly PolicyValue[]): number[] {
  const first = policyEntry('reminders.preference_first_days_before', date, values).value;
  const second = policyEntry('reminders.preference_second_days_before', date, values).value;
  return [...new Set([first, second])].sort((a, b) => b - a);
}

/**
 * Which reminder is due on `date` for a deadline: the one of the smallest offset that is at least the days
 * left, so a day the job did not run is caught up the next day (a missed 7-day reminder goes out 6 days
 * before; sent once all the same, since a reminder's id is its cycle and offset). Null: none (more days
 * left than the largest offset, or the deadline has passed).
 */
export function reminderDue(deadline: string, date: string, offsets: readonly number[]): { offset: number; daysLeft: number } | null {
  const daysLeft = daysBetween(date, deadline);
  if (daysLeft < 0) return null;
  const offset = [...offsets].sort((a, b) => a - b).find((o) => o >= daysLeft);
  return offset === undefined ? null : { offset, daysLeft };
}
