import { amendmentRecipients, type MoveFacts } from './amendments';
import { render, type Facts } from './templates';

const [A, B, C, D] = ['school-a', 'school-b', 'school-c', 'school-d'];
const move = (moveId: string, teacherId: string, fromSchoolId: string | null, toSchoolId: string, effectiveDate = '2027-09-01'): MoveFacts => ({
  moveId,
  teacherId,
  fromSchoolId,
  toSchoolId,
  kind: 'rotation',
  effectiveDate,
  endDate: null,
});

describe('who an amended plan concerns', () => {
  it('pinned elsewhere: the appealing teacher hears of the cancelled and the new move; the school left, the one no longer joined and the one now joined each once', () => {
    const was = move('m1', 'li', A, B);
    const now = move('m1b', 'li', A, C);
    const r = amendmentRecipients({ cancelledMoveIds: ['m1'], cancelled: [was], added: [now], appellant: { teacherId: 'li', appealedMoveId: 'm1', appealedMove: was } });
    expect(r.teachers).toEqual([{ teacherId: 'li', change: 'replaced', appellant: true, cancelled: was, added: now, standing: null }]);
    expect(r.schools).toEqual([
      { schoolId: A, lines: [{ teacherId: 'li', direction: 'leaving', was, now }] },
      { schoolId: B, lines: [{ teacherId: 'li', direction: 'joining', was, now: null }] },
      { schoolId: C, lines: [{ teacherId: 'li', direction: 'joining', was: null, now }] },
    ]);
  });

  it('forbidden: the appealing teacher stays, and the teacher whose move it freed is cancelled too — each told, each school once', () => {
    const li = move('m1', 'li', A, B);
    const wang = move('m2', 'wang', C, A); // was to take the post li would have freed at A
    const r = amendmentRecipients({ cancelledMoveIds: ['m1', 'm2'], cancelled: [li, wang], added: [], appellant: { teacherId: 'li', appealedMoveId: 'm1', appealedMove: li } });
    expect(r.teachers.map((t) => [t.teacherId, t.change, t.appellant])).toEqual([
      ['li', 'cancelled', true],
      ['wang', 'cancelled', false],
    ]);
    const bySchool = Object.fromEntries(r.schools.map((s) => [s.schoolId, s.lines.map((l) => `${l.teacherId} ${l.direction}`)]));
    expect(bySchool).toEqual({ [A]: ['li leaving', 'wang joining'], [B]: ['li joining'], [C]: ['wang leaving'] });
  });

  it('a teacher who had no move and now has one is told of it; their school of origin and the new one are told', () => {
    const zhao = move('m3', 'zhao', D, B);
    const r = amendmentRecipients({ cancelledMoveIds: [], cancelled: [], added: [zhao], appellant: null });
    expect(r.teachers).toEqual([{ teacherId: 'zhao', change: 'added', appellant: false, cancelled: null, added: zhao, standing: null }]);
    expect(r.schools.map((s) => s.schoolId)).toEqual([D, B]);
  });

  it('an amendment that leaves the appealed move standing tells the appealing teacher "unchanged", with the move, and no school', () => {
    const li = move('m1', 'li', A, B);
    const other = move('m2', 'wang', C, D);
    const r = amendmentRecipients({ cancelledMoveIds: ['m2'], cancelled: [other], added: [], appellant: { teacherId: 'li', appealedMoveId: 'm1', appealedMove: li } });
    expect(r.teachers[0]).toEqual({ teacherId: 'li', change: 'unchanged', appellant: true, cancelled: null, added: null, standing: li });
    expect(r.schools.flatMap((s) => s.lines.map((l) => l.teacherId))).not.toContain('li');
  });

  it('does not call "unchanged" an appealed move that was cancelled but is unknown here', () => {
    const r = amendmentRecipients({ cancelledMoveIds: ['m1'], cancelled: [], added: [], appellant: { teacherId: 'li', appealedMoveId: 'm1', appealedMove: null } });
    expect(r).toEqual({ teachers: [], schools: [] });
  });

  it('a move without a school of origin (a new teacher placed) tells only the receiving school', () => {
    const r = amendmentRecipients({ cancelledMoveIds: ['m4'], cancelled: [move('m4', 'new', null, B)], added: [], appellant: null });
    expect(r.schools).toEqual([{ schoolId: B, lines: [expect.objectContaining({ teacherId: 'new', direction: 'joining' })] }]);
  });
});

