import { randomUUID } from 'node:crypto';
import {
  AdjustmentPosted,
  AppealDecided,
  AppealFiled,
  ComplianceRestored,
  ComplianceShortfall,
  CycleOpened,
  MoveApprovedV2,
  MoveRejected,
  ObligationRaised,
  PlanAmended,
  PlanApproved,
  PolicyValueSet,
  PreferencesSubmitted,
} from '@app/contracts';
import { startService, type RunningService } from '@app/runtime';
import { bearer, http, mintTestToken, postJson, TestSmtpServer, waitFor } from '@app/testing';
import type { EventContract } from '@app/contracts';
import { NotifyService } from '../apps/notices/src/notices/application/notify.service';
import { noticesService } from '../apps/notices/src/notices.service';
import { freshCounty, Publisher, publishCounty, waitForCounty, type NoticeSchool, type NoticeTeacher } from './support/notices-fixture';

/**
 * The notices service against real PostgreSQL, Redis and Kafka, with an SMTP server in the test process:
 * a notice for each kind of event to the people concerned, once each even when the event is delivered twice,
 * in the recipient's language; e-mail retried with back-off after a refusal and delivered once; preference
 * reminders only to the teachers who have not submitted; an inbox per person.
 */
const BASE_MS = 400;
let svc: RunningService;
let smtp: TestSmtpServer;
let pub: Publisher;
const q = (sql: string, params: unknown[] = []) => svc.dataSource.query(sql, params);
const notices = (where: string, params: unknown[]) =>
  q(`SELECT id, kind, recipient_type AS "recipientType", recipient_id AS "recipientId", language, subject, body, facts, source_event_id AS "eventId" FROM notices.notices WHERE ${where} ORDER BY created_at`, params);

const county = freshCounty('nt');
let schools: NoticeSchool[];
let teachers: NoticeTeacher[];
const [LI, ANNA, WANG, ZHAO] = [0, 1, 2, 3];

beforeAll(async () => {
  smtp = await new TestSmtpServer().start();
  svc = await startService(noticesService, {
    ...process.env,
    NOTICES_HTTP_PORT: '0',
    SMTP_URL: smtp.url,
    MAIL_FROM: 'Jiangmen notices <notices@test.jiangmen.local>',
    DELIVERY_RETRY_BASE_MS: String(BASE_MS),
    DELIVERY_RETRY_MAX_MS: '10000',
    DELIVERY_MAX_ATTEMPTS: '4',
    DELIVERY_POLL_MS: '100',
  });
  pub = new Publisher(process.env.KAFKA_BROKERS!);
  await pub.connect();
  ({ schools, teachers } = await publishCounty(
    pub,
    county,
    [{ name: '台山市端芬镇中心小学' }, { name: '台山市台城第一中学' }],
    [
      { name: '李明', email: `li.${county}@example.edu.cn`, language: 'zh-CN', school: 0 },
      { name: 'Anna Chen', email: `anna.${county}@example.edu.cn`, language: 'en', school: 0 },
      { name: '王芳', email: `wang.${county}@example.edu.cn`, language: 'zh-CN', school: 1 },
      { name: '赵强', email: null, language: 'zh-CN', school: 1 },
    ],
  ));
  await waitForCounty(svc.dataSource, county, 2, 4);
}, 240000);

afterAll(async () => {
  await pub?.disconnect();
  await svc?.stop();
  await smtp?.close();
});

type Sent = { name: string; contract: EventContract<any>; data: any; id: string };

