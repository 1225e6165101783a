import { z } from 'zod';
import { countyCode, isoDate } from '@app/contracts';

/** Query fields every list endpoint shares. */
export const pageQuery = { limit: z.coerce.number().int().min(1).max(500).default(50), offset: z.coerce.number().int().min(0).max(1_000_000).default(0) };

/** A calendar date in a query or body: 'YYYY-MM-DD', a real day. */
export const dateField = isoDate;

/** An optimistic-lock version as the client read it (a PostgreSQL integer). */
export const versionField = z.number().int().min(1).max(2147483647);

/** Endpoints that take no query parameters still refuse unknown ones. */
export const noQuery = z.strictObject({});

export const uuidParams = z.strictObject({ id: z.uuid() });

/** OpenAPI schema for a zod schema, so /docs shows what the validator accepts. */
export function openApi(schema: z.ZodType): Record<string, unknown> {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
}

/** The query of a service's GET /audit: filters on the audit trail (libs/audit), with the entity types the service records. */
export function auditQuerySchema<const T extends readonly [string, ...string[]]>(entityTypes: T) {
  const instant = z.iso
    .datetime({ offset: true })
    .refine((t) => t >= '1900', 'must be after 1900')
    .or(dateField);
  return z.strictObject({
    countyCode: countyCode.optional(),
    entityType: z.enum(entityTypes).optional(),
    entityId: z.string().max(64).optional(),
    actor: z.string().max(200).optional(),
    from: instant.optional(),
    to: instant.optional(),
    ...pageQuery,
  });
}
