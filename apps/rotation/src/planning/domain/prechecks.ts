import { forcedPinProblem, type Candidate } from './candidates';
import { arrivalKind, type CountyIndex } from './county-index';
import type { Infeasibility } from './plan';
import { peopleAtLeast, R3_DESTINATION_TYPES, type Pin } from './plan-input';

/**
 * Counting arguments that prove a cycle infeasible before any solve, each with its numbers. They are
 * necessary conditions only: passing them does not make a cycle feasible (the elastic re-solve finds the
 * rest). An exempt teacher is never mandatory here (the exemption suspends the obligation).
 */
export function precheck(index: CountyIndex, candidates: readonly Candidate[][], pins: readonly Pin[] = index.input.pins ?? []): Infeasibility[] {
  const out: Infeasibility[] = [];
  const { teachers, parameters } = index.input;
  const label = (t: { id: string; name?: string }) => t.name ?? t.id;
  const mandatory = (ti: number) => teachers[ti].mandatory !== null && !teachers[ti].exempt;

  // pins
  const forcedBy = new Map<string, string[]>();
  const forbidden = new Set<string>();
  for (const pin of pins) if (pin.kind === 'forbid') forbidden.add(`${pin.teacherId}|${pin.schoolId}`);
  for (const pin of pins) {
    if (pin.kind !== 'force') continue;
    const ti = index.teacherIndex.get(pin.teacherId);
    if (ti === undefined) continue;
    const t = teachers[ti];
    const problem = forbidden.has(`${pin.teacherId}|${pin.schoolId}`) ? `${label(t)} is both forced to and forbidden from ${index.schoolName(pin.schoolId)}` : forcedPinProblem(index, t, pin.schoolId);
    forcedBy.set(pin.teacherId, [...(forcedBy.get(pin.teacherId) ?? []), pin.schoolId]);
    if (problem) out.push(pinIssue(index, problem, pin.teacherId, pin.schoolId));
  }
  for (const [teacherId, schools] of forcedBy) {
    const distinct = [...new Set(schools)];
    if (distinct.length > 1) {
      out.push(pinIssue(index, `${label(teachers[index.teacherIndex.get(teacherId)!])} is forced to ${distinct.length} schools (${distinct.map((s) => index.schoolName(s)).join(', ')}); only the first is kept`, teacherId, distinct[0]));
    }
  }

  // mandatory teachers with nowhere to go
  for (const rule of ['R2', 'R3'] as const) {
    const stuck = teachers.map((t, ti) => ({ t, ti })).filter(({ t, ti }) => t.mandatory?.rule === rule && !t.exempt && candidates[ti].length === 0);
    if (stuck.length === 0) continue;
    const why = stuck.map(({ t }) => `${label(t)} (${t.volunteer ? 'a volunteer who listed no school with a suitable post' : `no ${rule === 'R3' ? 'county-town or township-central ' : ''}school has a ${arrivalKind(t).subject ?? t.category} post`})`);
    out.push({
      constraint: 'no_candidate',
      where: `${rule} teachers`,
      required: stuck.length,
      available: 0,
      shortBy: stuck.length,
      message: index.say(`${stuck.length} ${rule} teacher${stuck.length > 1 ? 's' : ''} must move and ${stuck.length > 1 ? 'have' : 'has'} no school to move to: ${listed(why)}`),
      source: 'precheck',
      teacherIds: stuck.map(({ t }) => t.id),
    });
  }

  // R3: placements per post kind against the places county-town and township-central schools have
  const r3ByKind = new Map<string, string[]>();
  teachers.forEach((t, ti) => {
    if (t.mandatory?.rule !== 'R3' || !mandatory(ti)) return;
    const a = arrivalKind(t);
    const k = `${a.subject ?? ''}|${a.category}`;
    r3ByKind.set(k, [...(r3ByKind.get(k) ?? []), t.id]);
  });
  if (r3ByKind.size > 0) {
    const holdersWhoMayLeave = new Map<number, number>();
    teachers.forEach((_, ti) => {
      const held = index.heldPost[ti];
      if (held && candidates[ti].length > 0) holdersWhoMayLeave.set(held.index, (holdersWhoMayLeave.get(held.index) ?? 0) + 1);
    });
    for (const [k, ids] of r3ByKind) {
      const [subject, category] = k.split('|');
      let vacant = 0;
      let freed = 0;
      for (const p of index.posts) {
        if ((p.subject ?? '') !== subject || p.category !== category) continue;
        if (!R3_DESTINATION_TYPES.includes(index.schools.get(p.schoolId)!.type)) continue;
        vacant += p.headroom;
        freed += holdersWhoMayLeave.get(p.index) ?? 0;
      }
      const available = vacant + freed;
      if (ids.length <= available) continue;
      const what = subject || category;
      out.push({
        constraint: 'r3_places',
        where: `${what} posts at county-town and township-central schools`,
        required: ids.length,
        available,
        shortBy: ids.length - available,
        message: index.say(`${ids.length} R3 placements need county-town/township-central ${what} places, ${available} exist (${vacant} vacant, ${freed} more if every holder who may move does)${ids.length - available <= 10 ? `; the R3 teachers${index.whoAre(ids)}` : ''}`),
        source: 'precheck',
        teacherIds: ids,
      });
    }
  }

  // leaders who must leave a school (R2, an R3 placement, a forced pin) against its leadership cap
  const mustLeave = new Map<string, string[]>();
  teachers.forEach((t, ti) => {
    if (!index.isLeader(t) || t.exempt) return;
    const forced = candidates[ti].some((c) => c.forced);
    if (!(t.mandatory !== null || forced)) return;
    mustLeave.set(t.currentSchoolId, [...(mustLeave.get(t.currentSchoolId) ?? []), t.id]);
  });
  for (const [schoolId, ids] of mustLeave) {
    const cap = index.leadershipCap(schoolId);
    if (ids.length <= cap) continue;
    const team = index.schools.get(schoolId)!.leadershipTeamSize;
    out.push({
      constraint: 'leadership_cap',
      where: index.schoolName(schoolId),
      required: ids.length,
      available: cap,
      shortBy: ids.length - cap,
      message: index.say(
        `${index.schoolName(schoolId)}: ${ids.length} leader${ids.length > 1 ? 's' : ''} must leave (R2, R3 or pinned), the leadership cap allows ${cap} (${index.leadershipCapFormula(schoolId)})${index.namesOf(ids) ? `: ${index.namesOf(ids)}` : ''}`,
      ),
      source: 'precheck',
      teacherIds: ids,
      schoolId,
    });
  }

  // R1 and the backbone share against who can move at all
  const movable = candidates.filter((c) => c.length > 0).length;
  if (movable < index.r1Required) {
    out.push({
      constraint: 'min_movers',
      where: 'county',
      required: index.r1Required,
      available: movable,
      shortBy: index.r1Required - movable,
      message: index.say(`R1 needs ${index.r1Required} movers (${pct(parameters.minMoverShare)} of ${index.input.censusTeachers ?? teachers.length}), only ${movable} teachers have a school to move to`),
      source: 'precheck',
    });
  }
  const mandatoryCount = teachers.filter((_, ti) => mandatory(ti)).length;
  const fewestMovers = Math.max(index.r1Required, mandatoryCount);
  const backboneNeeded = peopleAtLeast(parameters.backboneMoverShare, fewestMovers);
  const backboneMovable = teachers.filter((t, ti) => t.backbone && candidates[ti].length > 0).length;
  if (backboneMovable < backboneNeeded) {
    out.push({
      constraint: 'backbone_share',
      where: 'county',
      required: backboneNeeded,
      available: backboneMovable,
      shortBy: backboneNeeded - backboneMovable,
      message: index.say(`at least ${fewestMovers} teachers move, so ${backboneNeeded} backbone movers are needed (${pct(parameters.backboneMoverShare)}); only ${backboneMovable} backbone teachers have a school to move to`),
      source: 'precheck',
    });
  }
  return out;
}

function pinIssue(index: CountyIndex, problem: string, teacherId: string, schoolId: string): Infeasibility {
  return { constraint: 'pin', where: index.schoolName(schoolId), required: 1, available: 0, shortBy: 1, message: index.say(`pin cannot be honoured: ${problem}`), source: 'precheck', teacherIds: [teacherId], schoolId };
}

export function pct(share: number): string {
  return `${Math.round(share * 1000) / 10}%`;
}

function listed(items: string[], max = 5): string {
  return items.length <= max ? items.join('; ') : `${items.slice(0, max).join('; ')}; and ${items.length - max} more`;
}