describe('notices: one per event and recipient, in the recipient’s language', () => {
  const cycleId = randomUUID();
  const planId = randomUUID();
  const sent: Sent[] = [];
  const expected: [kind: string, recipientType: string, recipientId: () => string][] = [];
  const countyNotices = () => notices(`county_code = $1 AND kind <> 'preference_reminder'`, [county]);

  beforeAll(async () => {
    const moveLi = randomUUID();
    const moveAnna = randomUUID();
    const obligation = randomUUID();
    const appeal = randomUUID();
    const move = (moveId: string, t: number) => ({
      planId,
      cycleId,
      countyCode: county,
      planMoves: 2,
      moveId,
      teacherId: teachers[t].id,
      fromSchoolId: schools[0].id,
      toSchoolId: schools[1].id,
      toPostId: null,
      subject: null,
      kind: 'rotation' as const,
      role: 'teacher' as const,
      workloadShare: 1,
      effectiveDate: '2027-09-01',
      endDate: null,
      endsAppointmentIds: [],
    });
    const events: [string, EventContract<any>, unknown][] = [
      ['MoveApproved.v2 (李明)', MoveApprovedV2, move(moveLi, LI)],
      ['MoveApproved.v2 (Anna)', MoveApprovedV2, move(moveAnna, ANNA)],
      ['MoveRejected', MoveRejected, { moveId: moveLi, teacherId: teachers[LI].id, code: 'STAFFING.POST_FULL', reason: 'post teacher/mathematics is full for school year 2027-28: quota 15, 16 would hold it' }],
      ['ObligationRaised (warning)', ObligationRaised, { obligationId: obligation, rule: 'R2', teacherId: teachers[WANG].id, countyCode: county, severity: 'warning', dueBy: '2027-08-31', asOf: '2026-12-01', facts: { years: 11 } }],
      ['ObligationRaised (due)', ObligationRaised, { obligationId: obligation, rule: 'R2', teacherId: teachers[WANG].id, countyCode: county, severity: 'due', dueBy: '2027-08-31', asOf: '2027-09-01', facts: { years: 12 } }],
      ['CycleOpened', CycleOpened, { cycleId, countyCode: county, schoolYear: 2027, preferenceDeadline: '2027-03-15', effectiveDate: '2027-09-01' }],
      ['PlanApproved', PlanApproved, { cycleId, planId, countyCode: county, schoolYear: 2027, effectiveDate: '2027-09-01', moves: 2, approvedBy: 'hr-officer' }],
      ['AppealFiled', AppealFiled, { appealId: appeal, cycleId, planId, moveId: moveAnna, teacherId: teachers[ANNA].id, countyCode: county, filedAt: '2027-04-01T02:00:00Z', decideBy: '2027-04-07' }],
      ['AppealDecided', AppealDecided, { appealId: appeal, cycleId, moveId: moveAnna, teacherId: teachers[ANNA].id, countyCode: county, decision: 'upheld', amendmentId: null, reason: '原决定符合规定 The decision follows the rules', decidedAt: '2027-04-05T08:00:00Z' }],
      ['AdjustmentPosted', AdjustmentPosted, { lineId: randomUUID(), teacherId: teachers[LI].id, countyCode: county, month: '2026-10', schoolId: schools[0].id, beforeFen: 100000, afterFen: 123450, amountFen: 23450, cause: 'staffing.AppointmentCorrected.v1' }],
      ['ComplianceShortfall (teacher)', ComplianceShortfall, { countyCode: county, rule: 'R7.teacher', period: '2026-autumn', subjectType: 'teacher', subjectId: teachers[ANNA].id, evaluatedOn: '2027-01-25', required: 2, actual: 1, message: '1 of 2 special trainings attended' }],
      ['ComplianceShortfall (county)', ComplianceShortfall, { countyCode: county, rule: 'R7.county', period: '2026-autumn', subjectType: 'county', subjectId: county, evaluatedOn: '2027-01-25', required: 2, actual: 1, message: 'one special training held' }],
      ['ComplianceRestored (teacher)', ComplianceRestored, { countyCode: county, rule: 'R7.teacher', period: '2026-autumn', subjectType: 'teacher', subjectId: teachers[ANNA].id, evaluatedOn: '2027-02-10', required: 2, actual: 2 }],
      ['ComplianceRestored (county)', ComplianceRestored, { countyCode: county, rule: 'R7.county', period: '2026-autumn', subjectType: 'county', subjectId: county, evaluatedOn: '2027-02-10', required: 2, actual: 2 }],
    ];
    expected.push(
      ['move_approved', 'teacher', () => teachers[LI].id],
      ['move_approved', 'teacher', () => teachers[ANNA].id],
      // both moves leave school 0 and join school 1: one notice per move and school
      ['move_approved_leaving', 'school', () => schools[0].id],
      ['move_approved_leaving', 'school', () => schools[0].id],
      ['move_approved_joining', 'school', () => schools[1].id],
      ['move_approved_joining', 'school', () => schools[1].id],
      ['move_rejected', 'county', () => county],
      ['obligation_raised', 'teacher', () => teachers[WANG].id],
      ['obligation_raised', 'county', () => county],
      ['obligation_severity_changed', 'teacher', () => teachers[WANG].id],
      ['obligation_severity_changed', 'county', () => county],
      ...teachers.map((_t, i) => ['cycle_opened', 'teacher', () => teachers[i].id] as [string, string, () => string]),
      ['plan_approved', 'county', () => county],
      ['plan_approved', 'city', () => 'jiangmen'],
      ['appeal_filed', 'teacher', () => teachers[ANNA].id],
      ['appeal_filed', 'county', () => county],
      ['appeal_decided', 'teacher', () => teachers[ANNA].id],
      ['appeal_decided', 'county', () => county],
      ['subsidy_adjustment', 'teacher', () => teachers[LI].id],
      ['training_shortfall', 'teacher', () => teachers[ANNA].id],
      ['training_shortfall', 'county', () => county],
      ['training_restored', 'teacher', () => teachers[ANNA].id],
      ['training_restored', 'county', () => county],
    );
    // Each event published, then again with the same id: a redelivery (a relay retry publishes the same event anew).
    for (const [name, contract, data] of events) {
      const id = await pub.send(contract, data);
      sent.push({ name, contract, data, id });
    }
    for (const e of sent) await pub.send(e.contract, e.data, e.id);
    await waitFor(async () => (await countyNotices()).length >= expected.length, 'every notice of the events', 180000, 200);
    // The redeliveries are behind the originals on each partition: once they are consumed, nothing more can come.
    await waitFor(
      async () => (await q(`SELECT count(*)::int AS n FROM notices.processed_messages WHERE event_id = ANY($1)`, [sent.map((e) => e.id)]))[0].n === sent.length,
      'the events recorded as applied',
      60000,
      200,
    );
    await new Promise((r) => setTimeout(r, 1500));
  }, 300000);

  it('tells each person concerned once per event, even though every event was delivered twice', async () => {
    const got = (await countyNotices()).map((r: any) => `${r.kind} → ${r.recipientType}:${r.recipientId}`).sort();
    expect(got).toEqual(expected.map(([k, t, id]) => `${k} → ${t}:${id()}`).sort());
    const applied = await q(`SELECT event_id, count(*)::int AS n FROM notices.processed_messages WHERE event_id = ANY($1) GROUP BY event_id`, [sent.map((e) => e.id)]);
    expect(applied.every((r: any) => r.n === 1)).toBe(true);
  });

  it('writes nothing when an event is applied again (a replay by a new consumer group): the unique key holds', async () => {
    const before = (await countyNotices()).length;
    const notify = svc.app.get(NotifyService);
    const written = await svc.dataSource.transaction(async (m) => {
      let n = 0;
      for (const e of sent) {
        const src = { id: e.id, type: e.contract.type };
        const d = e.data;
        switch (e.contract) {
          case MoveApprovedV2: n += await notify.moveApproved(m, src, d); break;
          case MoveRejected: n += await notify.moveRejected(m, src, d); break;
          case ObligationRaised: n += await notify.obligationRaised(m, src, d, null); break;
          case CycleOpened: n += await notify.cycleOpened(m, src, d); break;
          case PlanApproved: n += await notify.planApproved(m, src, d); break;
          case AppealFiled: n += await notify.appealFiled(m, src, d); break;
          case AppealDecided: n += await notify.appealDecided(m, src, d); break;
          case AdjustmentPosted: n += await notify.adjustmentPosted(m, src, d); break;
          case ComplianceShortfall: n += await notify.complianceShortfall(m, src, d); break;
          case ComplianceRestored: n += await notify.complianceRestored(m, src, d); break;
          default: throw new Error(`unhandled ${e.name}`);
        }
      }
      return n;
    });
    expect({ written, after: (await countyNotices()).length }).toEqual({ written: 0, after: before });
  });

  it('writes each notice in its recipient’s language, with school names and the deadline’s last minute', async () => {
    const rows = await countyNotices();
    const of = (kind: string, id: string) => rows.find((r: any) => r.kind === kind && r.recipientId === id);
    const li = of('move_approved', teachers[LI].id);
    expect(li.language).toBe('zh-CN');
    expect(li.body).toContain('由台山市端芬镇中心小学到台山市台城第一中学交流轮岗任教');
    expect(li.facts).toEqual(expect.objectContaining({ toSchoolName: '台山市台城第一中学', effectiveDate: '2027-09-01' }));
    const anna = of('move_approved', teachers[ANNA].id);
    expect(anna.language).toBe('en');
    expect(anna.subject).toBe('Rotation decision: you teach at 台山市台城第一中学 from 1 September 2027');
    expect(of('cycle_opened', teachers[ANNA].id).subject).toContain('until 23:59 China Standard Time (Asia/Shanghai) on Monday 15 March 2027');
    expect(of('cycle_opened', teachers[LI].id).subject).toContain('截止2027年3月15日（星期一）23:59（北京时间）');
    expect(of('appeal_filed', county).body).toContain('请于2027年4月7日（星期三）23:59（北京时间）前作出决定');
    const leaving = rows.filter((r: any) => r.kind === 'move_approved_leaving').map((r: any) => r.subject);
    expect(leaving).toEqual(expect.arrayContaining([expect.stringContaining(`李明（工号 ${teachers[LI].staffNo}）`), expect.stringContaining(`Anna Chen（工号 ${teachers[ANNA].staffNo}）`)]));
    expect(of('obligation_severity_changed', teachers[WANG].id).subject).toBe('交流义务状态变更：预警 → 到期');
    expect(of('subsidy_adjustment', teachers[LI].id).subject).toBe('生活补助调整：2026年10月 +234.50 元');
    expect(of('training_shortfall', teachers[ANNA].id).language).toBe('en');
    expect(of('training_restored', teachers[ANNA].id).subject).toBe('Training requirement now met: a rural teacher attends at least 2 county special trainings each semester (R7)');
    expect(of('training_restored', county).body).toContain('2026-autumn期间本县“县级每学期为乡村教师组织专项培训不少于2次、公开课1次（R7）”现已达标：要求2，实际2。');
    for (const r of rows) expect(`${r.subject}${r.body}`).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/);
  });

  it('mails each teacher notice once to a teacher with an address, in their language, with a stable Message-ID', async () => {
    const teacherNotices = (await countyNotices()).filter((r: any) => r.recipientType === 'teacher');
    const mailed = teacherNotices.filter((r: any) => teachers.find((t) => t.id === r.recipientId)!.email !== null);
    await waitFor(
      async () => (await q(`SELECT count(*)::int AS n FROM notices.deliveries WHERE notice_id = ANY($1) AND status = 'sent'`, [mailed.map((r: any) => r.id)]))[0].n === mailed.length,
      'the mails sent',
      60000,
      100,
    );
    const deliveries = await q(`SELECT notice_id, channel, message_id FROM notices.deliveries WHERE notice_id = ANY($1)`, [teacherNotices.map((r: any) => r.id)]);
    expect(deliveries).toHaveLength(mailed.length); // 赵强 has no address: in-app only
    for (const t of teachers.filter((x) => x.email)) {
      const mine = mailed.filter((r: any) => r.recipientId === t.id);
      await waitFor(() => smtp.to(t.email!).length >= mine.length, `mail to ${t.name}`, 10000, 50);
      const mails = smtp.to(t.email!);
      expect(mails.map((m) => m.subject).sort()).toEqual(mine.map((r: any) => r.subject).sort());
      expect(new Set(mails.map((m) => m.messageId)).size).toBe(mails.length);
      for (const m of mails) expect(m.language).toBe(t.language);
    }
    const ids = deliveries.map((d: any) => d.message_id);
    expect(smtp.received.filter((m) => ids.includes(m.messageId)).length).toBe(mailed.length);
  });
});

