import { z } from 'zod';
import { isoDate } from '@app/contracts';

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
