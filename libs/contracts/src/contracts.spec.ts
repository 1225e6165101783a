import { ALL_CONTRACTS, contractForType, defineEvent, EventValidationError, MoveApproved, TeacherAppointed, TOPICS, validateEvent } from './index';
import { z } from 'zod';

const move = {
  moveId: '7d1f0f8e-2a55-4b0e-9c57-8f3e0b6d2a10',
  teacherId: '1a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8d',
  fromSchoolId: null,
  toSchoolId: '9f8e7d6c-5b4a-4f3e-8d2c-1b0a9f8e7d6c',
  kind: 'rotation',
  role: 'teacher',
  workloadShare: 1,
  effectiveDate: '2027-09-01',
  endDate: '2030-08-31',
};

describe('event contracts', () => {
  it('names every type with its major version and finds it by type', () => {
    expect(MoveApproved.type).toBe('rotation.MoveApproved.v1');
    expect(contractForType('staffing.TeacherAppointed.v1')).toBe(TeacherAppointed);
    expect(contractForType('staffing.TeacherAppointed.v2')).toBeUndefined();
    for (const c of ALL_CONTRACTS) expect(TOPICS[c.topic]).toBeDefined();
  });

  it('accepts a valid approved move and keys it by teacher', () => {
    const data = validateEvent(MoveApproved, move);
    expect(MoveApproved.aggregateId(data)).toBe(move.teacherId);
  });

  it('rejects bad dates, shares outside (0, 1], an end before the start and unknown kinds, naming the field', () => {
    const problems = (patch: object) => {
      try {
        validateEvent(MoveApproved, { ...move, ...patch });
        return [];
      } catch (err) {
        return (err as EventValidationError).issues;
      }
    };
    expect(problems({ effectiveDate: '2027-02-30' })[0]).toMatch(/^effectiveDate/);
    expect(problems({ workloadShare: 0 })[0]).toMatch(/^workloadShare/);
    expect(problems({ workloadShare: 1.5 })[0]).toMatch(/^workloadShare/);
    expect(problems({ endDate: '2027-08-31' })[0]).toMatch(/^endDate/);
    expect(problems({ kind: 'exile' })[0]).toMatch(/^kind/);
    expect(problems({})).toEqual([]);
  });

  it('refuses badly named or versioned definitions', () => {
    expect(() => defineEvent({ name: 'staffing.schoolRegistered', version: 1, topic: 't', aggregateType: 'a', schema: z.object({}), aggregateId: () => 'x' })).toThrow(/PastTenseFact/);
    expect(() => defineEvent({ name: 'staffing.SchoolRegistered', version: 0, topic: 't', aggregateType: 'a', schema: z.object({}), aggregateId: () => 'x' })).toThrow(/version/);
  });
});