describe('an obligation re-raised by the scheduler: the teacher and HR told once per change of severity or due date', () => {
  const ocounty = freshCounty('no');
  let teacher: NoticeTeacher;
  const obligationId = randomUUID();
  const raised = (severity: 'warning' | 'due' | 'overdue', dueBy: string, asOf: string) => ({ obligationId, rule: 'R3' as const, teacherId: teacher.id, countyCode: ocounty, severity, dueBy, asOf, facts: { windowEnds: dueBy } });
  const events: { label: string; id: string }[] = [];
  const told = () => notices(`county_code = $1 AND facts->>'obligationId' = $2`, [ocounty, obligationId]);

  beforeAll(async () => {
    ({ teachers: [teacher] } = await publishCounty(pub, ocounty, [{ name: '恩平市那吉镇中心小学' }], [{ name: '陈静', email: null, language: 'zh-CN', school: 0 }]));
    await waitForCounty(svc.dataSource, ocounty, 1, 1);
    // As the scheduler's reviews announce it (raised again, same obligation id, only when something changed),
    // plus what must tell nobody: a redelivery of a change, and the same state under another event id.
    const send = async (label: string, data: ReturnType<typeof raised>, id?: string) => events.push({ label, id: await pub.send(ObligationRaised, data, id) });
    await send('warning', raised('warning', '2027-09-01', '2025-12-01'));
    await send('due', raised('due', '2027-09-01', '2026-09-01'));
    await send('due (redelivered)', raised('due', '2027-09-01', '2026-09-01'), events[1].id);
    await send('due (same state, new id)', raised('due', '2027-09-01', '2026-10-01'));
    await send('overdue', raised('overdue', '2027-09-01', '2027-09-02'));
    await send('overdue, new date', raised('overdue', '2028-09-01', '2027-10-01'));
    const ids = [...new Set(events.map((e) => e.id))];
    await waitFor(async () => (await q(`SELECT count(*)::int AS n FROM notices.processed_messages WHERE event_id = ANY($1)`, [ids]))[0].n === ids.length, 'the obligation events applied', 120000, 200);
  }, 240000);

  it('writes one notice per change to the teacher and to HR, and none for a redelivery or an unchanged state', async () => {
    const rows = await told();
    const got = rows.map((r: any) => `${r.kind} ${r.facts.previousSeverity ?? '-'}→${r.facts.severity} ${r.recipientType}`);
    expect(got.sort()).toEqual(
      [
        'obligation_raised -→warning teacher',
        'obligation_raised -→warning county',
        'obligation_severity_changed warning→due teacher',
        'obligation_severity_changed warning→due county',
        'obligation_severity_changed due→overdue teacher',
        'obligation_severity_changed due→overdue county',
        'obligation_due_date_changed overdue→overdue teacher',
        'obligation_due_date_changed overdue→overdue county',
      ].sort(),
    );
    const unchanged = events.find((e) => e.label === 'due (same state, new id)')!.id;
    expect(rows.filter((r: any) => r.eventId === unchanged)).toEqual([]);
  });

  it('says the change in the reader’s words: the severity before and after, the new deadline', async () => {
    const rows = await told();
    const toTeacher = rows.filter((r: any) => r.recipientType === 'teacher').map((r: any) => r.subject);
    expect(toTeacher).toEqual(
      expect.arrayContaining(['交流义务状态变更：预警 → 到期', '交流义务状态变更：到期 → 逾期', '交流义务期限变更：R3']),
    );
    const hr = rows.find((r: any) => r.recipientType === 'county' && r.kind === 'obligation_due_date_changed');
    expect(hr.body).toContain('期限由2027年9月1日（星期三）23:59（北京时间）改为2028年9月1日（星期五）23:59（北京时间）');
  });
});

