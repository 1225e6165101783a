import { Controller, Module, type DynamicModule, type Type } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { EntityManager, MigrationInterface, QueryRunner } from 'typeorm';
import { PolicyValueSet, type EventData } from '@app/contracts';
import { EventContext, type ReceivedEvent } from '@app/messaging';
import { DEFAULT_POLICY, type PolicyKey, type PolicyValue } from '@app/policy';

/**
 * Policy values the city administrator added (staffing owns them: `POST /policy-values`), and each other
 * service's copy of them, built from staffing.PolicyValueSet. Every service evaluates a rule with
 * DEFAULT_POLICY (the seeded defaults in @app/policy) plus these rows, as in force on the rule's date.
 * The table has the same shape everywhere; a value is never edited, only a later-dated one added.
 */
export function policyValuesTableUp(schema: string): string[] {
  return [
    `CREATE TABLE ${schema}.policy_values (
      id uuid PRIMARY KEY,
      key text NOT NULL,
      value double precision NOT NULL,
      effective_from date NOT NULL,
      source text NOT NULL,
      set_by text NOT NULL,
      set_at timestamptz NOT NULL,
      UNIQUE (key, effective_from)
    )`,
  ];
}

/**
 * The migration that creates a service's policy_values table (every service has one: staffing's is the
 * owner's, the others' are copies), named `<Schema>PolicyValues1765100000000`.
 */
export function policyValuesMigration(schema: string): Type<MigrationInterface> {
  const name = `${schema[0].toUpperCase()}${schema.slice(1)}PolicyValues1765100000000`;
  const migration = class implements MigrationInterface {
    name = name;
    async up(q: QueryRunner): Promise<void> {
      for (const sql of policyValuesTableUp(schema)) await q.query(sql);
    }
    async down(q: QueryRunner): Promise<void> {
      await q.query(`DROP TABLE ${schema}.policy_values`);
    }
  };
  Object.defineProperty(migration, 'name', { value: name });
  return migration;
}

/** An added value with who set it and when. */
export interface PolicyValueRecord extends PolicyValue {
  id: string;
  setBy: string;
  setAt: string;
}

const COLUMNS = `id, key, value, effective_from::text AS "effectiveFrom", source, set_by AS "setBy", to_char(set_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "setAt"`;

export class PolicyValuesStore {
  constructor(private readonly schema: string) {
    if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`unsafe schema name ${schema}`);
  }

  /** The values added so far, by key and date. */
  async added(m: EntityManager): Promise<PolicyValueRecord[]> {
    return m.query(`SELECT ${COLUMNS} FROM ${this.schema}.policy_values ORDER BY key, effective_from`);
  }

  /** What rules are evaluated with: the seeded defaults plus every added value. */
  async values(m: EntityManager): Promise<PolicyValue[]> {
    const added = await this.added(m);
    return [...DEFAULT_POLICY, ...added.map((r) => ({ key: r.key as PolicyKey, value: r.value, effectiveFrom: r.effectiveFrom, source: r.source }))];
  }

  /** Stores a value; false when that value (or another for the same key and date) is already there. */
  async record(m: EntityManager, r: PolicyValueRecord): Promise<boolean> {
    const rows = await m.query(
      `INSERT INTO ${this.schema}.policy_values (id, key, value, effective_from, source, set_by, set_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT DO NOTHING RETURNING id`,
      [r.id, r.key, r.value, r.effectiveFrom, r.source, r.setBy, r.setAt],
    );
    return rows.length === 1;
  }
}

export const policyValueSetData = (r: PolicyValueRecord): EventData<typeof PolicyValueSet> => ({
  valueId: r.id,
  key: r.key,
  value: r.value,
  effectiveFrom: r.effectiveFrom,
  source: r.source,
  setBy: r.setBy,
  setAt: r.setAt,
});

/** Applies staffing.PolicyValueSet to the service's copy (idempotent). */
@Controller()
export class PolicyCopyHandler {
  constructor(private readonly store: PolicyValuesStore) {}

  @EventPattern(PolicyValueSet.type)
  async set(@Payload() { data: v }: ReceivedEvent<EventData<typeof PolicyValueSet>>, @Ctx() ctx: EventContext): Promise<void> {
    await this.store.record(ctx.manager, { id: v.valueId, key: v.key as PolicyKey, value: v.value, effectiveFrom: v.effectiveFrom, source: v.source, setBy: v.setBy, setAt: v.setAt });
  }
}

/**
 * A service that keeps a copy of the policy values imports `PolicyCopyModule.forSchema('<its schema>')`
 * (with `policyValuesTableUp` in a migration and 'staffing.policy' among the topics it consumes) and
 * injects PolicyValuesStore where it evaluates rules.
 */
@Module({})
export class PolicyCopyModule {
  static forSchema(schema: string): DynamicModule {
    return {
      module: PolicyCopyModule,
      controllers: [PolicyCopyHandler],
      providers: [{ provide: PolicyValuesStore, useValue: new PolicyValuesStore(schema) }],
      exports: [PolicyValuesStore],
    };
  }
}
