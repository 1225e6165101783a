import { randomUUID } from 'node:crypto';
import pino from 'pino';
import type { DataSource } from 'typeorm';
import { SchoolRegistered, TeacherAppointed, TeacherContactChanged, TeacherRegistered, validateEvent, type EventContract } from '@app/contracts';
import { createKafka, encodeBinary } from '@app/messaging';
import { waitFor } from '@app/testing';

/**
 * Publishes events as the other services would (validated, CloudEvents binary mode, keyed by aggregate) over
 * one producer; the same id twice is a redelivery, which the notices service must not turn into a second notice.
 */
export class Publisher {
  private readonly producer;

  constructor(brokers: string) {
    this.producer = createKafka({ brokers: brokers.split(','), clientId: 'notices-test-publisher' }, pino({ level: 'silent' })).producer({ idempotent: true, maxInFlightRequests: 1 });
  }

  connect() {
    return this.producer.connect();
  }

  disconnect() {
    return this.producer.disconnect();
  }

  async send<T>(contract: EventContract<T>, data: T, id: string = randomUUID()): Promise<string> {
    const payload = validateEvent(contract, data);
    const record = encodeBinary({ specversion: '1.0', id, source: '/test', type: contract.type, time: new Date().toISOString() }, contract.aggregateId(payload), payload);
    await this.producer.send({ topic: contract.topic, acks: -1, messages: [record] });
    return id;
  }
}

/** A county code of letters only, new for each run, so no other test's teachers are in it. */
export function freshCounty(prefix: string): string {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  return prefix + Array.from({ length: 8 }, () => letters[Math.floor(Math.random() * 26)]).join('');
}

export interface NoticeTeacher {
  id: string;
  name: string;
  staffNo: string;
  email: string | null;
  language: 'zh-CN' | 'en';
  schoolId: string | null;
}

export interface NoticeSchool {
  id: string;
  name: string;
}

/** Schools, teachers (with contacts and an appointment) of a county, published as staffing would. */
export async function publishCounty(
  pub: Publisher,
  county: string,
  schools: { name: string }[],
  teachers: { name: string; email: string | null; language: 'zh-CN' | 'en'; school: number | null }[],
): Promise<{ schools: NoticeSchool[]; teachers: NoticeTeacher[] }> {
  const s: NoticeSchool[] = [];
  for (const [i, x] of schools.entries()) {
    const id = randomUUID();
    await pub.send(SchoolRegistered, { schoolId: id, countyCode: county, code: `${county}-S${i}`, name: x.name, type: 'township_central', districtCode: null, weak: false, smallScale: false, rural: true, remoteTier: 1 });
    s.push({ id, name: x.name });
  }
  const t: NoticeTeacher[] = [];
  for (const [i, x] of teachers.entries()) {
    const id = randomUUID();
    const staffNo = `${county.slice(0, 4).toUpperCase()}${String(i).padStart(4, '0')}`;
    await pub.send(TeacherRegistered, { teacherId: id, countyCode: county, staffNo, name: x.name, gender: 'female', birthDate: '1985-03-01', firstServiceDate: '2008-09-01', subjects: [], title: null, backboneLevel: 'none', category: 'teacher' });
    await pub.send(TeacherContactChanged, { teacherId: id, countyCode: county, email: x.email, phone: null, language: x.language });
    const schoolId = x.school === null ? null : s[x.school].id;
    if (schoolId) {
      await pub.send(TeacherAppointed, { appointmentId: randomUUID(), teacherId: id, schoolId, countyCode: county, postId: null, subject: null, kind: 'regular', role: 'teacher', workloadShare: 1, startDate: '2015-09-01', endDate: null, moveId: null });
    }
    t.push({ id, name: x.name, staffNo, email: x.email, language: x.language, schoolId });
  }
  return { schools: s, teachers: t };
}

/** Until the notices read model holds the county's schools, teachers and contacts. */
export async function waitForCounty(ds: DataSource, county: string, schools: number, teachers: number): Promise<void> {
  await waitFor(
    async () => {
      const [r] = await ds.query(
        `SELECT (SELECT count(*)::int FROM notices.schools WHERE county_code = $1) AS s, (SELECT count(*)::int FROM notices.teachers WHERE county_code = $1) AS t,
                (SELECT count(*)::int FROM notices.contacts WHERE county_code = $1) AS c`,
        [county],
      );
      return r.s === schools && r.t === teachers && r.c === teachers;
    },
    `the notices read model of ${county}`,
    180000,
    200,
  );
}