describe('an amended plan: the teachers whose move changed, the schools whose arrivals or departures changed, HR — once each', () => {
  const acounty = freshCounty('na');
  let as: NoticeSchool[];
  let at: NoticeTeacher[];
  const [HAI, JANE, MEI] = [0, 1, 2];
  const [A, B, C] = [0, 1, 2];
  const planId = randomUUID();
  const cycleId = randomUUID();
  const ids = { hai: randomUUID(), mei: randomUUID(), jane: randomUUID(), haiNew: randomUUID(), appealHai: randomUUID(), appealJane: randomUUID(), first: randomUUID(), second: randomUUID() };
  let firstEvent: string;
  let secondEvent: string;
  const amended = (eventId: string) => notices(`source_event_id = $1`, [eventId]);
  const mv = (moveId: string, t: number, from: number, to: number) => ({
    moveId,
    teacherId: at[t].id,
    fromSchoolId: as[from].id,
    toSchoolId: as[to].id,
    toPostId: null,
    subject: null,
    kind: 'rotation' as const,
    role: 'teacher' as const,
    workloadShare: 1,
    effectiveDate: '2027-09-01',
    endDate: null,
    endsAppointmentIds: [],
  });

  beforeAll(async () => {
    ({ schools: as, teachers: at } = await publishCounty(pub, acounty, [{ name: '开平市赤坎镇中心小学' }, { name: '开平市第一中学' }, { name: '开平市塘口镇中心小学' }], [
      { name: '何海', email: `hai.${acounty}@example.edu.cn`, language: 'zh-CN', school: A },
      { name: 'Jane Wu', email: null, language: 'en', school: A },
      { name: '梁美', email: null, language: 'zh-CN', school: C },
    ]));
    await waitForCounty(svc.dataSource, acounty, 3, 3);
    // The plan: 何海 A → B, 梁美 C → A (into the post 何海 frees), Jane A → B.
    for (const m of [mv(ids.hai, HAI, A, B), mv(ids.mei, MEI, C, A), mv(ids.jane, JANE, A, B)]) await pub.send(MoveApprovedV2, { planId, cycleId, countyCode: acounty, planMoves: 3, ...m });
    await pub.send(AppealFiled, { appealId: ids.appealHai, cycleId, planId, moveId: ids.hai, teacherId: at[HAI].id, countyCode: acounty, filedAt: '2027-06-02T02:00:00Z', decideBy: '2027-06-07' });
    await pub.send(AppealFiled, { appealId: ids.appealJane, cycleId, planId, moveId: ids.jane, teacherId: at[JANE].id, countyCode: acounty, filedAt: '2027-06-02T03:00:00Z', decideBy: '2027-06-07' });
    await waitFor(async () => (await q(`SELECT count(*)::int AS n FROM notices.appeals WHERE appeal_id = ANY($1)`, [[ids.appealHai, ids.appealJane]]))[0].n === 2, 'the appeals recorded', 60000, 200);
    // 何海's appeal: pinned to C, which cancels 梁美's move too (C keeps her). Delivered twice.
    firstEvent = await pub.send(PlanAmended, { planId, amendmentId: ids.first, cycleId, countyCode: acounty, appealId: ids.appealHai, cancelledMoveIds: [ids.hai, ids.mei], moves: [mv(ids.haiNew, HAI, A, C)] });
    await pub.send(PlanAmended, { planId, amendmentId: ids.first, cycleId, countyCode: acounty, appealId: ids.appealHai, cancelledMoveIds: [ids.hai, ids.mei], moves: [mv(ids.haiNew, HAI, A, C)] }, firstEvent);
    // Jane's appeal: the re-solve gave her the same school, so nothing changes.
    secondEvent = await pub.send(PlanAmended, { planId, amendmentId: ids.second, cycleId, countyCode: acounty, appealId: ids.appealJane, cancelledMoveIds: [], moves: [] });
    await waitFor(async () => (await q(`SELECT count(*)::int AS n FROM notices.processed_messages WHERE event_id = ANY($1)`, [[firstEvent, secondEvent]]))[0].n === 2, 'the amendments applied', 120000, 200);
  }, 300000);

  it('tells 何海 (who appealed) and 梁美, schools A, B and C, and HR — once each although the event came twice', async () => {
    const got = (await amended(firstEvent)).map((r: any) => `${r.recipientType}:${r.recipientId}`).sort();
    expect(got).toEqual([`teacher:${at[HAI].id}`, `teacher:${at[MEI].id}`, ...as.map((x) => `school:${x.id}`), `county:${acounty}`].sort());
    expect((await amended(firstEvent)).every((r: any) => r.kind === 'plan_amended')).toBe(true);
  });

  it('says what changed to each, by name, in the reader’s language, without another teacher’s appeal', async () => {
    const rows = await amended(firstEvent);
    const to = (type: string, id: string) => rows.find((r: any) => r.recipientType === type && r.recipientId === id);
    const hai = to('teacher', at[HAI].id);
    expect(hai.subject).toBe('交流轮岗安排变更：改为2027年9月1日起到开平市塘口镇中心小学任教');
    expect(hai.body).toContain('县教育局已就您的申诉变更本年度交流轮岗方案。您原定2027年9月1日起到开平市第一中学的交流已取消，改为2027年9月1日起由开平市赤坎镇中心小学到开平市塘口镇中心小学交流轮岗任教。');
    expect(hai.facts).toEqual(expect.objectContaining({ change: 'replaced', appellant: true, appealId: ids.appealHai, cancelledMoveId: ids.hai, newMoveId: ids.haiNew }));
    const mei = to('teacher', at[MEI].id);
    expect(mei.subject).toBe('交流轮岗安排变更：原定到开平市赤坎镇中心小学的交流已取消');
    expect(mei.body).not.toContain('申诉');
    expect(mei.facts.appealId).toBeUndefined();
    const schoolA = to('school', as[A].id).body;
    expect(schoolA).toContain(`- 何海（工号 ${at[HAI].staffNo}）：改为2027年9月1日起调往开平市塘口镇中心小学交流轮岗任教（原定2027年9月1日起调往开平市第一中学）`);
    expect(schoolA).toContain(`- 梁美（工号 ${at[MEI].staffNo}）：不再调入（原定2027年9月1日起由开平市塘口镇中心小学到校）`);
    expect(to('school', as[B].id).body).toContain(`- 何海（工号 ${at[HAI].staffNo}）：不再调入`);
    expect(to('school', as[C].id).subject).toBe('交流轮岗方案变更：贵校教师调入调出有变化（2人）');
    const hr = to('county', acounty);
    expect(hr.subject).toBe(`交流轮岗方案已变更：取消2项、新增1项调动（何海（工号 ${at[HAI].staffNo}）申诉）`);
    for (const r of rows) expect(`${r.subject}${r.body}`).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/);
    // the read model: the cancelled moves marked, the new one known (for a later amendment)
    const moves = await q(`SELECT move_id AS id, cancelled_by AS "cancelledBy", amendment_id AS "amendmentId" FROM notices.moves WHERE plan_id = $1 ORDER BY move_id`, [planId]);
    expect(moves).toEqual(
      expect.arrayContaining([
        { id: ids.hai, cancelledBy: ids.first, amendmentId: null },
        { id: ids.mei, cancelledBy: ids.first, amendmentId: null },
        { id: ids.haiNew, cancelledBy: null, amendmentId: ids.first },
        { id: ids.jane, cancelledBy: null, amendmentId: null },
      ]),
    );
  });

  it('tells Jane, in English, that the amendment answering her appeal left her move unchanged; no school is told', async () => {
    const rows = await amended(secondEvent);
    expect(rows.map((r: any) => `${r.recipientType}:${r.recipientId}`).sort()).toEqual([`county:${acounty}`, `teacher:${at[JANE].id}`].sort());
    const jane = rows.find((r: any) => r.recipientType === 'teacher');
    expect(jane).toEqual(expect.objectContaining({ language: 'en', subject: 'Your appeal: your move is unchanged' }));
    expect(jane.body).toContain('The amended plan leaves your move unchanged: you still move to 开平市第一中学 from 1 September 2027.');
  });

  it('mails the teacher notice to a teacher with an address, once', async () => {
    const [hai] = (await amended(firstEvent)).filter((r: any) => r.recipientId === at[HAI].id);
    const d = await waitFor(async () => (await q(`SELECT * FROM notices.deliveries WHERE notice_id = $1 AND status = 'sent'`, [hai.id]))[0], 'the mail sent', 60000, 100);
    await waitFor(() => smtp.to(at[HAI].email!).some((m) => m.messageId === d.message_id), 'the mail received', 10000, 50);
    expect(smtp.to(at[HAI].email!).filter((m) => m.subject === hai.subject)).toHaveLength(1);
  });
});

