import { Controller, Get, Header, Param, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { assertCanReadTeacher, CurrentPrincipal, Forbidden, Roles, type Principal } from '@app/auth';
import { uuidParams, ZodPipe } from '@app/runtime';
import { todayInShanghai } from '../../ledger/domain/calendar';
import { yearQuery } from '../../scheme/interface/subsidies.dto';
import { Statements } from '../application/statements.service';

const PDF = 'application/pdf';

/** A teacher's own subsidy: the teacher id comes from the token only, so no one sees another's. */
function ownTeacherId(p: Principal): string {
  if (!p.teacherId) throw new Forbidden(`${p.role} has no teacher record of their own`);
  return p.teacherId;
}
const yearOf = (q: z.infer<typeof yearQuery>) => q.year ?? Number(todayInShanghai().slice(0, 4));

@ApiTags('statements')
@Controller()
export class StatementsController {
  constructor(private readonly statements: Statements) {}

  @Get('me/subsidies')
  @Roles('teacher')
  @ApiOperation({ summary: 'My living subsidy month by month: each line with why this amount, adjustments with before and after, payment status' })
  async mine(@CurrentPrincipal() p: Principal, @Query(new ZodPipe(yearQuery)) q: z.infer<typeof yearQuery>) {
    return this.statements.statement(await this.statements.teacher(ownTeacherId(p)), yearOf(q));
  }

  @Get('me/subsidies/statement.pdf')
  @Roles('teacher')
  @ApiProduces(PDF)
  @Header('content-type', PDF)
  @ApiOperation({ summary: 'My yearly statement as a PDF (Chinese fonts embedded)' })
  async myPdf(@CurrentPrincipal() p: Principal, @Query(new ZodPipe(yearQuery)) q: z.infer<typeof yearQuery>, @Res({ passthrough: true }) reply: FastifyReply) {
    const teacher = await this.statements.teacher(ownTeacherId(p));
    reply.header('content-disposition', `attachment; filename="subsidy-${yearOf(q)}.pdf"`);
    return this.statements.pdf(teacher, yearOf(q));
  }

  @Get('teachers/:id/subsidies')
  @Roles('county_hr', 'teacher')
  @ApiOperation({ summary: "A teacher's living subsidy month by month, as the teacher sees it (the county's HR, the city, the teacher)" })
  async teacher(@CurrentPrincipal() p: Principal, @Param(new ZodPipe(uuidParams)) { id }: z.infer<typeof uuidParams>, @Query(new ZodPipe(yearQuery)) q: z.infer<typeof yearQuery>) {
    const teacher = await this.statements.teacher(id);
    assertCanReadTeacher(p, id, teacher.countyCode);
    return this.statements.statement(teacher, yearOf(q));
  }

  @Get('teachers/:id/subsidies/statement.pdf')
  @Roles('county_hr', 'teacher')
  @ApiProduces(PDF)
  @Header('content-type', PDF)
  @ApiOperation({ summary: "A teacher's yearly statement as a PDF" })
  async teacherPdf(
    @CurrentPrincipal() p: Principal,
    @Param(new ZodPipe(uuidParams)) { id }: z.infer<typeof uuidParams>,
    @Query(new ZodPipe(yearQuery)) q: z.infer<typeof yearQuery>,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const teacher = await this.statements.teacher(id);
    assertCanReadTeacher(p, id, teacher.countyCode);
    reply.header('content-disposition', `attachment; filename="subsidy-${teacher.staffNo ?? id}-${yearOf(q)}.pdf"`);
    return this.statements.pdf(teacher, yearOf(q));
  }
}
