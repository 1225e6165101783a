import { GROWTH_STAGES, type TEACHER_CATEGORIES } from '@app/contracts';
import { DomainError } from '@app/errors';
import { policyValue, type PolicyKey, type PolicyValue } from '@app/policy';
import { daysInclusive, type IsoDate } from '../../calendar/domain/periods';

/**
 * R12: three categories (principal, teacher, researcher) × five stages, 新任 → 胜任 → 精干 → 专家 → 引领.
 * HR records a stage with its date and evidence; the service shows who may be ready for the next one by
 * criteria kept as dated policy values (all assumptions for the bureau to confirm).
 */
export type GrowthStage = (typeof GROWTH_STAGES)[number];
export type GrowthCategory = (typeof TEACHER_CATEGORIES)[number];

export const STAGE_NAMES: Record<GrowthStage, string> = { new: '新任', competent: '胜任', proficient: '精干', expert: '专家', leading: '引领' };

export interface StageRecord {
  category: GrowthCategory;
  stage: GrowthStage;
  since: IsoDate;
}

export class StageChangeInvalid extends DomainError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('TRAINING.STAGE_CHANGE_INVALID', 'invalid', message, details);
  }
}

export function nextStage(stage: GrowthStage): GrowthStage | null {
  const i = GROWTH_STAGES.indexOf(stage);
  return i < GROWTH_STAGES.length - 1 ? GROWTH_STAGES[i + 1] : null;
}

/** Title rank of the professional titles staffing records (中小学教师职称): 1 三级 … 5 正高级; 0 none or unknown. */
export function titleRank(title: string | null): number {
  if (!title) return 0;
  if (title.includes('正高级')) return 5;
  if (title.includes('高级')) return 4;
  if (title.includes('一级')) return 3;
  if (title.includes('二级')) return 2;
  if (title.includes('三级')) return 1;
  return 0;
}

/** A new stage record: dated not in the future and not before the current one, with evidence; the category may change (a teacher becomes a principal). */
export function checkStageChange(current: StageRecord | null, next: StageRecord, evidence: string, today: IsoDate): StageRecord {
  if (next.since > today) throw new StageChangeInvalid('a stage is recorded once reached: the date may not be in the future', { since: next.since });
  if (current && next.since < current.since) throw new StageChangeInvalid(`the new stage cannot start before the current one (${current.since})`, { since: next.since });
  if (current && current.stage === next.stage && current.category === next.category) throw new StageChangeInvalid(`the teacher is already ${next.category} · ${STAGE_NAMES[next.stage]}`, { stage: next.stage });
  if (evidence.trim().length === 0) throw new StageChangeInvalid('a stage change names its evidence (依据)', { evidence });
  return next;
}

export interface ReadinessFacts {
  title: string | null;
  /** counted credit hours in the last 5 calendar years */
  hours5y: number;
  /** awards recorded since entering the stage */
  awards: number;
}

export interface Criterion {
  name: 'years_in_stage' | 'hours_5y' | 'min_title_rank' | 'awards';
  required: number;
  actual: number;
  met: boolean;
}

/** Whether a teacher may be ready for the next stage, criterion by criterion; null at the last stage. */
export function readiness(record: StageRecord, facts: ReadinessFacts, asOf: IsoDate, values: readonly PolicyValue[]): { next: GrowthStage; ready: boolean; criteria: Criterion[] } | null {
  const next = nextStage(record.stage);
  if (!next) return null;
  const stage = record.stage as Exclude<GrowthStage, 'leading'>;
  const need = (name: Criterion['name']) => policyValue(`R12.ready.${stage}.${name}` as PolicyKey, asOf, values);
  const years = Math.floor((daysInclusive(record.since, asOf) - 1) / 365.25);
  const criteria: Criterion[] = [
    { name: 'years_in_stage', required: need('years_in_stage'), actual: years, met: false },
    { name: 'hours_5y', required: need('hours_5y'), actual: facts.hours5y, met: false },
    { name: 'min_title_rank', required: need('min_title_rank'), actual: titleRank(facts.title), met: false },
    { name: 'awards', required: need('awards'), actual: facts.awards, met: false },
  ].map((c) => ({ ...c, met: c.actual >= c.required })) as Criterion[];
  return { next, ready: criteria.every((c) => c.met), criteria };
}
