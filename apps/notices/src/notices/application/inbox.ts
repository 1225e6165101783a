import { Forbidden, type Principal } from '@app/auth';
import type { Recipient } from './notice.repository';
import { CITY_INBOX } from './notify.service';

/**
 * Whose inbox a caller reads: a teacher their own; a school administrator their school's; a county HR officer
 * their county's; the city administrator the city's. The operators' service account has none. The inbox comes
 * from the token only, so nobody can name another's.
 */
export function inboxOf(p: Principal): Recipient {
  switch (p.role) {
    case 'teacher':
      return { type: 'teacher', id: p.teacherId! };
    case 'school_admin':
      return { type: 'school', id: p.schoolId! };
    case 'county_hr':
      return { type: 'county', id: p.countyCode! };
    case 'city_admin':
      return { type: 'city', id: CITY_INBOX };
    default:
      throw new Forbidden(`${p.role} has no inbox of notices`);
  }
}
