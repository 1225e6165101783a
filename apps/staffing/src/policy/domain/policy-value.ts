import { DomainError } from '@app/errors';
import { isPolicyKey, policyValueProblem, type PolicyKey, type PolicyValue } from '@app/policy';
import { assertIsoDate, type IsoDate } from '@app/rules';

/**
 * The city administrator's policy values (DESIGN.md §2: every number is data with an effective date). A
 * value is never edited: a change is a new value from a later date, so a past decision can be re-checked
 * under the rule then in force. A value may take effect today or be scheduled for a future date; a date in
 * the past would rewrite decisions already taken and is refused.
 */
export interface NewPolicyValue {
  key: string;
  value: number;
  effectiveFrom: IsoDate;
  source: string;
}

export class PolicyValueInvalid extends DomainError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('POLICY.VALUE_INVALID', 'invalid', message, details);
  }
}

export class PolicyValueExists extends DomainError {
  constructor(key: string, effectiveFrom: string, existing: number) {
    super(
      'POLICY.VALUE_EXISTS',
      'conflict',
      `${key} already has a value from ${effectiveFrom} (${existing}); values are never edited: add one from a later date instead / 该日期已有取值，不可修改，请以更晚的生效日期新增`,
      { key, effectiveFrom, existing },
    );
  }
}

/** The checked value to add, given today (Asia/Shanghai) and every value there is (defaults included). */
export function checkNewPolicyValue(input: NewPolicyValue, today: IsoDate, existing: readonly PolicyValue[]): PolicyValue {
  if (!isPolicyKey(input.key)) throw new PolicyValueInvalid(`${input.key} is not a policy parameter; GET /policy-values lists them / 没有这个政策参数`, { key: input.key });
  const key: PolicyKey = input.key;
  assertIsoDate(input.effectiveFrom, 'effectiveFrom');
  if (input.effectiveFrom < today) {
    throw new PolicyValueInvalid(`a value takes effect today (${today}) or later, not on ${input.effectiveFrom}: decisions already taken keep the rule of their day / 生效日期不能早于今天`, {
      key,
      effectiveFrom: input.effectiveFrom,
      today,
    });
  }
  const problem = policyValueProblem(key, input.value);
  if (problem) throw new PolicyValueInvalid(problem, { key, value: input.value });
  const source = input.source.trim();
  if (source.length === 0) throw new PolicyValueInvalid('say where the value comes from (the document and article) / 请注明依据', { key });
  const same = existing.find((v) => v.key === key && v.effectiveFrom === input.effectiveFrom);
  if (same) throw new PolicyValueExists(key, input.effectiveFrom, same.value);
  return { key, value: input.value, effectiveFrom: input.effectiveFrom, source };
}
