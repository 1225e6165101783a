import type { EventData, PlanAmended } from '@app/contracts';
import { addDays, type IsoDate } from '@app/rules';
import type { Appointment } from './appointment';

export type AmendmentEvent = EventData<typeof PlanAmended>;
export type AmendedMove = AmendmentEvent['moves'][number];

export const CANCELLATION_REFUSED = 'STAFFING.CANCELLATION_REFUSED';
export const REPLACED_MOVE_STANDS = 'STAFFING.REPLACED_MOVE_STANDS';

/** What staffing knows of a move an amendment cancels. */
export type CancelledMoveFacts =
  | {
      moveId: string;
      status: 'applied';
      teacherId: string;
      effectiveDate: IsoDate;
      /** the move's appointment as it is now: null when it is no longer in force (an officer corrected it) */
      appointment: Appointment | null;
      /** the appointments the move ended, as they are now (null: no longer in force), with the end each had before; null: not recorded */
      ended: { appointmentId: string; now: Appointment | null; priorEnd: IsoDate | null }[] | null;
    }
  | { moveId: string; status: 'rejected'; teacherId: string; code: string }
  /** gathered with its plan, which staffing has not applied yet */
  | { moveId: string; status: 'pending'; teacherId: string }
  /** cancelled already (a redelivered amendment is caught before this; another amendment cancelled it) */
  | { moveId: string; status: 'cancelled'; teacherId: string }
  | { moveId: string; status: 'unknown' };

export type CancellationDecision =
  | { kind: 'undo'; moveId: string; teacherId: string; effectiveDate: IsoDate; withdraw: Appointment; restore: { appointment: Appointment; endDate: IsoDate | null }[]; reason: string }
  | { kind: 'refuse'; moveId: string; teacherId: string; code: string; reason: string }
  | { kind: 'skip'; moveId: string; teacherId: string; reason: string }
  | { kind: 'nothing'; moveId: string; teacherId: string | null; reason: string };

/**
 * Staffing's rule for a move an amendment cancels (issue #13), compared with today in Asia/Shanghai:
 * - applied, and its effective date still ahead: undone — its appointment withdrawn (it never takes effect)
 *   and every appointment it ended restored with the end it had before (a correction: history is never
 *   edited), so the teacher stays where they were;
 * - applied, and it has taken effect (its effective date is today or past): refused — the move stands;
 *   staffing.MoveRejected says why, in words; HR ends or corrects the appointments by hand if it must;
 * - applied, but its appointment or an appointment it ended was changed since by an officer: refused too,
 *   since undoing it would overwrite that change;
 * - rejected by staffing: nothing to undo; not yet applied (its plan still gathering): skipped, never applied;
 *   unknown to staffing, or cancelled already: nothing to do.
 */
export function decideCancellations(moves: readonly CancelledMoveFacts[], today: IsoDate, amendmentId: string): CancellationDecision[] {
  return moves.map((f): CancellationDecision => {
    switch (f.status) {
      case 'applied': {
        if (f.effectiveDate <= today) {
          return {
            kind: 'refuse',
            moveId: f.moveId,
            teacherId: f.teacherId,
            code: CANCELLATION_REFUSED,
            reason: `the move took effect on ${f.effectiveDate} (today is ${today}): staffing does not undo a move that has taken effect, it stands; end or correct the appointments by hand if it must change / 该调动已于${f.effectiveDate}生效，不能撤销`,
          };
        }
        if (f.ended === null) {
          return {
            kind: 'refuse',
            moveId: f.moveId,
            teacherId: f.teacherId,
            code: CANCELLATION_REFUSED,
            reason: `staffing has no record of what the move ended, so it cannot restore it: undo it by hand / 缺少调动前任职记录，请人工处理`,
          };
        }
        const dayBefore = addDays(f.effectiveDate, -1);
        const changed = !f.appointment || f.appointment.moveId !== f.moveId || f.ended.some((e) => !e.now || e.now.endDate !== dayBefore);
        if (changed) {
          return {
            kind: 'refuse',
            moveId: f.moveId,
            teacherId: f.teacherId,
            code: CANCELLATION_REFUSED,
            reason: `the move's appointments were changed by an officer after it was applied, so it is not undone automatically: correct them by hand / 调动后任职记录已被人工修改，请人工处理`,
          };
        }
        return {
          kind: 'undo',
          moveId: f.moveId,
          teacherId: f.teacherId,
          effectiveDate: f.effectiveDate,
          withdraw: f.appointment!,
          restore: f.ended.map((e) => ({ appointment: e.now!, endDate: e.priorEnd })),
          reason: `move ${f.moveId} cancelled by amendment ${amendmentId} before it took effect on ${f.effectiveDate} / 调动在生效前被撤销`,
        };
      }
      case 'rejected':
        return { kind: 'nothing', moveId: f.moveId, teacherId: f.teacherId, reason: `staffing had rejected the move (${f.code}): nothing to undo` };
      case 'pending':
        return { kind: 'skip', moveId: f.moveId, teacherId: f.teacherId, reason: `cancelled by amendment ${amendmentId} before its plan was applied: it never will be` };
      case 'cancelled':
        return { kind: 'nothing', moveId: f.moveId, teacherId: f.teacherId, reason: 'cancelled already' };
      case 'unknown':
        return { kind: 'nothing', moveId: f.moveId, teacherId: null, reason: 'staffing never received the move: nothing to undo' };
    }
  });
}

/**
 * The amendment's new moves as staffing applies them after its cancellations: an appointment a move ends
 * that the undo restored is ended in its restored record, and a new move of a teacher whose cancelled
 * move stands (refused) is rejected — the teacher cannot move twice.
 */
export function newMovesAfterCancellations(
  moves: readonly AmendedMove[],
  decisions: readonly CancellationDecision[],
  restoredAs: ReadonlyMap<string, string>,
): { apply: AmendedMove[]; reject: { move: AmendedMove; code: string; reason: string }[] } {
  const standing = new Map(decisions.filter((d) => d.kind === 'refuse').map((d) => [d.teacherId, d.moveId]));
  const apply: AmendedMove[] = [];
  const reject: { move: AmendedMove; code: string; reason: string }[] = [];
  for (const mv of moves) {
    const stands = standing.get(mv.teacherId);
    if (stands) {
      reject.push({ move: mv, code: REPLACED_MOVE_STANDS, reason: `the move it replaces (${stands}) was not cancelled (it stands), so this one is not applied / 原调动未能撤销，新调动不予执行` });
      continue;
    }
    apply.push({ ...mv, endsAppointmentIds: mv.endsAppointmentIds.map((id) => restoredAs.get(id) ?? id) });
  }
  return { apply, reject };
}
