import type { EntityManager } from 'typeorm';
import { TeacherContactChanged, type EventData } from '@app/contracts';
import { Outbox } from '@app/messaging';
import { Prng, type GeneratedCounty } from './county-generator';

/**
 * Contact details for a generated county's teachers, so the notices service has someone to write to locally:
 * a synthetic e-mail address per teacher from the staff number (ts20150012@example.edu.cn — example.edu.cn is
 * not a real school's domain, and the development mail server keeps what is sent), no phone (SMS is off by
 * default), and the notice language: mostly Chinese, about 1 in 25 English. Deterministic by the county's seed.
 */
export function generateContacts(data: Pick<GeneratedCounty, 'seed' | 'countyCode' | 'teachers'>): EventData<typeof TeacherContactChanged>[] {
  const rng = new Prng(`${data.seed}:${data.countyCode}:contacts`);
  return data.teachers.map((t) => ({
    teacherId: t.id,
    countyCode: data.countyCode,
    email: `${t.staffNo.toLowerCase()}@example.edu.cn`,
    phone: null,
    language: rng.float() < 0.04 ? 'en' : 'zh-CN',
  }));
}

/** Writes the contacts of the county's teachers that have none yet (table and outbox, in the caller's transaction). */
export async function loadContacts(m: EntityManager, data: GeneratedCounty): Promise<{ contacts: number; english: number }> {
  const have = new Set<string>((await m.query(`SELECT c.teacher_id AS id FROM staffing.teacher_contacts c JOIN staffing.teachers t ON t.id = c.teacher_id WHERE t.county_code = $1`, [data.countyCode])).map((r: { id: string }) => r.id));
  const existing = new Set<string>((await m.query(`SELECT id FROM staffing.teachers WHERE county_code = $1`, [data.countyCode])).map((r: { id: string }) => r.id));
  const todo = generateContacts(data).filter((c) => existing.has(c.teacherId) && !have.has(c.teacherId));
  if (todo.length === 0) return { contacts: 0, english: 0 };
  for (let i = 0; i < todo.length; i += 5000) {
    const chunk = todo.slice(i, i + 5000);
    await m.query(
      `INSERT INTO staffing.teacher_contacts (teacher_id, email, phone, language, updated_by)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[])`,
      [chunk.map((c) => c.teacherId), chunk.map((c) => c.email), chunk.map((c) => c.phone), chunk.map((c) => c.language), chunk.map(() => 'seed')],
    );
  }
  await new Outbox('staffing').addAll(m, todo.map((data) => ({ contract: TeacherContactChanged, data })));
  return { contacts: todo.length, english: todo.filter((c) => c.language === 'en').length };
}
