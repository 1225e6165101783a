import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROLES, signHs256Token, tokenClaims, type Role, type TokenClaims } from '@app/auth';
import { baseConfigSchema } from '@app/platform';
import { JIANGMEN_COUNTIES } from '../seeds/counties';

/**
 * Mints a local bearer token (HS256, the secret `npm start` / `npm test` keep in .run/auth-secret) and
 * prints only the token. Production tokens come from the identity provider, never from here.
 *
 *   npm run -s token -- --role county_hr --county taishan [--school <uuid>] [--teacher <uuid>] [--sub name] [--ttl 8h]
 */
export class UsageError extends Error {}

const USAGE = 'usage: npm run -s token -- --role <role> [--county <code>] [--school <uuid>] [--teacher <uuid>] [--sub <name>] [--ttl 8h]';
const SCOPED_BY: Record<Role, ('county' | 'school' | 'teacher')[]> = {
  city_admin: [],
  scheduler: [],
  county_hr: ['county'],
  school_admin: ['county', 'school'],
  teacher: ['county', 'teacher'],
};

/** "8h", "30m", "90s", "2d" or plain seconds. */
export function parseTtl(value: string): number {
  const m = /^(\d+)([smhd]?)$/.exec(value.trim());
  const seconds = m ? Number(m[1]) * { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2] as '' | 's' | 'm' | 'h' | 'd'] : 0;
  if (!seconds) throw new UsageError(`--ttl must be a positive duration such as 8h, 30m or 3600s, not "${value}"`);
  return seconds;
}

/** Arguments to claims and lifetime; a UsageError names the one thing wrong. */
export function parseTokenArgs(argv: string[]): { claims: TokenClaims; ttlSeconds: number } {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: { role: { type: 'string' }, county: { type: 'string' }, school: { type: 'string' }, teacher: { type: 'string' }, sub: { type: 'string' }, ttl: { type: 'string' } },
    }));
  } catch (err) {
    throw new UsageError(`${(err as Error).message.split('\n')[0]}; ${USAGE}`);
  }
  const role = values.role as Role | undefined;
  if (!role) throw new UsageError(`--role is required (${ROLES.join(', ')})`);
  if (!ROLES.includes(role)) throw new UsageError(`unknown role "${role}": use one of ${ROLES.join(', ')}`);
  for (const option of ['county', 'school', 'teacher'] as const) {
    const needed = SCOPED_BY[role].includes(option);
    if (needed && !values[option]) throw new UsageError(`--${option} is required for role ${role}`);
    if (!needed && values[option]) throw new UsageError(`--${option} does not apply to role ${role}`);
  }
  const counties: readonly string[] = JIANGMEN_COUNTIES.map((c) => c.code);
  if (values.county && !counties.includes(values.county)) throw new UsageError(`unknown county "${values.county}": use one of ${counties.join(', ')}`);
  const parsed = tokenClaims.safeParse({ sub: values.sub ?? `local-${role}`, role, county: values.county, school: values.school, teacher: values.teacher });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(`--${issue.path.join('.')}: ${issue.message}`);
  }
  return { claims: parsed.data, ttlSeconds: parseTtl(values.ttl ?? '8h') };
}

/** An optional setting from the environment, validated as the services validate it (one line when bad). */
function setting(name: 'AUTH_HS256_SECRET' | 'AUTH_ISSUER' | 'AUTH_AUDIENCE'): string | undefined {
  const result = baseConfigSchema.shape[name].safeParse(process.env[name]);
  if (result.success) return result.data;
  process.stderr.write(`token: invalid configuration: ${name} ${result.error.issues[0].message}\n`);
  process.exit(1);
}

function repositoryRoot(start: string): string {
  let dir = start;
  while (!existsSync(join(dir, 'package-lock.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

async function main() {
  let request: ReturnType<typeof parseTokenArgs>;
  try {
    request = parseTokenArgs(process.argv.slice(2));
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`token: ${err.message}\n`);
    process.exit(2);
  }
  const secretFile = join(repositoryRoot(__dirname), '.run', 'auth-secret');
  const secret = setting('AUTH_HS256_SECRET') ?? (existsSync(secretFile) ? readFileSync(secretFile, 'utf8').trim() : undefined);
  if (!secret) {
    process.stderr.write(`token: no local signing secret: run \`npm start\` or \`npm test\` once (either creates ${secretFile}), or set AUTH_HS256_SECRET\n`);
    process.exit(1);
  }
  const token = await signHs256Token(request.claims, secret, {
    ttlSeconds: request.ttlSeconds,
    issuer: setting('AUTH_ISSUER'),
    audience: setting('AUTH_AUDIENCE'),
  });
  process.stdout.write(`${token}\n`);
}

if (require.main === module) {
  main().catch((err) => {
    process.stderr.write(`token: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
