import { DEFAULT_POLICY } from '@app/policy';
import { addDays, schoolYearOf } from '@app/rules';
import type { Appointment } from '../apps/staffing/src/appointments/domain/appointment';
import { decideApprovedPlan, type PlanFacts, type PlanMove } from '../apps/staffing/src/appointments/domain/approved-plan';
import type { Post } from '../apps/staffing/src/posts/domain/post';
import { checkPlan, planRotation, type PlannedMove } from '../apps/rotation/src/planning/domain';
import { approvedMoves } from '../apps/rotation/src/plans/domain/approved-moves';
import { assemblePlannerInput, type CountyPlanningFacts } from '../apps/rotation/src/plans/domain/planner-input';
import { generateCounty } from '../seeds/county-generator';

/**
 * One source of truth for the rules both sides check (issue #9): on a generated county, the plan the
 * rotation planner makes and its checker passes is the plan staffing accepts whole on the same facts —
 * rotation's approval (approvedMoves) says what each move ends, staffing's application (decideApprovedPlan)
 * checks posts, quotas and workloads on the end state with the same @app/rules code. A move the checker
 * refuses (one more teacher into a full post) is the one staffing refuses.
 */
jest.setTimeout(120_000);

describe('rotation checker and staffing agree on an approved plan', () => {
  const county = generateCounty({ countyCode: 'kaiping', seed: 'issue9-agreement', teachers: 2000, asOf: '2026-11-29' });
  const year = 2027;
  const date = `${year}-09-01`;
  const lastYear = Math.max(...county.quotaYears);
  const schools = new Map(county.schools.map((s) => [s.id, s]));
  const postsById = new Map(county.posts.map((p) => [p.id, p]));
  // this year's headcounts carried forward to the cycle's year, as HR does
  const quotas = county.quotas.filter((q) => q.schoolYear === lastYear).map((q) => ({ ...q, schoolYear: year }));
  const cycle = { id: 'c', countyCode: 'kaiping', schoolYear: year, state: 'planning' as const, preferenceDeadline: null, effectiveDate: date, proposedPlanId: null, version: 3 };
  const planningFacts: CountyPlanningFacts = {
    teachers: county.teachers.map((t) => ({ teacherId: t.id, name: t.name, staffNo: t.staffNo, birthDate: t.birthDate, gender: t.gender, subjects: t.subjects, backboneLevel: t.backboneLevel, category: t.category })),
    stints: county.appointments.map((a) => ({
      teacherId: a.teacherId,
      appointmentId: a.id,
      schoolId: a.schoolId,
      schoolType: schools.get(a.schoolId)!.type,
      rural: schools.get(a.schoolId)!.rural,
      kind: a.kind,
      role: a.role as 'teacher',
      subject: a.subject,
      startDate: a.startDate,
      endDate: a.endDate,
      postId: a.postId,
      postKnown: true,
    })),
    obligations: [],
    preferences: [],
    exemptions: [],
    schools: county.schools.map((s) => ({ id: s.id, name: s.name, type: s.type, districtCode: s.districtCode, rural: s.rural, weak: s.weak })),
    quotas: quotas.map((q) => {
      const p = postsById.get(q.postId)!;
      return { schoolId: p.schoolId, subject: p.subjectCode, category: p.category, quota: q.approvedHeadcount };
    }),
    posts: quotas.map((q) => {
      const p = postsById.get(q.postId)!;
      return { postId: p.id, schoolId: p.schoolId, subject: p.subjectCode, category: p.category };
    }),
    latestQuotaYear: lastYear,
  };

  /** staffing's facts on the effective date, from the same generated records */
  function staffingFacts(moves: readonly PlanMove[]): PlanFacts {
    const appointments = new Map<string, Appointment[]>();
    for (const a of county.appointments) {
      const row: Appointment = { ...a, moveId: null, correctsId: null, reason: a.reason, version: 1 } as Appointment;
      appointments.set(a.teacherId, [...(appointments.get(a.teacherId) ?? []), row]);
    }
    const holders = new Map<string, Set<string>>();
    for (const a of county.appointments) {
      if (a.postId && a.startDate <= date && (a.endDate === null || a.endDate >= date)) holders.set(a.postId, (holders.get(a.postId) ?? new Set()).add(a.teacherId));
    }
    const movers = new Set(moves.map((m) => m.teacherId));
    return {
      date,
      schoolYear: schoolYearOf(date),
      teachers: new Map(county.teachers.filter((t) => movers.has(t.id)).map((t) => [t.id, t])),
      appointments,
      schools: new Map(county.schools.map((s) => [s.id, s])),
      posts: county.posts.map((p): Post => ({ ...p, version: 1 })),
      quotas: new Map(quotas.map((q) => [q.postId, q.approvedHeadcount])),
      holders: new Map([...holders].map(([k, v]) => [k, v.size])),
    };
  }

  function asEvents(planned: readonly PlannedMove[]): PlanMove[] {
    const rows = county.appointments.map((a) => ({ id: a.id, teacherId: a.teacherId, kind: a.kind, role: a.role, postId: a.postId, workloadShare: a.workloadShare, startDate: a.startDate, endDate: a.endDate }));
    const posts = planningFacts.posts!.map((p) => ({ ...p, category: p.category as 'teacher' }));
    return approvedMoves(planned, date, rows, posts, DEFAULT_POLICY, (t) => `move-${t}`).map((m) => ({ ...m, planId: 'p', cycleId: 'c', countyCode: 'kaiping', planMoves: planned.length }));
  }

  let input: ReturnType<typeof assemblePlannerInput>;
  let planned: PlannedMove[];
  beforeAll(async () => {
    input = assemblePlannerInput(cycle, planningFacts, DEFAULT_POLICY);
    planned = (await planRotation(input)).moves;
  });

  it('the plan the checker passes, full of vacancy chains, is accepted whole by staffing', () => {
    expect(planned.length).toBeGreaterThanOrEqual(Math.ceil(0.05 * input.teachers.length));
    expect(checkPlan(input, planned)).toEqual([]);
    // vacancy chains: moves arriving on a post that is full before the plan, freed by a mover of the same plan
    const events = asEvents(planned);
    const facts = staffingFacts(events);
    const full = events.filter((e) => e.toPostId && (facts.holders.get(e.toPostId) ?? 0) >= (facts.quotas.get(e.toPostId) ?? 0));
    expect(full.length).toBeGreaterThan(0);
    const { applied, rejected } = decideApprovedPlan(facts, events);
    expect(rejected).toEqual([]);
    expect(applied).toHaveLength(planned.length);
    // walking teachers among the movers have every appointment ended, the new one a full workload
    expect(applied.every((a) => a.appointment.workloadShare === 1)).toBe(true);
  });

  it('a move the checker refuses for capacity is the move staffing refuses, with the rule and numbers', () => {
    // one more teacher, not in the plan, into a post the plan leaves full
    const events = asEvents(planned);
    const facts = staffingFacts(events);
    const movers = new Set(planned.map((m) => m.teacherId));
    // a teacher post full on the plan's end state (holders before − movers leaving + movers arriving ≥ quota)
    const after = new Map(facts.holders);
    for (const e of events) {
      for (const id of e.endsAppointmentIds) {
        const a = county.appointments.find((x) => x.id === id)!;
        if (a.postId) after.set(a.postId, (after.get(a.postId) ?? 0) - 1);
      }
      if (e.toPostId) after.set(e.toPostId, (after.get(e.toPostId) ?? 0) + 1);
    }
    let extraMove: PlannedMove | undefined;
    for (const q of quotas) {
      const post = postsById.get(q.postId)!;
      if (post.category !== 'teacher' || (after.get(post.id) ?? 0) < q.approvedHeadcount || q.approvedHeadcount === 0) continue;
      const extra = input.teachers.find((t) => !movers.has(t.id) && t.category === 'teacher' && t.subjects[0] === post.subjectCode && t.currentSchoolId !== post.schoolId);
      if (!extra) continue;
      extraMove = { teacherId: extra.id, fromSchoolId: extra.currentSchoolId, toSchoolId: post.schoolId, subject: post.subjectCode, category: 'teacher', mandatory: null, preferenceRank: null, score: 0, pinned: false };
      break;
    }
    if (!extraMove) throw new Error('the generated county has no full teacher post to test with');
    const target = { toSchoolId: extraMove.toSchoolId };
    const violations = checkPlan(input, [...planned, extraMove]).filter((v) => v.constraint === 'capacity');
    expect(violations).toHaveLength(1);
    const all = asEvents([...planned, extraMove]);
    const { rejected } = decideApprovedPlan(staffingFacts(all), all);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatchObject({ code: 'STAFFING.QUOTA_EXCEEDED', reason: expect.stringMatching(/is full for school year 2027-28: quota \d+, \d+ hold it before the plan and \d+ would after it$/) });
    // which of the arrivals on that post is refused is staffing's deterministic choice; the post is the checker's
    expect([extraMove.teacherId, ...planned.filter((m) => m.toSchoolId === target.toSchoolId).map((m) => m.teacherId)]).toContain(rejected[0].move.teacherId);
    expect(addDays(date, -1)).toBe('2027-08-31');
  });
});