describe('plan_amended notices', () => {
  const base: Facts = {
    teacherName: '李明',
    staffNo: 'TS00012',
    appellant: true,
    cancelledFromSchoolName: '台山市端芬镇中心小学',
    cancelledToSchoolName: '台山市台城第一中学',
    cancelledEffectiveDate: '2027-09-01',
    newFromSchoolId: 'a',
    newFromSchoolName: '台山市端芬镇中心小学',
    newToSchoolName: '台山市斗山镇中心小学',
    newMoveKind: 'rotation',
    newEffectiveDate: '2027-09-01',
    newEndDate: null,
    standingToSchoolName: null,
    standingEffectiveDate: null,
  };

  it('tells the appealing teacher the cancelled and the new move, in Chinese and English, with the right to appeal the new one', () => {
    const zh = render('plan_amended', 'teacher', 'zh-CN', { ...base, change: 'replaced' });
    expect(zh.subject).toBe('交流轮岗安排变更：改为2027年9月1日起到台山市斗山镇中心小学任教');
    expect(zh.body).toContain('县教育局已就您的申诉变更本年度交流轮岗方案。您原定2027年9月1日起到台山市台城第一中学的交流已取消，改为2027年9月1日起由台山市端芬镇中心小学到台山市斗山镇中心小学交流轮岗任教。');
    expect(zh.body).toContain('可在规定期限内通过系统提出申诉');
    const en = render('plan_amended', 'teacher', 'en', { ...base, teacherName: 'Anna Chen', change: 'replaced' });
    expect(en.subject).toBe('Rotation decision changed: you teach at 台山市斗山镇中心小学 from 1 September 2027');
    expect(en.body).toContain('following your appeal. Your move to 台山市台城第一中学 from 1 September 2027 is cancelled. Instead, from 1 September 2027 you move from 台山市端芬镇中心小学 to 台山市斗山镇中心小学 (rotation).');
  });

  it('says "your move is cancelled" to a teacher who stays, without naming anyone’s appeal to a teacher who did not appeal', () => {
    const zh = render('plan_amended', 'teacher', 'zh-CN', { ...base, appellant: false, change: 'cancelled' });
    expect(zh.subject).toBe('交流轮岗安排变更：原定到台山市台城第一中学的交流已取消');
    expect(zh.body).toContain('县教育局已变更本年度交流轮岗方案。您原定2027年9月1日起由台山市端芬镇中心小学到台山市台城第一中学的交流已取消，不再调动，继续在台山市端芬镇中心小学任教。');
    expect(zh.body).not.toContain('申诉');
    const en = render('plan_amended', 'teacher', 'en', { ...base, appellant: false, change: 'cancelled' });
    expect(en.body).toContain('is cancelled: you do not move and stay at 台山市端芬镇中心小学.');
    expect(en.body).not.toMatch(/appeal/i);
  });

  it('says "your move is unchanged" to the appealing teacher when the amendment kept it', () => {
    const facts = { ...base, change: 'unchanged', standingToSchoolName: '台山市台城第一中学', standingEffectiveDate: '2027-09-01' };
    expect(render('plan_amended', 'teacher', 'zh-CN', facts)).toEqual(
      expect.objectContaining({ subject: '申诉处理结果：您的交流安排不变', body: expect.stringContaining('变更后的方案未改变您的交流安排：仍于2027年9月1日起到台山市台城第一中学任教。') }),
    );
    expect(render('plan_amended', 'teacher', 'en', facts).subject).toBe('Your appeal: your move is unchanged');
  });

  it('lists a school’s changed departures and arrivals, and HR’s cancelled and new moves', () => {
    const lines = [
      { teacherName: '李明', staffNo: 'TS00012', direction: 'leaving', wasSchoolName: '台山市台城第一中学', wasEffectiveDate: '2027-09-01', nowSchoolName: '台山市斗山镇中心小学', nowEffectiveDate: '2027-09-01', nowMoveKind: 'rotation' },
      { teacherName: '王芳', staffNo: 'TS00034', direction: 'joining', wasSchoolName: '台山市斗山镇中心小学', wasEffectiveDate: '2027-09-01', nowSchoolName: null, nowEffectiveDate: null, nowMoveKind: null },
    ];
    const school = render('plan_amended', 'school', 'zh-CN', { schoolName: '台山市端芬镇中心小学', lines });
    expect(school.subject).toBe('交流轮岗方案变更：贵校教师调入调出有变化（2人）');
    expect(school.body).toContain('- 李明（工号 TS00012）：改为2027年9月1日起调往台山市斗山镇中心小学交流轮岗任教（原定2027年9月1日起调往台山市台城第一中学）');
    expect(school.body).toContain('- 王芳（工号 TS00034）：不再调入（原定2027年9月1日起由台山市斗山镇中心小学到校）');
    expect(render('plan_amended', 'school', 'en', { schoolName: 'X', lines }).body).toContain('- 王芳 (staff no. TS00034): no longer joins (was to come from 台山市斗山镇中心小学 from 1 September 2027)');

    const row = (toSchoolName: string) => ({ teacherName: '李明', staffNo: 'TS00012', fromSchoolName: '台山市端芬镇中心小学', toSchoolName, effectiveDate: '2027-09-01' });
    const hr = render('plan_amended', 'county', 'zh-CN', { appellantName: '李明', appellantStaffNo: 'TS00012', cancelledCount: 2, unknownCancelled: 1, cancelled: [row('台山市台城第一中学')], added: [row('台山市斗山镇中心小学')] });
    expect(hr.subject).toBe('交流轮岗方案已变更：取消2项、新增1项调动（李明（工号 TS00012）申诉）');
    expect(hr.body).toContain('取消的调动：\n- 李明（工号 TS00012）：由台山市端芬镇中心小学到台山市台城第一中学，2027年9月1日起\n- 另有1项（本系统未收到原调动信息）\n新增的调动：\n- 李明（工号 TS00012）：由台山市端芬镇中心小学到台山市斗山镇中心小学，2027年9月1日起');
    const en = render('plan_amended', 'county', 'en', { appellantName: null, cancelledCount: 0, unknownCancelled: 0, cancelled: [], added: [row('B')] });
    expect(en.subject).toBe('Rotation plan amended: 0 moves cancelled, 1 added');
    expect(en.body).toContain('Cancelled moves:\n- none\nNew moves:\n- 李明 (staff no. TS00012): from 台山市端芬镇中心小学 to B, from 1 September 2027');
  });
});
