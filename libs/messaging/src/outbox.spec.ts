import type { EntityManager } from 'typeorm';
import { SchoolRegistered, EventValidationError } from '@app/contracts';
import { Outbox, OutboxOutsideTransactionError } from './outbox';

const valid = { schoolId: '0b0c2f1e-8d1a-4c55-9a4b-3f7f2a3e9c11', countyCode: 'kaiping', code: 'KP-1', name: '开平市长沙中学', type: 'junior_middle' as const, districtCode: null, weak: true, smallScale: false, rural: false, remoteTier: 0 };

function fakeManager(inTransaction: boolean) {
  const calls: { sql: string; params: unknown[] }[] = [];
  const manager = { queryRunner: { isTransactionActive: inTransaction }, query: async (sql: string, params: unknown[]) => void calls.push({ sql, params }) };
  return { manager: manager as unknown as EntityManager, calls };
}

describe('Outbox', () => {
  it('refuses to write outside a transaction', async () => {
    const { manager, calls } = fakeManager(false);
    await expect(new Outbox('staffing').add(manager, SchoolRegistered, valid)).rejects.toThrow(OutboxOutsideTransactionError);
    expect(calls).toHaveLength(0);
  });

  it('validates the payload against its contract before writing', async () => {
    const { manager, calls } = fakeManager(true);
    await expect(new Outbox('staffing').add(manager, SchoolRegistered, { ...valid, remoteTier: 7 })).rejects.toThrow(EventValidationError);
    expect(calls).toHaveLength(0);
  });

  it('writes one row per event with type, topic, aggregate id as key and the payload', async () => {
    const { manager, calls } = fakeManager(true);
    const id = await new Outbox('staffing').add(manager, SchoolRegistered, valid);
    expect(calls).toHaveLength(1);
    expect(calls[0].sql).toContain('INSERT INTO "staffing".outbox');
    expect(calls[0].params).toEqual([id, 'school', valid.schoolId, 'staffing.SchoolRegistered.v1', 'staffing.schools', null, JSON.stringify(valid), null]);
  });

  it('splits large batches to stay under PostgreSQL bind-parameter limit', async () => {
    const { manager, calls } = fakeManager(true);
    const ids = await new Outbox('staffing').addAll(manager, Array.from({ length: 12000 }, () => ({ contract: SchoolRegistered, data: valid })));
    expect(new Set(ids).size).toBe(12000);
    expect(calls.map((c) => c.params.length)).toEqual([40000, 40000, 16000]);
  });
});
