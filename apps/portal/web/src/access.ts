/**
 * Who may open which page, from the role and scope the session's token carries (Ant Design Pro's
 * access.ts idea). Menus and buttons hide what a person may not do; the services still refuse it.
 */
export interface Principal {
  role: 'city_admin' | 'county_hr' | 'school_admin' | 'teacher' | 'scheduler';
  subject: string;
  countyCode?: string;
  schoolId?: string;
  teacherId?: string;
}

export interface Access {
  teacher: boolean;
  countyHr: boolean;
  schoolAdmin: boolean;
  city: boolean;
  operator: boolean;
  /** has an inbox of notices: a teacher, a school's administrator, county HR (the county's), the city (the city's); not the operators' account */
  inbox: boolean;
}
export type AccessKey = keyof Access;

export function accessFor(p: Principal | undefined): Access {
  const role = p?.role;
  return {
    teacher: role === 'teacher' && !!p?.teacherId,
    // The city administrator may act in every county (they choose one); a county HR officer in their own.
    countyHr: role === 'county_hr' || role === 'city_admin',
    schoolAdmin: role === 'school_admin' && !!p?.schoolId,
    city: role === 'city_admin',
    operator: role === 'scheduler' || role === 'city_admin',
    inbox: (role === 'teacher' && !!p?.teacherId) || (role === 'school_admin' && !!p?.schoolId) || (role === 'county_hr' && !!p?.countyCode) || role === 'city_admin',
  };
}
