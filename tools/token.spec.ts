import { parseTokenArgs, parseTtl, UsageError } from './token';

const school = '6f1c1c4e-6a8e-4a55-9d4b-1f0d8b1f6a01';
const teacher = '0b7f9d7e-2b7c-4a7a-8d4e-7c1a0f3e9b01';

function usage(argv: string[]): string {
  try {
    parseTokenArgs(argv);
  } catch (err) {
    if (err instanceof UsageError) return err.message;
    throw err;
  }
  throw new Error('expected a usage error');
}

describe('npm run token arguments', () => {
  it('builds the claims of each role, with a default subject and lifetime', () => {
    expect(parseTokenArgs(['--role', 'county_hr', '--county', 'taishan'])).toEqual({ claims: { sub: 'local-county_hr', role: 'county_hr', county: 'taishan' }, ttlSeconds: 8 * 3600 });
    expect(parseTokenArgs(['--role', 'city_admin', '--sub', 'chen', '--ttl', '30m'])).toEqual({ claims: { sub: 'chen', role: 'city_admin' }, ttlSeconds: 1800 });
    expect(parseTokenArgs(['--role', 'school_admin', '--county', 'enping', '--school', school]).claims).toMatchObject({ school, county: 'enping' });
    expect(parseTokenArgs(['--role', 'teacher', '--county', 'kaiping', '--teacher', teacher]).claims).toMatchObject({ teacher });
    expect(parseTtl('90')).toBe(90);
    expect(parseTtl('2d')).toBe(172800);
  });

  it('explains the one thing wrong in a line', () => {
    expect(usage([])).toMatch(/^--role is required/);
    expect(usage(['--role', 'root'])).toBe('unknown role "root": use one of city_admin, county_hr, school_admin, teacher, scheduler');
    expect(usage(['--role', 'county_hr'])).toBe('--county is required for role county_hr');
    expect(usage(['--role', 'school_admin', '--county', 'taishan'])).toBe('--school is required for role school_admin');
    expect(usage(['--role', 'teacher', '--county', 'taishan'])).toBe('--teacher is required for role teacher');
    expect(usage(['--role', 'county_hr', '--county', 'atlantis'])).toMatch(/^unknown county "atlantis"/);
    expect(usage(['--role', 'teacher', '--county', 'taishan', '--teacher', 'nope'])).toMatch(/^--teacher: /);
    expect(usage(['--role', 'city_admin', '--county', 'taishan'])).toBe('--county does not apply to role city_admin');
    expect(usage(['--role', 'city_admin', '--ttl', 'soon'])).toMatch(/^--ttl must be a positive duration/);
    expect(usage(['--role', 'city_admin', '--colour', 'red'])).toMatch(/^Unknown option '--colour'.*; usage: /);
    for (const argv of [[], ['--role', 'root'], ['--role', 'city_admin', '--colour', 'red']]) expect(usage(argv)).not.toContain('\n');
  });
});
