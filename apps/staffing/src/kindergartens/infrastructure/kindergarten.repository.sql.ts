import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { updateReturning } from '@app/runtime';
import { KindergartenRepository, type Designation, type Pairing, type QualityKindergarten } from '../application/kindergarten.repository';
import type { Dated, KindergartenFacts } from '../domain/kindergarten';

const SCHOOL = `id, name, type, county_code AS "countyCode"`;
const DESIGNATION = `id, school_id AS "schoolId", from_date AS "from", until_date AS "until"`;
const PAIRING = `id, urban_school_id AS "urbanSchoolId", village_school_id AS "villageSchoolId", county_code AS "countyCode", from_date AS "from", until_date AS "until", end_reason AS "endReason", version`;

@Injectable()
export class SqlKindergartenRepository extends KindergartenRepository {
  async school(m: EntityManager, id: string): Promise<KindergartenFacts | null> {
    const [row] = await m.query(`SELECT ${SCHOOL} FROM staffing.schools WHERE id = $1`, [id]);
    return row ?? null;
  }

  async schoolByCode(m: EntityManager, countyCode: string, code: string): Promise<KindergartenFacts | null> {
    const [row] = await m.query(`SELECT ${SCHOOL} FROM staffing.schools WHERE county_code = $1 AND code = $2`, [countyCode, code]);
    return row ?? null;
  }

  designations(m: EntityManager, schoolId: string): Promise<Designation[]> {
    return m.query(`SELECT ${DESIGNATION} FROM staffing.kindergarten_designations WHERE school_id = $1 ORDER BY from_date`, [schoolId]);
  }

  async addDesignation(m: EntityManager, schoolId: string, d: Dated, by: string): Promise<Designation> {
    const [row] = await m.query(`INSERT INTO staffing.kindergarten_designations (school_id, from_date, until_date, recorded_by) VALUES ($1, $2, $3, $4) RETURNING ${DESIGNATION}`, [schoolId, d.from, d.until, by]);
    return row;
  }

  pairingsOf(m: EntityManager, urbanSchoolId: string): Promise<Pairing[]> {
    return m.query(`SELECT ${PAIRING} FROM staffing.kindergarten_pairings WHERE urban_school_id = $1 ORDER BY from_date FOR UPDATE`, [urbanSchoolId]);
  }

  async findPairing(m: EntityManager, id: string): Promise<Pairing | null> {
    const [row] = await m.query(`SELECT ${PAIRING} FROM staffing.kindergarten_pairings WHERE id = $1`, [id]);
    return row ?? null;
  }

  async addPairing(m: EntityManager, p: Omit<Pairing, 'id' | 'version' | 'endReason'>, by: string): Promise<Pairing> {
    const [row] = await m.query(
      `INSERT INTO staffing.kindergarten_pairings (urban_school_id, village_school_id, county_code, from_date, until_date, created_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${PAIRING}`,
      [p.urbanSchoolId, p.villageSchoolId, p.countyCode, p.from, p.until, by],
    );
    return row;
  }

  async endPairing(m: EntityManager, id: string, until: string, reason: string, version: number): Promise<Pairing | null> {
    const [row] = await updateReturning<Pairing>(
      m,
      `UPDATE staffing.kindergarten_pairings SET until_date = $2, end_reason = $3, version = version + 1 WHERE id = $1 AND version = $4 RETURNING ${PAIRING}`,
      [id, until, reason, version],
    );
    return row ?? null;
  }

  async qualityKindergartens(m: EntityManager, countyCode: string, date: string): Promise<QualityKindergarten[]> {
    return m.query(
      `SELECT s.id AS "schoolId", s.name, s.code, min(d.from_date) AS "designatedFrom",
              coalesce((SELECT json_agg(json_build_object('pairingId', p.id, 'schoolId', v.id, 'name', v.name, 'from', p.from_date, 'until', p.until_date, 'version', p.version) ORDER BY v.name)
                          FROM staffing.kindergarten_pairings p JOIN staffing.schools v ON v.id = p.village_school_id
                         WHERE p.urban_school_id = s.id AND p.from_date <= $2 AND (p.until_date IS NULL OR p.until_date >= $2)), '[]') AS partners
         FROM staffing.schools s JOIN staffing.kindergarten_designations d ON d.school_id = s.id AND d.from_date <= $2 AND (d.until_date IS NULL OR d.until_date >= $2)
        WHERE s.county_code = $1 GROUP BY s.id ORDER BY s.name`,
      [countyCode, date],
    );
  }
}
