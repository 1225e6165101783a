import { LANGUAGES } from '@app/contracts';
import { DomainError } from '@app/errors';

export type Language = (typeof LANGUAGES)[number];

/** How to reach a teacher and in which language; personal data (never logged, masked in the audit trail). */
export interface Contact {
  teacherId: string;
  email: string | null;
  phone: string | null;
  language: Language;
  /** 0: nothing recorded yet */
  version: number;
  updatedAt: string | null;
}

export class ContactInvalid extends DomainError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('STAFFING.CONTACT_INVALID', 'invalid', message, details);
  }
}

const EMAIL = /^[^\s@<>(),;:"\\[\]]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;

/**
 * Normalises a contact as entered: e-mail trimmed with its domain lower-cased; a mainland mobile number as
 * 11 digits (spaces, dashes and a +86 / 0086 prefix removed). Empty means "none".
 */
export function normaliseContact(input: { email: string | null; phone: string | null; language: Language }): { email: string | null; phone: string | null; language: Language } {
  let email = input.email?.trim() || null;
  if (email !== null) {
    if (email.length > 254 || !EMAIL.test(email)) throw new ContactInvalid('email is not an e-mail address', { field: 'email' });
    const at = email.lastIndexOf('@');
    email = email.slice(0, at) + email.slice(at).toLowerCase();
  }
  let phone = input.phone?.replace(/[\s-]/g, '') || null;
  if (phone !== null) {
    phone = phone.replace(/^(\+86|0086)/, '');
    if (!/^1\d{10}$/.test(phone)) throw new ContactInvalid('phone must be a mainland mobile number of 11 digits starting with 1', { field: 'phone' });
  }
  if (!LANGUAGES.includes(input.language)) throw new ContactInvalid(`language must be one of ${LANGUAGES.join(', ')}`, { field: 'language' });
  return { email, phone, language: input.language };
}

/** t0***@example.edu.cn — enough for an auditor to see that it changed and roughly to what, not the address. */
export function maskEmail(email: string | null): string | null {
  if (email === null) return null;
  const at = email.lastIndexOf('@');
  return `${email.slice(0, Math.min(2, at))}***${email.slice(at)}`;
}

/** 138****8000 */
export function maskPhone(phone: string | null): string | null {
  return phone === null ? null : `${phone.slice(0, 3)}****${phone.slice(-4)}`;
}

/** What the audit trail keeps of a contact: masked values, the language in clear. */
export function auditView(c: Pick<Contact, 'email' | 'phone' | 'language' | 'version'> | null): Record<string, unknown> | null {
  return c === null || c.version === 0 ? null : { email: maskEmail(c.email), phone: maskPhone(c.phone), language: c.language, version: c.version };
}
