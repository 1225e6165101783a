import { Injectable } from '@nestjs/common';
import { AuditTrail } from '@app/audit';
import { assertCanActInCounty, Forbidden, type Principal } from '@app/auth';
import { UnitOfWork } from '@app/runtime';
import { ActivityRepository } from '../../activities/application/activity.repository';
import { ActivityNotFound, RESEARCHER_KINDS } from '../../activities/domain/activity';
import { todayInShanghai } from '../../calendar/domain/periods';
import { AttendanceRepository } from './attendance.repository';

/**
 * The school confirms: a visit or stationing by the visited school's administrator (then it counts for
 * R6); attendance by the administrator of the school the teachers work at (their rows only).
 */
@Injectable()
export class ConfirmActivity {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly activities: ActivityRepository,
    private readonly attendance: AttendanceRepository,
    private readonly audit: AuditTrail,
  ) {}

  async execute(p: Principal, activityId: string): Promise<{ activityId: string; confirmed: number; kind: string }> {
    return this.uow.run(async (m) => {
      const a = await this.activities.lock(m, activityId);
      if (!a) throw new ActivityNotFound(activityId);
      if (p.role === 'city_admin') assertCanActInCounty(p, a.countyCode);
      else if (p.role !== 'school_admin' || p.countyCode !== a.countyCode) throw new Forbidden(`only a school's administrator confirms activity ${activityId}`);
      if (RESEARCHER_KINDS.has(a.kind)) {
        if (p.role === 'school_admin' && p.schoolId !== a.schoolId) throw new Forbidden(`only the visited school confirms ${a.kind} ${a.code}`, { schoolId: a.schoolId });
        if (a.confirmedAt) return { activityId, confirmed: 0, kind: a.kind };
        const saved = await this.activities.confirm(m, activityId, p.subject);
        await this.audit.record(m, { actor: p, countyCode: a.countyCode, action: 'activity.confirm', entityType: 'activity', entityId: activityId, before: a, after: saved });
        return { activityId, confirmed: 1, kind: a.kind };
      }
      if (p.role !== 'school_admin') throw new Forbidden(`attendance is confirmed by the teachers' own school`);
      const teachers = await this.attendance.teachersAtSchool(m, activityId, p.schoolId!, todayInShanghai());
      const confirmed = await this.attendance.confirm(m, activityId, teachers, p.subject);
      await this.audit.record(m, { actor: p, countyCode: a.countyCode, action: 'attendance.confirm', entityType: 'activity', entityId: activityId, before: null, after: { schoolId: p.schoolId, teachers: confirmed } });
      return { activityId, confirmed: confirmed.length, kind: a.kind };
    });
  }
}
