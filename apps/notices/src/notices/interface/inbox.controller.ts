import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { CurrentPrincipal, Roles, type Principal } from '@app/auth';
import { DomainError } from '@app/platform';
import { noQuery, pageQuery, UnitOfWork, uuidParams, ZodPipe } from '@app/runtime';
import { inboxOf } from '../application/inbox';
import { NoticeRepository } from '../application/notice.repository';
import { NOTICE_KINDS } from '../domain/templates';

/** These commands take no body: anything sent is refused rather than ignored. */
export const noBody = z.strictObject({});

const inboxQuery = z.strictObject({
  unread: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  kind: z.enum(NOTICE_KINDS).optional(),
  ...pageQuery,
});

class NoticeNotFound extends DomainError {
  constructor(id: string) {
    super('NOTICES.NOT_FOUND', 'not_found', `notice ${id} is not in your inbox`, { noticeId: id });
  }
}

/** A person's inbox of notices: theirs only (the inbox comes from the token), newest first, read or not. */
@ApiTags('inbox')
@Controller('me/notices')
export class InboxController {
  constructor(
    private readonly notices: NoticeRepository,
    private readonly uow: UnitOfWork,
  ) {}

  @Get()
  @Roles('teacher', 'school_admin', 'county_hr')
  @ApiOperation({ summary: "My notices, newest first (?unread=true for the unread ones, ?kind=), with the total and the unread count. A school administrator reads the school's, county HR the county's, the city administrator the city's" })
  async list(@CurrentPrincipal() p: Principal, @Query(new ZodPipe(inboxQuery)) q: z.infer<typeof inboxQuery>) {
    const page = await this.notices.inbox(this.uow.reader, inboxOf(p), q);
    return { ...page, limit: q.limit, offset: q.offset };
  }

  @Post('read-all')
  @HttpCode(200)
  @Roles('teacher', 'school_admin', 'county_hr')
  @ApiOperation({ summary: 'Mark every notice of my inbox read' })
  async readAll(@CurrentPrincipal() p: Principal, @Query(new ZodPipe(noQuery)) _q: object, @Body(new ZodPipe(noBody)) _b: object) {
    const marked = await this.uow.run((m) => this.notices.markAllRead(m, inboxOf(p)));
    return { marked };
  }

  @Post(':id/read')
  @HttpCode(200)
  @Roles('teacher', 'school_admin', 'county_hr')
  @ApiOperation({ summary: 'Mark one of my notices read (404 for a notice that is not in my inbox)' })
  async read(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(uuidParams)) { id }: z.infer<typeof uuidParams>, @Query(new ZodPipe(noQuery)) _q: object, @Body(new ZodPipe(noBody)) _b: object) {
    const notice = await this.uow.run((m) => this.notices.markRead(m, inboxOf(p), id));
    if (!notice) throw new NoticeNotFound(id);
    return notice;
  }
}
