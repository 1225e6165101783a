import type { DataSource } from 'typeorm';
import { KindergartenDesignated, KindergartenPairingStarted } from '@app/contracts';
import { Outbox } from '@app/messaging';
import type { GeneratedCounty } from './county-generator';

/**
 * R10 seed data for a generated county: every urban (county-town) kindergarten is designated a quality
 * public one from the first school year of the plan (1 September 2023), and paired with 2 to 4 village
 * kindergartens of its county (deterministically, round-robin), so some meet the 3-partner rule and some
 * do not. Rows and their events go in one transaction, like the rest of the seed.
 */
export const R10_SEED_FROM = '2023-09-01';

export function plannedPairings(data: { schools: readonly Pick<GeneratedCounty['schools'][number], 'id' | 'type'>[] }): { urbanId: string; villageIds: string[] }[] {
  const urban = data.schools.filter((s) => s.type === 'kindergarten_county_town');
  const village = data.schools.filter((s) => s.type === 'kindergarten_village');
  if (village.length === 0) return urban.map((u) => ({ urbanId: u.id, villageIds: [] }));
  let next = 0;
  return urban.map((u, i) => {
    const n = Math.min(village.length, 2 + (i % 3));
    const ids = Array.from({ length: n }, () => village[next++ % village.length].id);
    return { urbanId: u.id, villageIds: [...new Set(ids)] };
  });
}

/** Idempotent: a county that already has designations is left as it is. The schools are the county's in staffing. */
export async function seedKindergartenPairings(ds: DataSource, countyCode: string): Promise<{ designations: number; pairings: number }> {
  const data = { countyCode, schools: (await ds.query(`SELECT id, type FROM staffing.schools WHERE county_code = $1 ORDER BY code`, [countyCode])) as Pick<GeneratedCounty['schools'][number], 'id' | 'type'>[] };
  const plan = plannedPairings(data);
  return ds.transaction(async (m) => {
    const done = await m.query(`SELECT 1 FROM staffing.kindergarten_designations d JOIN staffing.schools s ON s.id = d.school_id WHERE s.county_code = $1 LIMIT 1`, [data.countyCode]);
    if (done.length) return { designations: 0, pairings: 0 };
    const outbox = new Outbox('staffing');
    let pairings = 0;
    for (const p of plan) {
      const [d] = await m.query(`INSERT INTO staffing.kindergarten_designations (school_id, from_date, recorded_by) VALUES ($1, $2, 'seed') RETURNING id`, [p.urbanId, R10_SEED_FROM]);
      await outbox.add(m, KindergartenDesignated, { designationId: d.id, schoolId: p.urbanId, countyCode: data.countyCode, from: R10_SEED_FROM, until: null });
      for (const villageId of p.villageIds) {
        const [row] = await m.query(
          `INSERT INTO staffing.kindergarten_pairings (urban_school_id, village_school_id, county_code, from_date, created_by) VALUES ($1, $2, $3, $4, 'seed') RETURNING id`,
          [p.urbanId, villageId, data.countyCode, R10_SEED_FROM],
        );
        await outbox.add(m, KindergartenPairingStarted, { pairingId: row.id, urbanSchoolId: p.urbanId, villageSchoolId: villageId, countyCode: data.countyCode, from: R10_SEED_FROM, until: null });
        pairings++;
      }
    }
    return { designations: plan.length, pairings };
  });
}
