import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { APPOINTMENT_KINDS, ROLES, workloadShare } from '@app/contracts';
import { assertCanActInCounty, assertCanReadSchool, CurrentPrincipal, Roles, type Principal } from '@app/auth';
import { dateField, openApi, uuidParams, ZodPipe, versionField } from '@app/runtime';
import { AppointTeacher } from '../application/appoint-teacher.use-case';
import { CorrectAppointment } from '../application/correct-appointment.use-case';
import { EndAppointment } from '../application/end-appointment.use-case';
import { ConfirmArrival } from '../application/confirm-arrival.use-case';

const share = workloadShare;
const appointBody = z
  .strictObject({
    teacherId: z.uuid(),
    schoolId: z.uuid(),
    postId: z.uuid().nullable().default(null),
    kind: z.enum(APPOINTMENT_KINDS),
    role: z.enum(ROLES).default('teacher'),
    workloadShare: share.default(1),
    startDate: dateField,
    endDate: dateField.nullable().default(null),
    reason: z.string().trim().min(1).max(1000).nullable().default(null),
  })
  .refine((b) => b.endDate === null || b.endDate >= b.startDate, { message: 'endDate must not be before startDate', path: ['endDate'] });
const endBody = z.strictObject({ endDate: dateField, reason: z.string().trim().min(1).max(1000), version: versionField.optional() });
const correctionBody = z
  .strictObject({
    version: versionField,
    reason: z.string().trim().min(1).max(1000),
    schoolId: z.uuid().optional(),
    postId: z.uuid().nullable().optional(),
    kind: z.enum(APPOINTMENT_KINDS).optional(),
    role: z.enum(ROLES).optional(),
    workloadShare: share.optional(),
    startDate: dateField.optional(),
    endDate: dateField.nullable().optional(),
  })
  .refine((b) => Object.keys(b).length > 2, { message: 'a correction changes at least one field' });

@ApiTags('appointments')
@Controller('appointments')
export class AppointmentsController {
  constructor(
    private readonly appoint: AppointTeacher,
    private readonly endAppointment: EndAppointment,
    private readonly correct: CorrectAppointment,
    private readonly confirmArrival: ConfirmArrival,
  ) {}

  @Post(':id/arrival')
  @HttpCode(200)
  @Roles('school_admin', 'county_hr')
  @ApiOperation({ summary: "The receiving school confirms the teacher's arrival (its own school administrator, or county HR)" })
  arrival(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(uuidParams)) { id }: z.infer<typeof uuidParams>, @Body(new ZodPipe(z.strictObject({}))) _body: object) {
    return this.confirmArrival.execute(p, id, (schoolId, county) => (p.role === 'school_admin' ? assertCanReadSchool(p, schoolId, county) : assertCanActInCounty(p, county)));
  }

  @Post()
  @HttpCode(201)
  @Roles('county_hr')
  @ApiOperation({ summary: 'Appoint a teacher to a school and post; refused (409) when the post is full, shares would exceed 1 or regular appointments would overlap' })
  @ApiBody({ schema: openApi(appointBody) })
  create(@CurrentPrincipal() p: Principal, @Body(new ZodPipe(appointBody)) body: z.infer<typeof appointBody>) {
    return this.appoint.execute(p, body, (county) => assertCanActInCounty(p, county));
  }

  @Post(':id/end')
  @HttpCode(200)
  @Roles('county_hr')
  @ApiOperation({ summary: 'End an appointment on a date (inclusive); emits staffing.AppointmentEnded.v1' })
  @ApiBody({ schema: openApi(endBody) })
  end(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(uuidParams)) { id }: z.infer<typeof uuidParams>, @Body(new ZodPipe(endBody)) body: z.infer<typeof endBody>) {
    return this.endAppointment.execute(p, { appointmentId: id, ...body }, (county) => assertCanActInCounty(p, county));
  }

  @Post(':id/corrections')
  @HttpCode(201)
  @Roles('county_hr')
  @ApiOperation({ summary: 'Correct a wrong record: a new record supersedes it, with the reason; history is never edited' })
  @ApiBody({ schema: openApi(correctionBody) })
  correction(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(uuidParams)) { id }: z.infer<typeof uuidParams>, @Body(new ZodPipe(correctionBody)) body: z.infer<typeof correctionBody>) {
    const { version, reason, ...changes } = body;
    return this.correct.execute(p, { appointmentId: id, version, reason, changes }, (county) => assertCanActInCounty(p, county));
  }
}
