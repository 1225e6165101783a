import { ESTABLISHMENT_TYPES } from '@app/contracts';
import { DomainError } from '@app/errors';
import type { IsoDate } from '@app/rules';

export type EstablishmentType = (typeof ESTABLISHMENT_TYPES)[number];

/** Chinese names as officers write them in their sheets (编制类型). */
export const ESTABLISHMENT_TYPE_NAMES: Record<EstablishmentType, string> = {
  on_establishment: '在编',
  special_post: '特岗',
  contract: '合同制',
  substitute: '代课',
};

/**
 * One entry of a teacher's establishment history: the type from a date until the next entry. History is
 * never edited: a change is a new entry from its date, and an entry that was wrong is superseded by a new
 * one from the same date that says why.
 */
export interface EstablishmentEntry {
  id: string;
  teacherId: string;
  type: EstablishmentType;
  effectiveFrom: IsoDate;
  reason: string;
  supersededBy: string | null;
  recordedBy: string;
  recordedAt: string;
}

export type NewEstablishmentEntry = Pick<EstablishmentEntry, 'type' | 'effectiveFrom' | 'reason'>;

export class EstablishmentInvalid extends DomainError {
  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super(`STAFFING.${code}`, 'invalid', message, details);
  }
}

/** The type in force on a date: the current (not superseded) entry with the latest date not after it. */
export function establishmentOn(entries: readonly Pick<EstablishmentEntry, 'type' | 'effectiveFrom' | 'supersededBy'>[], date: IsoDate): EstablishmentType | null {
  let best: Pick<EstablishmentEntry, 'type' | 'effectiveFrom'> | null = null;
  for (const e of entries) if (e.supersededBy === null && e.effectiveFrom <= date && (!best || e.effectiveFrom > best.effectiveFrom)) best = e;
  return best?.type ?? null;
}

/**
 * Checks a new entry against the teacher's current history; returns the entry it corrects (one from the
 * same date), if any. Refused: a date before the teacher's first service, and an entry that changes
 * nothing (the type already in force from an earlier date, or the same type on the same date).
 */
export function planEstablishmentEntry(
  current: readonly EstablishmentEntry[],
  candidate: NewEstablishmentEntry,
  teacher: { firstServiceDate: IsoDate },
): { supersedes: EstablishmentEntry | null } {
  if (candidate.effectiveFrom < teacher.firstServiceDate) {
    throw new EstablishmentInvalid('ESTABLISHMENT_BEFORE_SERVICE', `an establishment type applies from the first service date (${teacher.firstServiceDate}) at the earliest`, {
      effectiveFrom: candidate.effectiveFrom,
    });
  }
  const live = current.filter((e) => e.supersededBy === null);
  const sameDay = live.find((e) => e.effectiveFrom === candidate.effectiveFrom) ?? null;
  if (sameDay?.type === candidate.type) {
    throw new EstablishmentInvalid('ESTABLISHMENT_UNCHANGED', `the teacher is already recorded as ${candidate.type} from ${candidate.effectiveFrom}`, { type: candidate.type });
  }
  if (!sameDay) {
    const before = establishmentOn(live, candidate.effectiveFrom);
    if (before === candidate.type) {
      throw new EstablishmentInvalid('ESTABLISHMENT_UNCHANGED', `the teacher is already ${candidate.type} on ${candidate.effectiveFrom}; record a change of type, not the same type again`, {
        type: candidate.type,
      });
    }
  }
  return { supersedes: sameDay };
}
