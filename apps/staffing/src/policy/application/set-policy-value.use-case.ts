import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { PolicyValueSet } from '@app/contracts';
import { AuditTrail, type Actor } from '@app/audit';
import { Outbox } from '@app/messaging';
import { todayInShanghai } from '@app/rules';
import { policyValueSetData, UnitOfWork, type PolicyValueRecord } from '@app/runtime';
import { checkNewPolicyValue, PolicyValueExists, type NewPolicyValue } from '../domain/policy-value';
import { PolicyValueRepository } from './policy-value.repository';

/**
 * The city administrator adds a dated policy value: checked, stored, audited and announced
 * (staffing.PolicyValueSet) in one transaction, so every service's copy gets exactly what was stored.
 */
@Injectable()
export class SetPolicyValue {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly values: PolicyValueRepository,
    private readonly outbox: Outbox,
    private readonly audit: AuditTrail,
  ) {}

  async execute(actor: Actor, input: NewPolicyValue, today: string = todayInShanghai()): Promise<PolicyValueRecord> {
    return this.uow.run(async (m) => {
      await this.values.lockKey(m, input.key);
      const checked = checkNewPolicyValue(input, today, await this.values.values(m));
      const record: PolicyValueRecord = { ...checked, id: randomUUID(), setBy: actor.subject, setAt: new Date().toISOString() };
      if (!(await this.values.insert(m, record))) throw new PolicyValueExists(record.key, record.effectiveFrom, record.value);
      await this.outbox.add(m, PolicyValueSet, policyValueSetData(record));
      await this.audit.record(m, { actor, countyCode: null, action: 'policy.set', entityType: 'policy_value', entityId: record.id, before: null, after: record });
      return record;
    });
  }
}
