import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AmendmentFactsRepository } from '../application/amendment-facts.repository';

@Injectable()
export class SqlAmendmentFactsRepository extends AmendmentFactsRepository {
  async successors(m: EntityManager, teacherIds: readonly string[]): Promise<Map<string, string>> {
    if (teacherIds.length === 0) return new Map();
    const rows: { from: string; to: string }[] = await m.query(
      `SELECT corrects_id AS "from", appointment_id AS "to" FROM rotation.appointments WHERE teacher_id = ANY($1::uuid[]) AND corrects_id IS NOT NULL`,
      [teacherIds],
    );
    return new Map(rows.map((r) => [r.from, r.to]));
  }
}
