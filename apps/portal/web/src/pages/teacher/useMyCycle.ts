import { useQuery } from '@tanstack/react-query';
import { api } from '../../api';

export interface Cycle {
  id: string;
  countyCode: string;
  schoolYear: number;
  state: 'draft' | 'collecting' | 'planning' | 'proposed' | 'approved' | 'executed';
  preferenceDeadline: string | null;
  effectiveDate: string;
  version: number;
}

/** The teacher's current cycle: the one collecting preferences, else the newest. */
export function useMyCycle() {
  return useQuery({
    queryKey: ['rotation', 'me', 'cycles'],
    queryFn: async () => {
      const r = await api<{ items: Cycle[] }>('rotation', '/me/cycles');
      return r.items.find((c) => c.state === 'collecting') ?? r.items[0] ?? null;
    },
  });
}
