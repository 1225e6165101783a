import type { EntityManager } from 'typeorm';
import type { Contact, Language } from '../domain/contact';

export abstract class ContactRepository {
  /** the contact, or version 0 with nothing when none was recorded */
  abstract find(m: EntityManager, teacherId: string, forUpdate?: boolean): Promise<Contact>;
  /** writes the new state when the stored version is `expectedVersion` (0: none yet); null when stale */
  abstract save(m: EntityManager, teacherId: string, c: { email: string | null; phone: string | null; language: Language }, expectedVersion: number, by: string): Promise<Contact | null>;
}
