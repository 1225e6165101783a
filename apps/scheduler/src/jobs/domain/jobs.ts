import { JIANGMEN_COUNTY_CODES } from '../../calendar/domain/calendar';

export const QUEUE_NAME = 'scheduler';
export const JOB_KINDS = ['term-end-review', 'monthly-close', 'obligation-refresh'] as const;
export type JobKind = (typeof JOB_KINDS)[number];

/** Data of the job that fans a run out (what a job scheduler, the HTTP API or the CLI asks for). */
export interface DispatchData {
  job: JobKind;
  /** default: today in Asia/Shanghai (monthly close: the 1st; term-end check: the day after a term ended) */
  asOf?: string;
  countyCode?: string;
  dryRun?: boolean;
  /** manual runs get a suffix so an operator can run the same county and date again */
  runSuffix?: string;
}

export interface CountyJobData {
  runId: string;
  job: JobKind;
  countyCode: string;
  asOf: string;
  dryRun: boolean;
}

/**
 * Repeating jobs, registered idempotently at start-up under stable ids (cron in Asia/Shanghai):
 * the monthly close for subsidies on the 1st at 00:30, the daily obligation refresh at 02:00, and the
 * daily term-end check at 00:15 that reviews the counties whose term ended the day before.
 */
export const JOB_SCHEDULES: readonly { id: string; pattern: string; data: DispatchData }[] = [
  { id: 'monthly-close', pattern: '30 0 1 * *', data: { job: 'monthly-close' } },
  { id: 'obligation-refresh', pattern: '0 2 * * *', data: { job: 'obligation-refresh' } },
  { id: 'term-end-check', pattern: '15 0 * * *', data: { job: 'term-end-review' } },
];

/**
 * Deterministic ids: the same job, scope and date is the same run (retries and duplicate triggers
 * collapse). Dots, not colons: BullMQ reserves ':' in job ids.
 */
export function runId(job: JobKind, scope: string, asOf: string, dryRun = false, suffix?: string): string {
  return [job, scope, asOf, dryRun ? 'dry' : null, suffix ?? null].filter(Boolean).join('.');
}

export function countiesFor(countyCode: string | undefined): string[] {
  return countyCode ? [countyCode] : [...JIANGMEN_COUNTY_CODES];
}
