import { z } from 'zod';
import { defineEvent, id, isoDate, workloadShare } from './define-event';
import { APPOINTMENT_KINDS, ROLES } from './staffing.events';

/** An approved move of one teacher; staffing turns it into appointments on the effective date. */
export const MoveApproved = defineEvent({
  name: 'rotation.MoveApproved',
  version: 1,
  topic: 'rotation.moves',
  aggregateType: 'teacher',
  schema: z
    .object({
      moveId: id,
      teacherId: id,
      fromSchoolId: id.nullable(),
      toSchoolId: id,
      kind: z.enum(APPOINTMENT_KINDS),
      role: z.enum(ROLES),
      workloadShare,
      effectiveDate: isoDate,
      endDate: isoDate.nullable(),
    })
    .refine((m) => m.endDate === null || m.endDate > m.effectiveDate, { message: 'endDate must be after effectiveDate', path: ['endDate'] }),
  aggregateId: (d) => d.teacherId,
});
