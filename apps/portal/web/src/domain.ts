/** Values the services accept, as the page offers them (labels come from the locales). */
export const SCHOOL_TYPES = [
  'county_town',
  'township_central',
  'village_primary',
  'teaching_point',
  'junior_middle',
  'senior_high',
  'kindergarten_county_town',
  'kindergarten_township',
  'kindergarten_village',
] as const;
export const APPOINTMENT_KINDS = ['regular', 'rotation', 'support', 'placement', 'walking'] as const;
export const APPOINTMENT_ROLES = ['teacher', 'principal', 'vice_principal', 'secretary', 'researcher'] as const;
/** Spreadsheet imports: which service takes each kind, at which path (all check first with ?dryRun=true). */
export const IMPORTS = {
  schools: { service: 'staffing', path: '/imports/schools' },
  quotas: { service: 'staffing', path: '/imports/quotas' },
  teachers: { service: 'staffing', path: '/imports/teachers' },
  pairings: { service: 'staffing', path: '/imports/pairings' },
  activities: { service: 'training', path: '/imports/activities' },
  attendance: { service: 'training', path: '/imports/attendance' },
} as const;
export type ImportKind = keyof typeof IMPORTS;
export const IMPORT_KINDS = Object.keys(IMPORTS) as ImportKind[];
export const CYCLE_NEXT: Record<string, string[]> = {
  draft: ['collecting'],
  collecting: ['planning'],
  planning: [],
  proposed: ['planning'],
  approved: ['executed'],
  executed: [],
};

/** Subsidies (R9) */
export const BATCH_STATUSES = ['draft', 'published', 'approved', 'exported', 'paid', 'withdrawn'] as const;
export const PAYMENT_STATUSES = ['nothing_due', 'unpaid', 'draft', 'published', 'approved', 'exported', 'paid'] as const;

/** Training (R6–R8, R12) */
export const ACTIVITY_KINDS = ['county_special_training', 'open_class', 'regional_research', 'guidance_visit', 'stationing', 'continuing_education'] as const;
export const CREDIT_CATEGORIES = ['centralised', 'school_based', 'online', 'public_required'] as const;
export const ORGANISERS = ['county', 'district', 'school'] as const;
export const TARGET_TYPES = ['county_rural', 'district_small_scale', 'schools'] as const;
export const GROWTH_STAGES = ['new', 'competent', 'proficient', 'expert', 'leading'] as const;
export const GROWTH_CATEGORIES = ['teacher', 'principal', 'researcher'] as const;
export const COMPLIANCE_RULES = ['R6.visits', 'R6.stationing', 'R7.county', 'R7.teacher', 'R8', 'hours.year', 'hours.probation'] as const;
