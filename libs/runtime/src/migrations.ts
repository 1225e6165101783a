import { types } from 'pg';
import { DataSource } from 'typeorm';
import { quoteIdent } from '@app/messaging';
import type { ServiceDefinition } from './service-definition';

// Calendar dates stay 'YYYY-MM-DD' strings: pg's default turns them into Date objects at local
// midnight, which shifts them by a day in any time zone west of the server's.
types.setTypeParser(types.builtins.DATE, (v) => v);

export function createDataSource(def: Pick<ServiceDefinition, 'name' | 'schema' | 'migrations' | 'entities'>, url: string, poolSize = 10): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    schema: def.schema,
    entities: def.entities ?? [],
    migrations: def.migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    applicationName: def.name,
    extra: { max: poolSize, connectionTimeoutMillis: 3000 },
  });
}

/** Runs a service's pending migrations in its own schema; returns the names applied. */
export async function migrateService(def: ServiceDefinition, url: string): Promise<string[]> {
  const ds = createDataSource(def, url, 2);
  await ds.initialize();
  try {
    await ds.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(def.schema)}`);
    const applied = await ds.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}

/** One line for a failed connection instead of a stack trace, without the password. */
export function describeConnectionError(what: string, url: string, err: unknown): string {
  let where = url;
  try {
    const u = new URL(url);
    u.password = u.password ? '***' : '';
    where = u.toString();
  } catch {
    /* keep as is */
  }
  const e = err as { code?: string; message?: string };
  return `cannot reach ${what} at ${where}: ${e?.code ?? ''}${e?.code && e?.message ? ' ' : ''}${e?.message ?? String(err)}`.trim();
}
