import { daysBetween } from '@app/rules';

/**
 * Reminders before a cycle's preference deadline (the deadline ends at 23:59 Asia/Shanghai of its day): 7 days
 * and 1 day before, to teachers who have not submitted. A product choice of the issue, not a policy rule.
 */
export const REMINDER_DAYS_BEFORE = [7, 1] as const;

/**
 * Which reminder is due on `date` for a deadline: the one of the smallest offset that is at least the days
 * left, so a day the job did not run is caught up the next day (a missed 7-day reminder goes out 6 days
 * before; sent once all the same, since a reminder's id is its cycle and offset). Null: none (more than 7
 * days left, or the deadline has passed).
 */
export function reminderDue(deadline: string, date: string): { offset: number; daysLeft: number } | null {
  const daysLeft = daysBetween(date, deadline);
  if (daysLeft < 0) return null;
  const offsets = [...REMINDER_DAYS_BEFORE].sort((a, b) => a - b);
  const offset = offsets.find((o) => o >= daysLeft);
  return offset === undefined ? null : { offset, daysLeft };
}
