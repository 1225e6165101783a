import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditTrail, type Actor } from '@app/audit';
import { UnitOfWork } from '@app/runtime';
import { LedgerRepository } from '../../ledger/application/ledger.repository';
import { RecomputeLedger } from '../../ledger/application/recompute.service';
import type { IsoDate } from '../../ledger/domain/calendar';
import { checkSchemeRules, EXAMPLE_SCHEME_FROM, EXAMPLE_SCHEME_RULES, EXAMPLE_SCHEME_SOURCE, SchemeVersionStale, type SchemeVersion } from '../domain/scheme';
import { SchemeRepository } from './scheme.repository';

export interface NewSchemeVersion {
  basedOnVersion: number;
  effectiveFrom: IsoDate;
  source: string;
  rules: unknown;
}

/**
 * A new version of a county's scheme from a date (never an edit of an old one), sent with the version it
 * was based on (409 when someone published another since). A version that reaches back into accrued months
 * recomputes them for every teacher of the county, posting the differences as adjustments.
 */
@Injectable()
export class PublishSchemeVersion {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly schemes: SchemeRepository,
    private readonly ledger: LedgerRepository,
    private readonly recompute: RecomputeLedger,
    private readonly audit: AuditTrail,
  ) {}

  async execute(actor: Actor, countyCode: string, input: NewSchemeVersion) {
    return this.uow.run(async (m) => {
      await this.ledger.lockCounty(m, countyCode, 'exclusive');
      const rules = checkSchemeRules(input.rules);
      const latest = await this.schemes.latestVersion(m, countyCode);
      if (latest !== input.basedOnVersion) throw new SchemeVersionStale(countyCode, input.basedOnVersion, latest);
      const saved = await this.schemes.insert(m, { countyCode, version: latest + 1, effectiveFrom: input.effectiveFrom, source: input.source, rules, createdBy: actor.subject });
      const { months, adjustments } = await this.recompute.county(m, { countyCode, from: input.effectiveFrom, cause: 'subsidies.scheme' });
      await this.audit.record(m, { actor, countyCode, action: 'scheme.publish', entityType: 'scheme', entityId: `${countyCode}:${saved.version}`, before: { version: latest }, after: saved });
      return { version: saved, recomputed: { months, adjustments: adjustments.length, totalFen: adjustments.reduce((s, a) => s + a.amountFen, 0) } };
    });
  }
}

/** The example scheme for every county that has none yet (seeds; idempotent). */
export async function seedExampleSchemes(m: EntityManager, counties: readonly string[]): Promise<number> {
  const rows = await m.query(
    `INSERT INTO subsidies.scheme_versions (county_code, version, effective_from, source, rules, created_by)
     SELECT c, 1, $2, $3, $4::jsonb, 'seed' FROM unnest($1::text[]) AS c
     WHERE NOT EXISTS (SELECT 1 FROM subsidies.scheme_versions v WHERE v.county_code = c) RETURNING county_code`,
    [counties, EXAMPLE_SCHEME_FROM, EXAMPLE_SCHEME_SOURCE, JSON.stringify(EXAMPLE_SCHEME_RULES)],
  );
  return rows.length;
}

export type { SchemeVersion };
