import { DomainError } from '@app/errors';
import { policyEntry, type PolicyValue } from '@app/policy';
import { deadlinePassed, formatDeadline, formatDeadlineZh, todayInShanghai, workingDayDeadline, type IsoDate, type WorkingCalendar, type WorkingDayDeadline } from '@app/rules';

/**
 * An appeal (申诉) of an approved move by the teacher it moves (issue #13). The teacher may appeal within the
 * appeal period, counted in working days from the day they were told (the day the plan, or the amendment
 * that gave them the move, was approved); HR of the county, or the city, decides within the decision period,
 * counted from the day it was filed: the move stands (upheld, with a reason), or an amendment changes it
 * (amended). Both periods are dated policy values and end at 23:59 Asia/Shanghai of their last working day.
 * One appeal at a time per move.
 */
export const APPEAL_STATUSES = ['open', 'upheld', 'amended'] as const;
export type AppealStatus = (typeof APPEAL_STATUSES)[number];

export interface Appeal {
  id: string;
  cycleId: string;
  planId: string;
  moveId: string;
  teacherId: string;
  countyCode: string;
  reasons: string;
  status: AppealStatus;
  filedAt: string;
  filedOn: IsoDate;
  /** the last day the appeal could be filed */
  appealDeadline: IsoDate;
  /** HR decides by 23:59 Asia/Shanghai of this day */
  decideBy: IsoDate;
  decidedAt: string | null;
  decidedBy: string | null;
  decisionReason: string | null;
  amendmentId: string | null;
  version: number;
}

/** A period in working days, with the policy value it was counted with and its source. */
export interface Period extends WorkingDayDeadline {
  workingDays: number;
  /** the day it counts from */
  from: IsoDate;
  /** the policy entry: where the number comes from */
  source: string;
}

function period(key: 'appeals.appeal_period_working_days' | 'appeals.decision_period_working_days', from: IsoDate, values: readonly PolicyValue[], cal: WorkingCalendar): Period {
  const entry = policyEntry(key, from, values);
  return { ...workingDayDeadline(from, entry.value, cal), workingDays: entry.value, from, source: entry.source };
}

/** The appeal period of a move whose teacher was told on `toldOn`. */
export function appealPeriod(toldOn: IsoDate, values: readonly PolicyValue[], cal: WorkingCalendar): Period {
  return period('appeals.appeal_period_working_days', toldOn, values, cal);
}

/** The decision period of an appeal filed on `filedOn`. */
export function decisionPeriod(filedOn: IsoDate, values: readonly PolicyValue[], cal: WorkingCalendar): Period {
  return period('appeals.decision_period_working_days', filedOn, values, cal);
}

export class AppealPeriodEnded extends DomainError {
  constructor(p: Period) {
    super(
      'ROTATION.APPEAL_PERIOD_ENDED',
      'conflict',
      `the appeal period ended ${formatDeadline(p.date)}: an approved move may be appealed within ${p.workingDays} working days of the day you were told (${p.from}) / 申诉期已于${formatDeadlineZh(p.date)}截止（告知之日起${p.workingDays}个工作日内）`,
      { deadline: p.date, endsAt: p.endsAt, toldOn: p.from, workingDays: p.workingDays },
    );
  }
}

/** Refuses an appeal filed after the period's last day (from 00:00 Asia/Shanghai of the next day). */
export function checkAppealInTime(p: Period, now: Date): void {
  if (deadlinePassed(p.date, now)) throw new AppealPeriodEnded(p);
}

/** Whether an appeal's period is still open at `now`. */
export function appealOpen(p: Period, now: Date): boolean {
  return !deadlinePassed(p.date, now);
}

/** An open appeal whose decision period has ended: HR sees it flagged in the list. */
export function isOverdue(a: Pick<Appeal, 'status' | 'decideBy'>, now: Date): boolean {
  return a.status === 'open' && deadlinePassed(a.decideBy, now);
}

/** A new appeal of the move, filed at `now`: its decision period counts from the day it was filed. */
export function newAppeal(
  move: { cycleId: string; planId: string; moveId: string; teacherId: string; countyCode: string },
  reasons: string,
  appeal: Period,
  now: Date,
  values: readonly PolicyValue[],
  cal: WorkingCalendar,
): Omit<Appeal, 'id' | 'version'> {
  checkAppealInTime(appeal, now);
  const filedOn = todayInShanghai(now);
  const decision = decisionPeriod(filedOn, values, cal);
  return {
    ...move,
    reasons,
    status: 'open',
    filedAt: now.toISOString(),
    filedOn,
    appealDeadline: appeal.date,
    decideBy: decision.date,
    decidedAt: null,
    decidedBy: null,
    decisionReason: null,
    amendmentId: null,
  };
}

export class NoMoveToAppeal extends DomainError {
  constructor(cycleId: string, why: string) {
    super('ROTATION.NO_MOVE_TO_APPEAL', 'conflict', `${why} / 本轮交流中您没有可申诉的已批准调动`, { cycleId });
  }
}

export class AppealAlreadyOpen extends DomainError {
  constructor(appealId: string) {
    super('ROTATION.APPEAL_OPEN', 'conflict', `this move already has an open appeal (${appealId}); it is decided before another can be filed / 该调动已有待处理的申诉`, { appealId });
  }
}

export class AppealNotFound extends DomainError {
  constructor(id: string) {
    super('ROTATION.APPEAL_NOT_FOUND', 'not_found', `no appeal with id ${id}`, { id });
  }
}

export class AppealAlreadyDecided extends DomainError {
  constructor(a: Pick<Appeal, 'id' | 'status' | 'decidedAt'>) {
    super('ROTATION.APPEAL_DECIDED', 'conflict', `appeal ${a.id} was already decided (${a.status}${a.decidedAt ? ` at ${new Date(a.decidedAt).toISOString()}` : ''}) / 该申诉已作出决定`, { id: a.id, status: a.status });
  }
}

export class StaleAppealVersion extends DomainError {
  constructor(id: string) {
    super('ROTATION.STALE_VERSION', 'conflict', `appeal ${id} was changed by someone else; reload it and try again`, { id });
  }
}

/** Only an open appeal is decided or amended. */
export function checkOpen(a: Pick<Appeal, 'id' | 'status' | 'decidedAt'>): void {
  if (a.status !== 'open') throw new AppealAlreadyDecided(a);
}
