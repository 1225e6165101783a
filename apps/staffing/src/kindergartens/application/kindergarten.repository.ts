import type { EntityManager } from 'typeorm';
import type { Dated, KindergartenFacts } from '../domain/kindergarten';

export interface Designation extends Dated {
  id: string;
  schoolId: string;
}

export interface Pairing extends Dated {
  id: string;
  urbanSchoolId: string;
  villageSchoolId: string;
  countyCode: string;
  endReason: string | null;
  version: number;
}

/** A quality kindergarten on a date, with the village kindergartens it is paired with then. */
export interface QualityKindergarten {
  schoolId: string;
  name: string;
  code: string;
  designatedFrom: string;
  partners: { pairingId: string; schoolId: string; name: string; from: string; until: string | null; version: number }[];
}

export abstract class KindergartenRepository {
  abstract school(m: EntityManager, id: string): Promise<KindergartenFacts | null>;
  abstract schoolByCode(m: EntityManager, countyCode: string, code: string): Promise<KindergartenFacts | null>;
  abstract designations(m: EntityManager, schoolId: string): Promise<Designation[]>;
  abstract addDesignation(m: EntityManager, schoolId: string, d: Dated, by: string): Promise<Designation>;
  /** the urban kindergarten's pairings, locked for the rest of the transaction */
  abstract pairingsOf(m: EntityManager, urbanSchoolId: string): Promise<Pairing[]>;
  abstract findPairing(m: EntityManager, id: string): Promise<Pairing | null>;
  abstract addPairing(m: EntityManager, p: Omit<Pairing, 'id' | 'version' | 'endReason'>, by: string): Promise<Pairing>;
  /** null when the version no longer matches */
  abstract endPairing(m: EntityManager, id: string, until: string, reason: string, version: number): Promise<Pairing | null>;
  abstract qualityKindergartens(m: EntityManager, countyCode: string, date: string): Promise<QualityKindergarten[]>;
}