describe('e-mail delivery: retried with back-off, delivered once; failures visible to operators', () => {
  let operator: Record<string, string>;
  beforeAll(async () => {
    operator = bearer(await mintTestToken({ role: 'scheduler' }));
  });

  const adjustment = (t: NoticeTeacher) =>
    pub.send(AdjustmentPosted, { lineId: randomUUID(), teacherId: t.id, countyCode: county, month: '2026-11', schoolId: schools[1].id, beforeFen: 0, afterFen: 5000, amountFen: 5000, cause: 'test' });
  const deliveryOf = async (eventId: string) =>
    waitFor(async () => (await q(`SELECT d.* FROM notices.deliveries d JOIN notices.notices n ON n.id = d.notice_id WHERE n.source_event_id = $1`, [eventId]))[0], 'the delivery', 60000, 100);

  it('retries a refused mail with exponential back-off, then delivers it exactly once', async () => {
    const wang = teachers[WANG];
    smtp.refuseNext(2, 451, wang.email!);
    const eventId = await adjustment(wang);
    const d = await deliveryOf(eventId);
    const sent = await waitFor(async () => (await q(`SELECT * FROM notices.deliveries WHERE id = $1 AND status = 'sent'`, [d.id]))[0], 'the delivery sent', 30000, 100);
    expect(sent.attempts).toBe(3);
    expect(sent.last_error).toBeNull();
    const tries = smtp.attempts.filter((a) => a.messageId === sent.message_id);
    expect(tries.map((a) => a.code)).toEqual([451, 451, 250]);
    const [gap1, gap2] = [tries[1].at - tries[0].at, tries[2].at - tries[1].at];
    expect(gap1).toBeGreaterThanOrEqual(BASE_MS - 50);
    expect(gap2).toBeGreaterThanOrEqual(2 * BASE_MS - 50);
    await new Promise((r) => setTimeout(r, 1000));
    expect(smtp.received.filter((m) => m.messageId === sent.message_id)).toHaveLength(1);
  });

  it('fails a permanently refused mail at once, shows it to operators without the address, counts it on /metrics, and re-sends it', async () => {
    const li = teachers[LI];
    smtp.refuseNext(1, 550, li.email!);
    const eventId = await adjustment(li);
    const d = await deliveryOf(eventId);
    await waitFor(async () => (await q(`SELECT 1 FROM notices.deliveries WHERE id = $1 AND status = 'failed'`, [d.id]))[0], 'the delivery failed', 30000, 100);
    const list = await http(`${svc.url}/deliveries?status=failed&countyCode=${county}`, { headers: operator });
    expect(list.status).toBe(200);
    const row = list.body.items.find((x: any) => x.id === d.id);
    expect(row).toEqual(expect.objectContaining({ status: 'failed', attempts: 1, channel: 'email', kind: 'subsidy_adjustment', recipientType: 'teacher', recipientId: li.id }));
    expect(row.lastError).toMatch(/550/);
    expect(JSON.stringify(list.body)).not.toContain(li.email!);
    const metrics = await http(`${svc.url}/metrics`);
    expect(metrics.body).toMatch(/notice_deliveries\{channel="email",status="failed",service="notices"\} [1-9]/);
    const resent = await postJson(`${svc.url}/deliveries/${d.id}/resend`, {}, operator);
    expect(resent.status).toBe(200);
    const done = await waitFor(async () => (await q(`SELECT * FROM notices.deliveries WHERE id = $1 AND status = 'sent'`, [d.id]))[0], 'the re-sent delivery', 30000, 100);
    expect(smtp.received.filter((m) => m.messageId === done.message_id)).toHaveLength(1);
    expect((await postJson(`${svc.url}/deliveries/${d.id}/resend`, {}, operator)).body.code).toBe('NOTICES.DELIVERY_NOT_FAILED');
    const [audit] = await q(`SELECT action, actor_role FROM notices.audit_log WHERE entity_id = $1`, [d.id]);
    expect(audit).toEqual({ action: 'delivery.resend', actor_role: 'scheduler' });
  });

  it('fails, for an operator to decide, a send interrupted between the provider and the mark — never sends it again by itself', async () => {
    const eventId = await adjustment(teachers[ANNA]);
    const d = await deliveryOf(eventId);
    await waitFor(async () => (await q(`SELECT 1 FROM notices.deliveries WHERE id = $1 AND status = 'sent'`, [d.id]))[0], 'sent', 30000, 100);
    // As if the process had died after the server's 250: still "sending", its lease run out.
    await q(`UPDATE notices.deliveries SET status = 'sending', claimed_until = now() - interval '1 second' WHERE id = $1`, [d.id]);
    const row = await waitFor(async () => (await q(`SELECT * FROM notices.deliveries WHERE id = $1 AND status = 'failed'`, [d.id]))[0], 'the interrupted send failed', 30000, 100);
    expect(row.last_error).toContain(`interrupted while sending`);
    expect(row.last_error).toContain(row.message_id);
    expect(smtp.received.filter((m) => m.messageId === row.message_id)).toHaveLength(1);
  });
});

