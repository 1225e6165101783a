import { afterFailure, messageIdFor, safeError } from './delivery';

const policy = { maxAttempts: 4, baseDelayMs: 1000, maxDelayMs: 3000 };
const now = new Date('2026-12-01T00:00:00.000Z');

describe('delivery retries', () => {
  it('waits base × 2^(n−1) after the n-th failure, capped', () => {
    const at = (n: number) => {
      const r = afterFailure(n, false, policy, now);
      return r.status === 'pending' ? r.nextAttemptAt.getTime() - now.getTime() : r.status;
    };
    expect([1, 2, 3].map(at)).toEqual([1000, 2000, 3000]);
  });

  it('fails after the last attempt, and at once when the error is permanent', () => {
    expect(afterFailure(4, false, policy, now)).toEqual({ status: 'failed' });
    expect(afterFailure(1, true, policy, now)).toEqual({ status: 'failed' });
  });
});

describe('what operators see of an error', () => {
  it('names no address and no phone number', () => {
    expect(safeError('550 5.1.1 <t00001@example.edu.cn>: Recipient address rejected; sms to 13800138000 failed')).toBe(
      '550 5.1.1 <[address]>: Recipient address rejected; sms to [phone] failed',
    );
  });

  it('is one line of at most 500 characters', () => {
    expect(safeError(`a\n${'x'.repeat(600)}`)).toHaveLength(500);
    expect(safeError('a\n b')).toBe('a b');
  });

  it('gives a delivery a stable Message-ID', () => {
    expect(messageIdFor('0f8b2f4e-0000-4000-8000-000000000001', 'notices.jiangmen.local')).toBe('<notice-0f8b2f4e-0000-4000-8000-000000000001@notices.jiangmen.local>');
  });
});
