import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { LANGUAGES } from '@app/contracts';
import { CurrentPrincipal, Roles, type Principal } from '@app/auth';
import { noQuery, openApi, uuidParams, ZodPipe } from '@app/runtime';
import { ManageContact } from '../application/manage-contact.use-case';

const contactBody = z.strictObject({
  email: z.string().max(254).nullable(),
  phone: z.string().max(32).nullable(),
  language: z.enum(LANGUAGES),
  /** the version read (0 when none was recorded yet) */
  version: z.number().int().min(0).max(2147483647),
});

/**
 * A teacher's contact details (personal data): the teacher and their county's HR only. The values never
 * appear in logs or, unmasked, in the audit trail.
 */
@ApiTags('teachers')
@Controller('teachers/:id/contact')
export class ContactController {
  constructor(private readonly contacts: ManageContact) {}

  @Get()
  @Roles('teacher', 'county_hr')
  @ApiOperation({ summary: "A teacher's e-mail, mobile phone and notice language, with its version (0: none recorded yet). The teacher and their county's HR only" })
  read(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(uuidParams)) { id }: z.infer<typeof uuidParams>, @Query(new ZodPipe(noQuery)) _q: object) {
    return this.contacts.read(p, id);
  }

  @Put()
  @Roles('teacher', 'county_hr')
  @ApiOperation({ summary: "Set a teacher's e-mail, mobile phone (11 digits) and language (zh-CN or en); send the version you read (409 if stale). Emits staffing.TeacherContactChanged.v1" })
  @ApiBody({ schema: openApi(contactBody) })
  set(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(uuidParams)) { id }: z.infer<typeof uuidParams>, @Body(new ZodPipe(contactBody)) body: z.infer<typeof contactBody>) {
    return this.contacts.set(p, id, body);
  }
}