describe('preference reminders: 7 days and 1 day before the deadline (policy values), only to those who have not submitted', () => {
  const rcounty = freshCounty('nr');
  let rteachers: NoticeTeacher[];
  const cycleId = randomUUID();
  let operator: Record<string, string>;

  beforeAll(async () => {
    operator = bearer(await mintTestToken({ role: 'scheduler' }));
    ({ teachers: rteachers } = await publishCounty(pub, rcounty, [{ name: '恩平市大田镇中心小学' }], [
      { name: '已填报', email: null, language: 'zh-CN', school: 0 },
      { name: '未填报', email: null, language: 'zh-CN', school: 0 },
      { name: 'Withdrew', email: null, language: 'en', school: 0 },
    ]));
    await waitForCounty(svc.dataSource, rcounty, 1, 3);
    await pub.send(CycleOpened, { cycleId, countyCode: rcounty, schoolYear: 2027, preferenceDeadline: '2027-03-15', effectiveDate: '2027-09-01' });
    await pub.send(PreferencesSubmitted, { cycleId, countyCode: rcounty, teacherId: rteachers[0].id, schools: 3, submittedAt: '2027-03-01T01:00:00Z' });
    await pub.send(PreferencesSubmitted, { cycleId, countyCode: rcounty, teacherId: rteachers[2].id, schools: 2, submittedAt: '2027-03-01T01:00:00Z' });
    await pub.send(PreferencesSubmitted, { cycleId, countyCode: rcounty, teacherId: rteachers[2].id, schools: 0, submittedAt: '2027-03-02T01:00:00Z' });
    await waitFor(async () => (await q(`SELECT count(*)::int AS n FROM notices.submissions WHERE cycle_id = $1 AND schools = 0`, [cycleId]))[0].n === 1, 'the submissions', 60000, 100);
  }, 240000);

  const reminders = () => notices(`county_code = $1 AND kind = 'preference_reminder'`, [rcounty]);
  const run = (date: string) => postJson(`${svc.url}/reminders/runs`, { date }, operator);

  it('sends nothing more than 7 days before the deadline', async () => {
    const r = await run('2027-03-07');
    expect(r.status).toBe(200);
    expect(r.body.cycles.find((c: any) => c.cycleId === cycleId)).toEqual(expect.objectContaining({ reminder: null, sent: 0 }));
    expect(await reminders()).toHaveLength(0);
  });

  it('reminds 7 days before, only the teachers without standing preferences, once however often it runs', async () => {
    expect((await run('2027-03-08')).body.cycles.find((c: any) => c.cycleId === cycleId)).toEqual(expect.objectContaining({ reminder: 7, daysLeft: 7, sent: 2 }));
    expect((await run('2027-03-08')).body.cycles.find((c: any) => c.cycleId === cycleId).sent).toBe(0);
    expect((await run('2027-03-10')).body.cycles.find((c: any) => c.cycleId === cycleId).sent).toBe(0); // the 7-day one was sent
    const rows = await reminders();
    expect(rows.map((r: any) => r.recipientId).sort()).toEqual([rteachers[1].id, rteachers[2].id].sort());
    const en = rows.find((r: any) => r.recipientId === rteachers[2].id);
    expect(en.subject).toBe('Reminder: 7 days left for your rotation preferences (until 23:59 China Standard Time (Asia/Shanghai) on Monday 15 March 2027)');
    expect(rows.find((r: any) => r.recipientId === rteachers[1].id).subject).toBe('提醒：交流轮岗志愿填报还剩7天截止（2027年3月15日（星期一）23:59（北京时间））');
  });

  it('reminds 1 day before those still without preferences, and nobody after the deadline', async () => {
    await pub.send(PreferencesSubmitted, { cycleId, countyCode: rcounty, teacherId: rteachers[1].id, schools: 5, submittedAt: '2027-03-12T01:00:00Z' });
    await waitFor(async () => (await q(`SELECT schools FROM notices.submissions WHERE cycle_id = $1 AND teacher_id = $2`, [cycleId, rteachers[1].id]))[0]?.schools === 5, 'the late submission', 60000, 100);
    expect((await run('2027-03-14')).body.cycles.find((c: any) => c.cycleId === cycleId)).toEqual(expect.objectContaining({ reminder: 1, daysLeft: 1, sent: 1 }));
    const last = (await reminders()).filter((r: any) => r.facts.reminder === 1);
    expect(last.map((r: any) => r.recipientId)).toEqual([rteachers[2].id]);
    expect((await run('2027-03-16')).body.cycles.find((c: any) => c.cycleId === cycleId)).toBeUndefined();
  });

  it('reads the days before the deadline from the policy values in force on the date it runs (an added value, from its date)', async () => {
    const later = randomUUID();
    // Dated far ahead, so no other pass of this run is concerned: the first reminder 3 days before instead of 7.
    await pub.send(PolicyValueSet, {
      valueId: randomUUID(),
      key: 'reminders.preference_first_days_before',
      value: 3,
      effectiveFrom: '2031-01-01',
      source: 'test: 3 days before the deadline (an assumption)',
      setBy: 'city-admin',
      setAt: new Date().toISOString(),
    });
    await pub.send(CycleOpened, { cycleId: later, countyCode: rcounty, schoolYear: 2031, preferenceDeadline: '2031-03-15', effectiveDate: '2031-09-01' });
    await waitFor(async () => (await q(`SELECT 1 FROM notices.policy_values WHERE key = 'reminders.preference_first_days_before' AND effective_from = '2031-01-01'`))[0], 'the policy value copied', 60000, 100);
    await waitFor(async () => (await q(`SELECT 1 FROM notices.cycles WHERE cycle_id = $1`, [later]))[0], 'the cycle recorded', 60000, 100);
    const before = await run('2030-12-31'); // the default [7, 1] still in force
    expect(before.body.offsets).toEqual([7, 1]);
    const early = await run('2031-03-08'); // 7 days before: no reminder under the new value
    expect(early.body.offsets).toEqual([3, 1]);
    expect(early.body.cycles.find((c: any) => c.cycleId === later)).toEqual(expect.objectContaining({ reminder: null, sent: 0 }));
    const due = await run('2031-03-12');
    expect(due.body.cycles.find((c: any) => c.cycleId === later)).toEqual(expect.objectContaining({ reminder: 3, daysLeft: 3, sent: rteachers.length }));
    const sent = await notices(`kind = 'preference_reminder' AND facts->>'cycleId' = $1`, [later]);
    expect(sent.find((r: any) => r.recipientId === rteachers[1].id).subject).toBe('提醒：交流轮岗志愿填报还剩3天截止（2031年3月15日（星期六）23:59（北京时间））');
  });

  it('is scheduled daily in Asia/Shanghai under a stable id', async () => {
    const r = await http(`${svc.url}/reminders/schedule`, { headers: operator });
    expect(r.body).toEqual(expect.objectContaining({ id: 'preference-reminders', pattern: '0 8 * * *', tz: 'Asia/Shanghai' }));
    expect(Date.parse(r.body.next)).toBeGreaterThan(Date.now());
  });
});

