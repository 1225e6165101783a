import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue #13, amended plans: what notices needs to say what an amendment (rotation.PlanAmended) changed — the
 * approved moves (a plan's, from MoveApproved.v2, and those amendments add) since an amendment names the moves
 * it cancels by id only, and the appeals (teacher and move) since it names its appeal by id. Both are filled
 * at once from the notices already written (a move_approved / appeal_filed notice to a teacher keeps those
 * facts), so a plan approved before this migration can still be amended with its notices.
 */
export class NoticesAmendments1766100000000 implements MigrationInterface {
  name = 'NoticesAmendments1766100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE notices.moves (
      move_id uuid PRIMARY KEY,
      plan_id uuid NOT NULL,
      amendment_id uuid,
      teacher_id uuid NOT NULL,
      from_school_id uuid,
      to_school_id uuid NOT NULL,
      kind text NOT NULL,
      effective_date date NOT NULL,
      end_date date,
      cancelled_by uuid
    )`);
    await q.query(`CREATE TABLE notices.appeals (
      appeal_id uuid PRIMARY KEY,
      teacher_id uuid NOT NULL,
      move_id uuid NOT NULL
    )`);
    await q.query(`INSERT INTO notices.moves (move_id, plan_id, teacher_id, from_school_id, to_school_id, kind, effective_date, end_date)
      SELECT (facts->>'moveId')::uuid, (facts->>'planId')::uuid, (facts->>'teacherId')::uuid, (facts->>'fromSchoolId')::uuid, (facts->>'toSchoolId')::uuid,
             facts->>'moveKind', (facts->>'effectiveDate')::date, (facts->>'endDate')::date
        FROM notices.notices WHERE kind = 'move_approved' AND recipient_type = 'teacher'
      ON CONFLICT (move_id) DO NOTHING`);
    await q.query(`INSERT INTO notices.appeals (appeal_id, teacher_id, move_id)
      SELECT (facts->>'appealId')::uuid, (facts->>'teacherId')::uuid, (facts->>'moveId')::uuid
        FROM notices.notices WHERE kind = 'appeal_filed' AND recipient_type = 'teacher'
      ON CONFLICT (appeal_id) DO NOTHING`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE notices.appeals`);
    await q.query(`DROP TABLE notices.moves`);
  }
}
