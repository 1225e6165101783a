import { DataSource } from 'typeorm';
import { baseConfigSchema } from '@app/platform';
import { describeConnectionError } from '@app/runtime';
import { JIANGMEN_COUNTIES } from './counties';

/** Loads reference data; idempotent, so `npm start` can run it every time. */
export async function seedCounties(ds: DataSource): Promise<number> {
  for (const c of JIANGMEN_COUNTIES) {
    await ds.query(
      `INSERT INTO staffing.counties (code, name_zh, name_en, western) VALUES ($1, $2, $3, $4)
       ON CONFLICT (code) DO UPDATE SET name_zh = EXCLUDED.name_zh, name_en = EXCLUDED.name_en, western = EXCLUDED.western`,
      [c.code, c.nameZh, c.nameEn, c.western],
    );
  }
  return JIANGMEN_COUNTIES.length;
}

async function main() {
  const url = baseConfigSchema.shape.DATABASE_URL.parse(process.env.DATABASE_URL);
  const ds = new DataSource({ type: 'postgres', url });
  try {
    await ds.initialize();
  } catch (err) {
    console.error(`seed: ${describeConnectionError('PostgreSQL', url, err)}`);
    process.exit(1);
  }
  try {
    console.log(`seed: ${await seedCounties(ds)} counties`);
  } finally {
    await ds.destroy();
  }
}

if (require.main === module) void main();
