import { baseConfigSchema } from '@app/platform';
import { describeConnectionError, migrateService } from '@app/runtime';
import { SERVICES } from './services';

/** Runs every service's migrations, each in its own schema. Usage: npm run migrate [-- service…] */
async function main() {
  const url = baseConfigSchema.shape.DATABASE_URL.parse(process.env.DATABASE_URL);
  const only = process.argv.slice(2);
  for (const def of SERVICES.filter((s) => only.length === 0 || only.includes(s.name))) {
    try {
      const applied = await migrateService(def, url);
      console.log(`${def.name}: ${applied.length ? `applied ${applied.join(', ')}` : 'up to date'}`);
    } catch (err) {
      const e = err as { code?: string };
      const line = e?.code && /^(ECONN|ENOTFOUND|ETIMEDOUT|28|3D)/.test(e.code) ? describeConnectionError('PostgreSQL', url, err) : `${(err as Error).message}`;
      console.error(`migrate ${def.name}: ${line}`);
      process.exit(1);
    }
  }
}

void main();