describe('the inbox: each person their own notices', () => {
  const as = async (claims: Parameters<typeof mintTestToken>[0]) => bearer(await mintTestToken(claims));

  it('lists a teacher’s notices newest first with the unread count, marks one and all read, and hides them from anyone else', async () => {
    const li = await as({ role: 'teacher', county, teacher: teachers[LI].id });
    const anna = await as({ role: 'teacher', county, teacher: teachers[ANNA].id });
    const all = await http(`${svc.url}/me/notices?limit=100`, { headers: li });
    expect(all.status).toBe(200);
    expect(all.body.items.length).toBeGreaterThanOrEqual(3);
    expect(all.body.unread).toBe(all.body.total);
    expect(all.body.items.map((n: any) => n.createdAt)).toEqual([...all.body.items.map((n: any) => n.createdAt)].sort().reverse());
    const first = all.body.items[0];
    expect((await postJson(`${svc.url}/me/notices/${first.id}/read`, {}, anna)).status).toBe(404);
    const read = await postJson(`${svc.url}/me/notices/${first.id}/read`, {}, li);
    expect(read.body).toEqual(expect.objectContaining({ id: first.id, readAt: expect.any(String) }));
    const unread = await http(`${svc.url}/me/notices?unread=true&limit=100`, { headers: li });
    expect(unread.body.unread).toBe(all.body.total - 1);
    expect(unread.body.items.map((n: any) => n.id)).not.toContain(first.id);
    expect((await postJson(`${svc.url}/me/notices/read-all`, {}, li)).body.marked).toBe(all.body.total - 1);
    expect((await http(`${svc.url}/me/notices`, { headers: li })).body.unread).toBe(0);
    const annas = await http(`${svc.url}/me/notices?limit=100`, { headers: anna });
    expect(annas.body.items.map((n: any) => n.id)).not.toContain(first.id);
    expect(annas.body.unread).toBeGreaterThan(0);
  });

  it('gives a school administrator the school’s inbox, county HR the county’s, the city administrator the city’s', async () => {
    const school = await http(`${svc.url}/me/notices?limit=100`, { headers: await as({ role: 'school_admin', county, school: schools[0].id }) });
    expect(school.body.items.map((n: any) => n.kind)).toEqual(['move_approved_leaving', 'move_approved_leaving']);
    const hr = await http(`${svc.url}/me/notices?limit=100&kind=move_rejected`, { headers: await as({ role: 'county_hr', county }) });
    expect(hr.body.items).toHaveLength(1);
    const city = await http(`${svc.url}/me/notices?limit=100&kind=plan_approved`, { headers: await as({ role: 'city_admin' }) });
    expect(city.body.items.some((n: any) => n.facts.countyCode === county)).toBe(true);
    expect((await http(`${svc.url}/me/notices`, { headers: await as({ role: 'scheduler' }) })).status).toBe(403);
  });
});
