import { createHash } from 'node:crypto';
import { parentPort } from 'node:worker_threads';
import { DomainError } from '@app/errors';
import { checkPlan, planMetrics, PlanningSession, SolveCancelled, type PlannerInput } from '../../planning/domain';
import { assemblePlannerInput, withWhatIf } from '../domain/planner-input';
import { whatIfHints } from '../../hints/domain/hints';
import { SESSION_LOST, type SolveReply, type SolveRequest, type SolveSource } from '../application/solve-protocol';

/**
 * A solver worker thread: HiGHS runs here, so the service's event loop (HTTP, /health, the Kafka
 * consumer's heartbeats) never waits for a solve. It keeps the warm planner of the last cycles it solved
 * (PlanningSession): a re-solve of the same input with other pins changes only bounds in HiGHS's model.
 */
const MAX_SESSIONS = 2;
const sessions = new Map<string, { fingerprint: string; session: PlanningSession }>();
const port = parentPort!;
const reply = (m: SolveReply) => port.postMessage(m);

port.on('message', (req: SolveRequest) => {
  void solve(req);
});

async function solve(req: SolveRequest): Promise<void> {
  const t0 = performance.now();
  const elapsed = () => performance.now() - t0;
  try {
    reply({ type: 'progress', jobId: req.jobId, progress: { stage: 'input', elapsedMs: 0 } });
    const source = req.source;
    if (source.kind !== 'kept' && req.hints) return await hints(req, source, t0);
    // 'kept': the pool sends it only after this thread solved the session from equal facts
    const entry = source.kind === 'kept' ? sessions.get(req.sessionKey) : sessionFor(req, source, () => reply({ type: 'progress', jobId: req.jobId, progress: { stage: 'candidates', elapsedMs: elapsed() } }));
    if (!entry) return reply({ type: 'failed', jobId: req.jobId, error: { message: 'the solver thread no longer holds this cycle; solve again', code: SESSION_LOST } });
    sessions.delete(req.sessionKey); // most recently used last
    sessions.set(req.sessionKey, entry);
    while (sessions.size > MAX_SESSIONS) {
      const [oldest] = sessions.keys();
      sessions.get(oldest)!.session.dispose();
      sessions.delete(oldest);
    }
    const session = entry.session;
    const plan = await session.solve(req.pins, {
      onProgress: (p) => reply({ type: 'progress', jobId: req.jobId, progress: { stage: p.stage, iterations: p.iterations, elapsedMs: elapsed() } }),
      shouldStop: () => Atomics.load(req.cancel, 0) === 1,
    });
    reply({ type: 'progress', jobId: req.jobId, progress: { stage: 'checking', elapsedMs: elapsed() } });
    const input = { ...session.input, pins: req.pins };
    reply({ type: 'done', jobId: req.jobId, outcome: { plan, metrics: planMetrics(input, plan.moves), violations: checkPlan(input, plan.moves), mode: session.lastMode ?? 'cold', source: source.kind === 'kept' ? 'kept' : 'sent', workerMs: elapsed() } });
  } catch (err) {
    if (err instanceof SolveCancelled) return reply({ type: 'cancelled', jobId: req.jobId });
    const e = err as Error;
    reply({ type: 'failed', jobId: req.jobId, error: err instanceof DomainError ? { message: e.message, code: err.code, kind: err.kind, details: err.details } : { message: e.message } });
  }
}

/** The session's warm planner when it was built from these facts, else a new one in its place. */
function sessionFor(req: SolveRequest, source: SolveSource, building: () => void): { fingerprint: string; session: PlanningSession } {
  const fingerprint = createHash('sha1').update(JSON.stringify(source)).update(JSON.stringify(req.whatIf)).digest('hex');
  const entry = sessions.get(req.sessionKey);
  if (entry && entry.fingerprint === fingerprint) return entry;
  entry?.session.dispose();
  sessions.delete(req.sessionKey);
  const assembled: PlannerInput = source.kind === 'input' ? source.input : assemblePlannerInput(source.cycle, source.facts, source.values);
  const base: PlannerInput = source.kind === 'facts' && source.baseline ? { ...assembled, baseline: source.baseline } : assembled;
  building();
  const limit = req.timeLimitSeconds;
  return { fingerprint, session: new PlanningSession(withWhatIf(base, req.whatIf), { lpTimeLimit: limit, mipTimeLimit: Math.min(20, limit) }) };
}

/**
 * Achievable-school hints (apps/rotation/src/hints): the what-if solve of the cycle as it stands, its
 * perturbed re-solves and prices, in this thread; no warm planner is kept (the facts change every night).
 * The scenarios stop starting once half the time limit is spent, so the run ends well inside the pool's.
 */
async function hints(req: SolveRequest, source: SolveSource, t0: number): Promise<void> {
  const elapsed = () => performance.now() - t0;
  const input = withWhatIf(source.kind === 'input' ? source.input : assemblePlannerInput(source.cycle, source.facts, source.values), req.whatIf);
  const limit = req.timeLimitSeconds;
  reply({ type: 'progress', jobId: req.jobId, progress: { stage: 'candidates', elapsedMs: elapsed() } });
  const computed = await whatIfHints(
    input,
    { ...req.hints!, budgetMs: req.hints!.budgetMs ?? limit * 500 },
    {
      onProgress: (p) => reply({ type: 'progress', jobId: req.jobId, progress: { stage: p.stage, iterations: p.iterations, elapsedMs: elapsed() } }),
      shouldStop: () => Atomics.load(req.cancel, 0) === 1,
    },
    { lpTimeLimit: limit, mipTimeLimit: Math.min(20, limit) },
  );
  reply({ type: 'progress', jobId: req.jobId, progress: { stage: 'checking', elapsedMs: elapsed() } });
  const plan = computed.plan;
  reply({ type: 'done', jobId: req.jobId, outcome: { plan, metrics: planMetrics(input, plan.moves), violations: checkPlan(input, plan.moves), mode: 'cold', source: 'sent', workerMs: elapsed(), hints: computed } });
}
