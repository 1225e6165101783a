import { DataSource } from 'typeorm';

/** Runs `work` on the server's `postgres` database, with the name of the database the URL names. */
async function onServer<T>(url: string, work: (ds: DataSource, name: string, quoted: string) => Promise<T>): Promise<T> {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const ds = new DataSource({ type: 'postgres', url: admin.toString() });
  await ds.initialize();
  try {
    return await work(ds, name, `"${name.replace(/"/g, '""')}"`);
  } finally {
    await ds.destroy();
  }
}

/** Drops (closing its connections) and creates the database named in the URL: a clean slate for a run. */
export function recreateDatabase(url: string): Promise<string> {
  return onServer(url, async (ds, name, quoted) => {
    await ds.query(`DROP DATABASE IF EXISTS ${quoted} WITH (FORCE)`);
    await ds.query(`CREATE DATABASE ${quoted}`);
    return name;
  });
}

/** Creates the database named in the URL unless it exists. */
export function ensureDatabase(url: string): Promise<string> {
  return onServer(url, async (ds, name, quoted) => {
    const exists = await ds.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name]);
    if (exists.length === 0) await ds.query(`CREATE DATABASE ${quoted}`);
    return name;
  });
}
