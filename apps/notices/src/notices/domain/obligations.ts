import type { NoticeKind } from './templates';

/**
 * What an ObligationRaised tells people, given what was known of the obligation before: the first one is
 * "raised"; a later one with another severity "severity changed"; with only another due date "due date
 * changed"; one that changes neither (a redelivery under a new event id) tells nobody.
 */
export function obligationNoticeKind(before: { severity: string; dueBy: string } | null, now: { severity: string; dueBy: string }): NoticeKind | null {
  if (!before) return 'obligation_raised';
  if (before.severity !== now.severity) return 'obligation_severity_changed';
  if (before.dueBy !== now.dueBy) return 'obligation_due_date_changed';
  return null;
}
