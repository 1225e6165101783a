import type { EventContract } from './define-event';
import * as rotation from './rotation.events';
import * as scheduler from './scheduler.events';
import * as staffing from './staffing.events';

function contractsOf(mod: Record<string, unknown>): EventContract[] {
  return Object.values(mod).filter((v): v is EventContract => typeof v === 'object' && v !== null && 'type' in v && 'schema' in v);
}

export const ALL_CONTRACTS: readonly EventContract[] = [...contractsOf(staffing), ...contractsOf(rotation), ...contractsOf(scheduler)];

const byType = new Map<string, EventContract>();
for (const c of ALL_CONTRACTS) {
  if (byType.has(c.type)) throw new Error(`duplicate event type ${c.type}`);
  byType.set(c.type, c);
}

export function contractForType(type: string): EventContract | undefined {
  return byType.get(type);
}

export const DEAD_LETTER_SUFFIX = '.dlt';

export function deadLetterTopic(topic: string): string {
  return `${topic}${DEAD_LETTER_SUFFIX}`;
}

/** Topic catalogue: partitions per topic (production values live in deploy/topics.json, checked against this). */
export const TOPICS: Readonly<Record<string, { partitions: number; description: string }>> = {
  'staffing.schools': { partitions: 6, description: 'school registered/updated, key = school id' },
  'staffing.teachers': { partitions: 12, description: 'teacher registered/updated, key = teacher id' },
  'staffing.posts': { partitions: 6, description: 'post quotas approved per school year, key = post id' },
  'staffing.appointments': { partitions: 12, description: 'appointments started/ended, moves rejected; key = teacher id' },
  'rotation.moves': { partitions: 12, description: 'approved moves, key = teacher id' },
  'scheduler.obligations': { partitions: 12, description: 'R2/R3 obligations raised and resolved, key = teacher id' },
  'scheduler.calendar': { partitions: 3, description: 'terms and months closed, key = county code' },
  'scheduler.quotas': { partitions: 3, description: 'R1 exchange quota shortfalls, key = county code' },
};

for (const c of ALL_CONTRACTS) {
  if (!TOPICS[c.topic]) throw new Error(`event ${c.type} names unknown topic ${c.topic}`);
}
