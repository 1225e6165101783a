import { DEFAULT_POLICY, PolicyNotInForce, type PolicyValue } from '@app/policy';
import { QuotaShortfall, validateEvent } from '@app/contracts';
import { exchangeQuota, InvalidQuotaInput, peopleRequired, type ExchangeQuotaInput } from './quota';

const input = (p: Partial<ExchangeQuotaInput>): ExchangeQuotaInput => ({
  teachersOnCensus: 100,
  movedTeacherIds: [],
  eligibleByTenure: 0,
  asOf: '2026-06-30',
  countyCode: 'taishan',
  schoolYear: 2025,
  ...p,
});

describe('exchangeQuota (R1)', () => {
  it('requires ceil(5% of teachers), counts distinct moved teachers and the shortfall', () => {
    const q = exchangeQuota(input({ teachersOnCensus: 120, movedTeacherIds: ['a', 'b', 'a', 'c', 'd', 'e', 'b'], eligibleByTenure: 30 }));
    expect(q).toEqual({
      countyCode: 'taishan',
      schoolYear: 2025,
      asOf: '2026-06-30',
      moved: 5,
      teachers: 120,
      ratio: 5 / 120,
      requiredRatio: 0.05,
      required: 6,
      shortfall: 1,
      eligibleByTenure: 30,
      nationalBaseRequired: 3,
    });
    // it is exactly what scheduler.QuotaShortfall carries
    expect(() => validateEvent(QuotaShortfall, q)).not.toThrow();
  });

  it('rounds a share of people up', () => {
    expect(exchangeQuota(input({ teachersOnCensus: 101 })).required).toBe(6); // 5.05
    expect(exchangeQuota(input({ teachersOnCensus: 100 })).required).toBe(5);
    expect(exchangeQuota(input({ teachersOnCensus: 1 })).required).toBe(1);
    expect(exchangeQuota(input({ eligibleByTenure: 31 })).nationalBaseRequired).toBe(4);
    expect(exchangeQuota(input({ eligibleByTenure: 0 })).nationalBaseRequired).toBe(0);
    expect(peopleRequired(0.05, 2000)).toBe(100);
    expect(peopleRequired(0.07, 100)).toBe(7); // 0.07 × 100 is 7.000000000000001 in doubles; a bare ceil gives 8
    const sevenPercent: PolicyValue[] = [...DEFAULT_POLICY, { key: 'R1.min_exchange_share', value: 0.07, effectiveFrom: '2025-09-01', source: 'test' }];
    expect(exchangeQuota(input({ teachersOnCensus: 100, movedTeacherIds: ['a', 'b', 'c', 'd', 'e', 'f', 'g'] }), sevenPercent)).toMatchObject({ required: 7, shortfall: 0 });
  });

  it('has no shortfall when enough moved', () => {
    const q = exchangeQuota(input({ movedTeacherIds: ['a', 'b', 'c', 'd', 'e', 'f', 'g'] }));
    expect(q).toMatchObject({ moved: 7, required: 5, shortfall: 0, ratio: 0.07 });
  });

  it('requires nothing of a county with zero teachers', () => {
    expect(exchangeQuota(input({ teachersOnCensus: 0 }))).toMatchObject({ moved: 0, teachers: 0, ratio: 0, required: 0, shortfall: 0 });
  });

  it('uses the share in force on the school year’s 1 September', () => {
    const policy: PolicyValue[] = [...DEFAULT_POLICY, { key: 'R1.min_exchange_share', value: 0.08, effectiveFrom: '2027-09-01', source: 'test' }];
    expect(exchangeQuota(input({ schoolYear: 2026, asOf: '2027-08-31' }), policy)).toMatchObject({ requiredRatio: 0.05, required: 5 });
    expect(exchangeQuota(input({ schoolYear: 2027, asOf: '2027-09-01' }), policy)).toMatchObject({ requiredRatio: 0.08, required: 8 });
    expect(() => exchangeQuota(input({ schoolYear: 2022, asOf: '2023-06-30' }))).toThrow(PolicyNotInForce);
  });

  it('rejects counts that are not whole numbers', () => {
    expect(() => exchangeQuota(input({ teachersOnCensus: -1 }))).toThrow(InvalidQuotaInput);
    expect(() => exchangeQuota(input({ teachersOnCensus: 10.5 }))).toThrow(InvalidQuotaInput);
    expect(() => exchangeQuota(input({ eligibleByTenure: Number.NaN }))).toThrow(InvalidQuotaInput);
    expect(() => exchangeQuota(input({ asOf: '2026-02-30' }))).toThrow('calendar date');
  });

  it('says which count is wrong, with a stable code, as an invalid input', () => {
    const error = (run: () => unknown) => {
      try {
        run();
      } catch (e) {
        return e;
      }
      throw new Error('expected an error');
    };
    const negative = error(() => exchangeQuota(input({ teachersOnCensus: -1 })));
    expect(negative).toBeInstanceOf(InvalidQuotaInput);
    expect(negative).toMatchObject({
      code: 'SCHEDULER.INVALID_QUOTA_INPUT',
      kind: 'invalid',
      message: 'teachersOnCensus must be a whole number not below 0, got -1',
      details: { field: 'teachersOnCensus', value: '-1' },
    });
    expect(error(() => exchangeQuota(input({ eligibleByTenure: 2.5 })))).toMatchObject({
      code: 'SCHEDULER.INVALID_QUOTA_INPUT',
      message: 'eligibleByTenure must be a whole number not below 0, got 2.5',
      details: { field: 'eligibleByTenure', value: '2.5' },
    });
    expect(error(() => exchangeQuota(input({ schoolYear: 2025.5 })))).toMatchObject({ message: 'schoolYear must be a whole number not below 0, got 2025.5', details: { field: 'schoolYear' } });
    expect(error(() => exchangeQuota(input({ asOf: '2026-02-30' })))).toMatchObject({ code: 'RULES.INVALID_DATE', message: `asOf must be a calendar date 'YYYY-MM-DD', got "2026-02-30"` });
  });
});
