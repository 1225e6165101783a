import { BatchLocked, BatchStepRefused, FourEyesRefused, nextStatus, provinceShareFen, reconcile } from './batch';

const batch = (status: Parameters<typeof nextStatus>[0]['status']) => ({ id: 'b1', status, draftedBy: 'hr-a' });

describe('payment batch steps', () => {
  it('goes draft → published → approved → exported → paid', () => {
    expect(nextStatus(batch('draft'), 'publish', 'hr-a')).toBe('published');
    expect(nextStatus(batch('published'), 'approve', 'hr-b')).toBe('approved');
    expect(nextStatus(batch('approved'), 'export', 'hr-a')).toBe('exported');
    expect(nextStatus(batch('exported'), 'pay', 'hr-a')).toBe('paid');
    expect(nextStatus(batch('published'), 'withdraw', 'hr-a')).toBe('withdrawn');
  });

  it('refuses the drafter approving their own batch (four eyes), with a sentence', () => {
    expect(() => nextStatus(batch('published'), 'approve', 'hr-a')).toThrow(FourEyesRefused);
    expect(() => nextStatus(batch('published'), 'approve', 'hr-a')).toThrow(/second officer/);
  });

  it('refuses steps out of order, and any step on a paid or withdrawn batch', () => {
    expect(() => nextStatus(batch('draft'), 'approve', 'hr-b')).toThrow(BatchStepRefused);
    expect(() => nextStatus(batch('approved'), 'withdraw', 'hr-b')).toThrow(/only a draft or published batch/);
    for (const action of ['publish', 'approve', 'export', 'pay', 'withdraw'] as const) {
      expect(() => nextStatus(batch('paid'), action, 'hr-b')).toThrow(BatchLocked);
      expect(() => nextStatus(batch('withdrawn'), action, 'hr-b')).toThrow(BatchLocked);
    }
  });

  it("computes the province's share to the fen and checks that totals reconcile", () => {
    expect(provinceShareFen(123457, 0.6)).toBe(74074); // 74074.2
    expect(provinceShareFen(5, 0.5)).toBe(3); // 2.5 → 3
    const totals = { totalFen: 300, lines: 3, bySchool: [{ schoolId: 's1', totalFen: 100, lines: 1 }, { schoolId: 's2', totalFen: 200, lines: 2 }], byTier: [{ tier: 1, totalFen: 300, lines: 3 }] };
    expect(reconcile(300, totals)).toEqual({ reconciled: true, problems: [] });
    expect(reconcile(301, totals).reconciled).toBe(false);
    expect(reconcile(300, { ...totals, byTier: [{ tier: 1, totalFen: 299, lines: 3 }] }).problems).toEqual(['tiers sum to 299 fen, lines to 300']);
  });
});
