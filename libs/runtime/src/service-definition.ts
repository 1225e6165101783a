import type { Type } from '@nestjs/common';
import type { MigrationInterface } from 'typeorm';

/** What makes one of the five services: its name, schema, feature module, migrations and the topics it reads. */
export interface ServiceDefinition {
  name: string;
  title: string;
  description: string;
  defaultPort: number;
  /** PostgreSQL schema the service owns; no other service reads it */
  schema: string;
  module: Type<unknown>;
  migrations: Type<MigrationInterface>[];
  entities?: Type<unknown>[];
  /** topics consumed by the service's Kafka consumer group */
  consumes: string[];
  usesRedis: boolean;
  /** content types accepted as a raw Buffer body (file uploads), e.g. xlsx and csv */
  uploadContentTypes?: string[];
}
