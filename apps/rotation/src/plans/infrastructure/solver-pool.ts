import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Worker } from 'node:worker_threads';
import { Inject, Injectable, Optional, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import type { ServiceConfig } from '@app/platform';
import { LOGGER, SERVICE_CONFIG } from '@app/runtime';
import equal from 'fast-deep-equal';
import { PlanSolver, SESSION_LOST, type SolveJob, type SolveListener, type SolveReply, type SolveRequest, type SolveSource } from '../application/solve-protocol';
import type { WhatIf } from '../domain/planner-input';

interface Slot {
  worker: Worker;
  /** the job it is running */
  job: (SolveJob & { listener: SolveListener; cancel: Int32Array; timer: NodeJS.Timeout }) | null;
  /** the session key it last solved: its warm planner */
  lastKey: string | null;
  /** what its warm planner of `lastKey` was built from, after a solve of it succeeded there */
  held: { key: string; source: SolveSource; whatIf: WhatIf | null } | null;
}

/**
 * Worker threads that run the planner (HiGHS in WebAssembly): `ROTATION_SOLVER_THREADS` of them, so that
 * many solves (what-ifs) run at once and more wait in line; each is stopped after `ROTATION_SOLVE_TIME_LIMIT_S`
 * (HiGHS's own limit; a worker still busy 30 s after it is terminated). Cancelling sets a flag HiGHS polls at
 * every iteration. A cycle's solves go to the worker that solved it last, where its planner is warm.
 */
@Injectable()
export class SolverPool extends PlanSolver implements OnApplicationShutdown {
  private readonly slots: Slot[] = [];
  private readonly queue: (SolveJob & { listener: SolveListener })[] = [];
  private readonly threads: number;
  private readonly timeLimitSeconds: number;
  private readonly script: string;
  private closed = false;

  constructor(
    @Inject(SERVICE_CONFIG) config: Pick<ServiceConfig, 'ROTATION_SOLVER_THREADS' | 'ROTATION_SOLVE_TIME_LIMIT_S'>,
    @Inject(LOGGER) private readonly logger: Pick<Logger, 'warn' | 'info'>,
    @Optional() @Inject('SOLVER_WORKER_SCRIPT') script?: string,
  ) {
    super();
    this.threads = config.ROTATION_SOLVER_THREADS;
    this.timeLimitSeconds = config.ROTATION_SOLVE_TIME_LIMIT_S;
    this.script = script ?? workerScript();
  }

  /** Solves waiting for a free worker, and solves running. */
  get load(): { queued: number; running: number; threads: number } {
    return { queued: this.queue.length, running: this.slots.filter((s) => s.job).length, threads: this.threads };
  }

  submit(job: SolveJob, listener: SolveListener): void {
    if (this.closed) return listener.failed({ message: 'the rotation service is shutting down; solve again in a moment' });
    this.queue.push({ ...job, listener });
    listener.progress({ stage: 'queued', elapsedMs: 0 });
    this.dispatch();
  }

  /** true when the solve was waiting or running here (it stops and reports 'cancelled') */
  cancel(jobId: string): boolean {
    const waiting = this.queue.findIndex((j) => j.jobId === jobId);
    if (waiting >= 0) {
      const [job] = this.queue.splice(waiting, 1);
      job.listener.cancelled();
      return true;
    }
    const slot = this.slots.find((s) => s.job?.jobId === jobId);
    if (!slot) return false;
    Atomics.store(slot.job!.cancel, 0, 1);
    return true;
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.listener.failed({ message: 'the rotation service stopped before the solve started; solve again' });
    await Promise.all(this.slots.map((s) => this.retire(s, 'the rotation service stopped during the solve; solve again')));
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const next = this.queue[0];
      let slot = this.slots.find((s) => !s.job && s.lastKey === next.sessionKey) ?? this.slots.find((s) => !s.job);
      if (!slot && this.slots.length < this.threads) slot = this.spawn();
      if (!slot) return;
      this.queue.shift();
      this.run(slot, next);
    }
  }

  private spawn(): Slot {
    const slot: Slot = { worker: new Worker(this.script), job: null, lastKey: null, held: null };
    slot.worker.on('message', (m: SolveReply) => this.onReply(slot, m));
    slot.worker.on('error', (err) => this.onCrash(slot, err.message));
    slot.worker.on('exit', (code) => {
      if (slot.job) this.onCrash(slot, `the solver thread stopped (exit code ${code})`);
      this.slots.splice(this.slots.indexOf(slot), 1);
    });
    this.slots.push(slot);
    return slot;
  }

  private run(slot: Slot, job: SolveJob & { listener: SolveListener }): void {
    const cancel = new Int32Array(new SharedArrayBuffer(4));
    // HiGHS stops itself at the limit; this catches a thread stuck outside HiGHS
    const timer = setTimeout(() => void this.retire(slot, `the solve took longer than ${this.timeLimitSeconds} s and was stopped`), (this.timeLimitSeconds + 30) * 1000);
    timer.unref();
    slot.job = { ...job, cancel, timer };
    slot.lastKey = job.sessionKey;
    // facts equal to those the thread's warm planner holds stay there (comparing costs a fraction of copying)
    const h = slot.held;
    const kept = !job.hints && h !== null && h.key === job.sessionKey && equal(h.whatIf, job.whatIf) && equal(h.source, job.source);
    const req: SolveRequest = { type: 'solve', jobId: job.jobId, sessionKey: job.sessionKey, source: kept ? { kind: 'kept' } : job.source, pins: job.pins, whatIf: job.whatIf, hints: job.hints, timeLimitSeconds: this.timeLimitSeconds, cancel };
    slot.worker.postMessage(req);
  }

  private onReply(slot: Slot, m: SolveReply): void {
    const job = slot.job;
    if (!job || job.jobId !== m.jobId) return;
    if (m.type === 'progress') return job.listener.progress(m.progress);
    clearTimeout(job.timer);
    slot.job = null;
    // a hints job leaves the thread's planners as they were; a failed or cancelled solve may not have one
    if (m.type !== 'done') slot.held = null;
    else if (!job.hints) slot.held = { key: job.sessionKey, source: job.source, whatIf: job.whatIf };
    if (m.type === 'failed' && m.error.code === SESSION_LOST) {
      this.queue.unshift({ ...job }); // again, with the facts
      return this.dispatch();
    }
    if (m.type === 'done') job.listener.done(m.outcome);
    else if (m.type === 'cancelled') job.listener.cancelled();
    else job.listener.failed(m.error);
    this.dispatch();
  }

  private onCrash(slot: Slot, message: string): void {
    const job = slot.job;
    if (!job) return;
    clearTimeout(job.timer);
    slot.job = null;
    this.logger.warn({ jobId: job.jobId, err: message }, 'solver thread failed');
    job.listener.failed({ message });
  }

  private async retire(slot: Slot, message: string): Promise<void> {
    this.onCrash(slot, message);
    await slot.worker.terminate();
    this.dispatch();
  }
}

/**
 * The worker's compiled script. The service runs from dist/, where it sits beside this file; under jest
 * (TypeScript sources) the build's copy is used — `npm test` builds first.
 */
function workerScript(): string {
  const here = join(__dirname, 'solve.worker.js');
  if (existsSync(here)) return here;
  let root = __dirname;
  while (!existsSync(join(root, 'package.json')) && root !== join(root, '..')) root = join(root, '..');
  const built = join(root, 'dist', relative(root, __dirname), 'solve.worker.js');
  if (!existsSync(built)) throw new Error(`the solver worker ${built} is missing: run npm run build`);
  return built;
}
