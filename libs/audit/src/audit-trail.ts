import type { EntityManager } from 'typeorm';
import { currentCorrelationId } from '@app/platform';

/** DDL for a service's audit trail: every officer's write, with who, when, what, before and after. */
export function auditTableUp(schema: string): string[] {
  return [
    `CREATE TABLE ${schema}.audit_log (
      id bigserial PRIMARY KEY,
      at timestamptz NOT NULL DEFAULT now(),
      actor text NOT NULL,
      actor_role text NOT NULL,
      county_code text,
      action text NOT NULL,
      entity_type text NOT NULL,
      entity_id text NOT NULL,
      before jsonb,
      after jsonb,
      correlation_id text
    )`,
    `CREATE INDEX audit_log_county_at ON ${schema}.audit_log (county_code, at DESC)`,
    `CREATE INDEX audit_log_entity ON ${schema}.audit_log (entity_type, entity_id, at DESC)`,
  ];
}

export interface Actor {
  subject: string;
  role: string;
}

export interface AuditEntry {
  actor: Actor;
  countyCode: string | null;
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
}

export interface AuditRecord extends Omit<AuditEntry, 'actor'> {
  id: string;
  at: string;
  actor: string;
  actorRole: string;
  correlationId: string | null;
}

export interface AuditQuery {
  countyCode?: string;
  entityType?: string;
  entityId?: string;
  actor?: string;
  from?: string;
  to?: string;
  limit: number;
  offset: number;
}

/** Writes audit rows in the caller's transaction, so a write and its audit entry commit together. */
export class AuditTrail {
  constructor(private readonly schema: string) {
    if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`unsafe schema name ${schema}`);
  }

  async record(manager: EntityManager, e: AuditEntry): Promise<void> {
    await manager.query(
      `INSERT INTO ${this.schema}.audit_log (actor, actor_role, county_code, action, entity_type, entity_id, before, after, correlation_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb, $9)`,
      [
        e.actor.subject,
        e.actor.role,
        e.countyCode,
        e.action,
        e.entityType,
        e.entityId,
        e.before === undefined || e.before === null ? null : JSON.stringify(e.before),
        e.after === undefined || e.after === null ? null : JSON.stringify(e.after),
        currentCorrelationId() ?? null,
      ],
    );
  }

  /** Many entries in one statement (spreadsheet imports write thousands). */
  async recordMany(manager: EntityManager, entries: readonly AuditEntry[]): Promise<void> {
    const correlationId = currentCorrelationId() ?? null;
    const json = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v));
    for (let start = 0; start < entries.length; start += 5000) {
      const chunk = entries.slice(start, start + 5000);
      await manager.query(
        `INSERT INTO ${this.schema}.audit_log (actor, actor_role, county_code, action, entity_type, entity_id, before, after, correlation_id)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::jsonb[], $8::jsonb[], $9::text[])`,
        [
          chunk.map((e) => e.actor.subject),
          chunk.map((e) => e.actor.role),
          chunk.map((e) => e.countyCode),
          chunk.map((e) => e.action),
          chunk.map((e) => e.entityType),
          chunk.map((e) => e.entityId),
          chunk.map((e) => json(e.before)),
          chunk.map((e) => json(e.after)),
          chunk.map(() => correlationId),
        ],
      );
    }
  }

  async query(manager: EntityManager, q: AuditQuery): Promise<{ items: AuditRecord[]; total: number }> {
    const where = `WHERE ($1::text IS NULL OR county_code = $1) AND ($2::text IS NULL OR entity_type = $2)
      AND ($3::text IS NULL OR entity_id = $3) AND ($4::text IS NULL OR actor = $4)
      AND ($5::timestamptz IS NULL OR at >= $5) AND ($6::timestamptz IS NULL OR at < $6)`;
    const params = [q.countyCode ?? null, q.entityType ?? null, q.entityId ?? null, q.actor ?? null, q.from ?? null, q.to ?? null];
    const items = await manager.query(
      `SELECT id::text, at, actor, actor_role AS "actorRole", county_code AS "countyCode", action, entity_type AS "entityType",
              entity_id AS "entityId", before, after, correlation_id AS "correlationId"
         FROM ${this.schema}.audit_log ${where} ORDER BY at DESC, id DESC LIMIT $7 OFFSET $8`,
      [...params, q.limit, q.offset],
    );
    const [{ total }] = await manager.query(`SELECT count(*)::int AS total FROM ${this.schema}.audit_log ${where}`, params);
    return { items, total };
  }
}
