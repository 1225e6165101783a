import type { EventContract } from './define-event';
import * as rotation from './rotation.events';
import * as scheduler from './scheduler.events';
import * as staffing from './staffing.events';
import * as training from './training.events';
import * as subsidies from './subsidies.events';

function contractsOf(mod: Record<string, unknown>): EventContract[] {
  return Object.values(mod).filter((v): v is EventContract => typeof v === 'object' && v !== null && 'type' in v && 'schema' in v);
}

export const ALL_CONTRACTS: readonly EventContract[] = [...contractsOf(staffing), ...contractsOf(rotation), ...contractsOf(scheduler), ...contractsOf(training), ...contractsOf(subsidies)];

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
/**
 * `compacted`: the topic keeps only each key's latest record (cleanup.policy=compact). Only for personal data
 * (contacts): an erased or changed contact must not survive in the log, and its readers need only the latest.
 */
export const TOPICS: Readonly<Record<string, { partitions: number; description: string; compacted?: true }>> = {
  'staffing.schools': { partitions: 6, description: 'school registered/updated, key = school id' },
  'staffing.teachers': { partitions: 12, description: 'teacher registered/updated, key = teacher id' },
  'staffing.posts': { partitions: 6, description: 'post quotas approved per school year, key = post id' },
  'staffing.appointments': { partitions: 12, description: 'appointments started/ended, moves rejected; key = teacher id' },
  'staffing.kindergartens': { partitions: 3, description: 'R10 quality kindergarten designations and village pairings, key = urban kindergarten id' },
  'staffing.policy': { partitions: 1, description: 'dated policy values the city administrator added, key = policy key' },
  'rotation.moves': { partitions: 12, description: 'approved moves, key = teacher id' },
  'rotation.plans': { partitions: 6, description: 'approved plans: every move of a plan (MoveApproved.v2), key = plan id' },
  'scheduler.obligations': { partitions: 12, description: 'R2/R3 obligations raised and resolved, key = teacher id' },
  'scheduler.calendar': { partitions: 3, description: 'terms and months closed, key = county code' },
  'scheduler.quotas': { partitions: 3, description: 'R1 exchange quota shortfalls, key = county code' },
  'training.credits': { partitions: 12, description: 'credit hours posted or reversed, key = teacher id' },
  'training.compliance': { partitions: 6, description: 'R6-R8 and credit-hour shortfalls and restorations, key = teacher id or county code' },
  'training.stages': { partitions: 6, description: 'growth-path stage changes (R12), key = teacher id' },
  'staffing.absences': { partitions: 12, description: 'absences recorded/updated (leave, secondment, suspension, study), key = teacher id' },
  'subsidies.ledger': { partitions: 12, description: 'months accrued (key = county code) and adjustments posted (key = teacher id)' },
  'subsidies.batches': { partitions: 3, description: 'payment batches approved and paid, key = batch id' },
  'staffing.contacts': { partitions: 6, description: "teachers' e-mail, phone and language (personal data, compacted), key = teacher id", compacted: true },
  'rotation.cycles': { partitions: 3, description: 'cycles opened, preferences submitted, plans approved; key = cycle id' },
  'rotation.appeals': { partitions: 3, description: 'appeals of approved moves filed and decided, key = appeal id' },
};

for (const c of ALL_CONTRACTS) {
  if (!TOPICS[c.topic]) throw new Error(`event ${c.type} names unknown topic ${c.topic}`);
}
