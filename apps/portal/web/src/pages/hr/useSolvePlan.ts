import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api, ApiError } from '../../api';

export interface WhatIf {
  minMoverShare?: number;
  backboneMoverShare?: number;
  maxLeadershipMoveShare?: number;
  subjectFloor?: number;
  weights?: Partial<Record<'towardRural' | 'towardWeak' | 'backboneTowardWeak' | 'preferenceRank' | 'sameDistrict' | 'disruption', number>>;
}

interface SolveView {
  solveId: string;
  status: 'queued' | 'running' | 'done' | 'failed' | 'cancelled';
  result: any;
  error: { message: string; code?: string } | null;
  planId: string | null;
}

const POLL_MS = 700;

/**
 * The one place that asks rotation to solve a plan. POST /cycles/:id/plans answers 202 with a solve;
 * this polls GET /cycles/:id/solves/:solveId until it is done and resolves with the saved plan ({ id })
 * or the what-if's result, or rejects with the solve's error in the words rotation gave.
 */
export function useSolvePlan(cycleId: string) {
  const client = useQueryClient();
  const [startedAt, setStartedAt] = useState<number | null>(null);
  const [elapsed, setElapsed] = useState(0);
  const mutation = useMutation({
    mutationFn: async (body: { whatIf?: WhatIf }) => {
      let solve = await api<SolveView>('rotation', `/cycles/${cycleId}/plans`, { method: 'POST', body });
      while (solve.status === 'queued' || solve.status === 'running') {
        await new Promise((r) => setTimeout(r, POLL_MS));
        solve = await api<SolveView>('rotation', `/cycles/${cycleId}/solves/${solve.solveId}`);
      }
      if (solve.status === 'done') return solve.planId ? { ...solve.result, id: solve.planId } : solve.result;
      throw new ApiError(422, solve.error?.code ?? (solve.status === 'cancelled' ? 'ROTATION.SOLVE_CANCELLED' : 'ROTATION.SOLVE_FAILED'), solve.error?.message ?? solve.status);
    },
    onMutate: () => {
      setStartedAt(Date.now());
      setElapsed(0);
    },
    onSettled: async (_d, _e, body) => {
      setStartedAt(null);
      if (!body.whatIf) await client.invalidateQueries({ queryKey: ['rotation', 'plans', cycleId] });
    },
  });
  useEffect(() => {
    if (startedAt === null) return;
    const timer = setInterval(() => setElapsed(Math.round((Date.now() - startedAt) / 1000)), 500);
    return () => clearInterval(timer);
  }, [startedAt]);
  return { solve: mutation.mutateAsync, pending: mutation.isPending, error: mutation.error, result: mutation.data, elapsedSeconds: elapsed, reset: mutation.reset };
}
