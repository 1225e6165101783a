import { Injectable } from '@nestjs/common';
import { Forbidden, type Principal } from '@app/auth';
import { DomainError } from '@app/errors';
import { UnitOfWork } from '@app/runtime';
import { CycleRepository } from '../../cycles/application/cycle.repository';
import { PreferenceRepository } from '../../cycles/application/preference.repository';
import { CycleNotFound, type Cycle } from '../../cycles/domain/cycle';
import { TeacherFactsRepository } from '../../eligibility/application/teacher-facts.repository';
import { ESTIMATE_NOT_PROMISE, explainHint, LEVEL_WORDS, shanghaiMinute, summarise, type Bilingual } from '../domain/explain';
import type { HintFacts, HintLevel, HintReason, TeacherKind } from '../domain/hints';
import { HintRepository } from './hint.repository';

export class TeacherNotInCounty extends DomainError {
  constructor(teacherId: string, countyCode: string) {
    super('ROTATION.TEACHER_NOT_FOUND', 'not_found', `no teacher ${teacherId} in ${countyCode}'s rotation records`, { teacherId, countyCode });
  }
}

export interface HintView {
  schoolId: string;
  schoolName: string | null;
  level: HintLevel;
  levelWords: Bilingual;
  /** 1-based rank in the teacher's list, or null for a school suggested to them */
  listedRank: number | null;
  suggested: boolean;
  reason: HintReason;
  explanation: Bilingual;
  computedAt: string;
  disclaimer: Bilingual;
  /** HR's support view only: the figures behind the level */
  facts?: HintFacts;
}

export interface HintsView {
  cycleId: string;
  cycleState: Cycle['state'];
  teacherId: string;
  /** false: nothing to show yet, or any more (see note) */
  available: boolean;
  computedAt: string | null;
  teacherKind: TeacherKind | null;
  summary: Bilingual | null;
  /** why nothing is shown, or that the preferences changed since */
  note: Bilingual | null;
  disclaimer: Bilingual;
  hints: HintView[];
}

const NOT_COLLECTING: Bilingual = {
  zh: '只有在征集志愿期间才显示可达学校估计；本轮已不在征集阶段。',
  en: 'Achievable-school hints are shown while preferences are collected; this cycle is past that stage.',
};
const NOT_YET: Bilingual = {
  zh: '本轮的可达学校估计尚未计算：每晚根据当时的志愿和空岗计算一次，请明天再来查看。',
  en: "This cycle's achievable-school hints have not been computed yet: they are computed every night from that moment's preferences and vacancies; look again tomorrow.",
};
const NOT_PLANNED: Bilingual = {
  zh: '您目前没有在编岗位（在县教师池中），交流方案不从教师池调动教师，因此没有估计。',
  en: 'You hold no post at present (you are in the county pool); the rotation plan does not move teachers from the pool, so there is no hint for you.',
};
const CHANGED_SINCE: Bilingual = {
  zh: '您在这些估计计算之后修改过志愿；下面的估计针对修改前的志愿，新的估计将在今晚计算。',
  en: 'You changed your list after these hints were computed; they are about your list as it was then, and new ones are computed tonight.',
};

/**
 * Reading hints: a teacher reads their own, for a cycle of their county (the teacher comes from the token,
 * never from the request); HR reads a teacher's for support, with the figures behind each level. Hints are
 * shown while the cycle collects preferences, from its latest finished run.
 */
@Injectable()
export class ReadHints {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly cycles: CycleRepository,
    private readonly hints: HintRepository,
    private readonly teachers: TeacherFactsRepository,
    private readonly preferences: PreferenceRepository,
  ) {}

  async mine(p: Principal, cycleId: string): Promise<HintsView> {
    if (!p.teacherId) throw new Forbidden(`${p.role} has no hints of their own`);
    const cycle = await this.cycle(cycleId);
    const teacher = await this.teachers.membership(this.uow.reader, p.teacherId);
    if (!teacher || teacher.countyCode !== cycle.countyCode) throw new Forbidden(`teacher ${p.teacherId} is not in ${cycle.countyCode}'s pool`);
    return this.view(cycle, p.teacherId, false);
  }

  async forTeacher(cycleId: string, teacherId: string, authorize: (county: string) => void): Promise<HintsView> {
    const cycle = await this.cycle(cycleId);
    authorize(cycle.countyCode);
    const teacher = await this.teachers.membership(this.uow.reader, teacherId);
    if (!teacher || teacher.countyCode !== cycle.countyCode) throw new TeacherNotInCounty(teacherId, cycle.countyCode);
    return this.view(cycle, teacherId, true);
  }

  private async cycle(id: string): Promise<Cycle> {
    const cycle = await this.cycles.findById(this.uow.reader, id);
    if (!cycle) throw new CycleNotFound(id);
    return cycle;
  }

  private async view(cycle: Cycle, teacherId: string, support: boolean): Promise<HintsView> {
    const empty = (note: Bilingual, computedAt: string | null = null): HintsView => ({
      cycleId: cycle.id,
      cycleState: cycle.state,
      teacherId,
      available: false,
      computedAt,
      teacherKind: null,
      summary: null,
      note,
      disclaimer: ESTIMATE_NOT_PROMISE,
      hints: [],
    });
    if (cycle.state !== 'collecting') return empty(NOT_COLLECTING);
    const m = this.uow.reader;
    const stored = await this.hints.teacherHints(m, cycle.id, teacherId);
    if (!stored) {
      const latest = await this.hints.latestDone(m, cycle.id);
      return latest ? empty(NOT_PLANNED, latest.computedAt ? new Date(latest.computedAt).toISOString() : null) : empty(NOT_YET);
    }
    const computedAt = stored.computedAt;
    const prefs = await this.preferences.find(m, cycle.id, teacherId);
    const changed = prefs !== null && new Date(prefs.submittedAt).getTime() > new Date(computedAt).getTime();
    return {
      cycleId: cycle.id,
      cycleState: cycle.state,
      teacherId,
      available: true,
      computedAt,
      teacherKind: stored.kind,
      summary: summarise({ kind: stored.kind, placedSchoolName: stored.placedSchoolId ? (stored.placedSchoolName ?? stored.placedSchoolId) : null, placedRank: stored.placedRank, unsettled: stored.unsettled, computedAtShanghai: shanghaiMinute(computedAt) }),
      note: changed ? CHANGED_SINCE : null,
      disclaimer: ESTIMATE_NOT_PROMISE,
      hints: stored.hints.map((h) => ({
        schoolId: h.schoolId,
        schoolName: h.schoolName,
        level: h.level,
        levelWords: LEVEL_WORDS[h.level],
        listedRank: h.listedRank,
        suggested: h.suggested,
        reason: h.reason,
        explanation: explainHint(h),
        computedAt,
        disclaimer: ESTIMATE_NOT_PROMISE,
        ...(support ? { facts: h.facts } : {}),
      })),
    };
  }
}
