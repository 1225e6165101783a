import type { MigrationInterface, QueryRunner } from 'typeorm';
import { policyValuesTableUp } from '@app/runtime';

/**
 * The notices service's copy of the policy values the city administrator added (staffing.PolicyValueSet):
 * the reminder pass reads the days before a preference deadline from them. Its own timestamp, after the
 * notices schema exists (the shared policyValuesMigration carries an earlier one).
 */
export class NoticesPolicyValues1766100000100 implements MigrationInterface {
  name = 'NoticesPolicyValues1766100000100';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of policyValuesTableUp('notices')) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE notices.policy_values`);
  }
}
