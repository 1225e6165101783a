import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useState, type ReactNode } from 'react';
import { call, setCsrfToken } from './api';
import type { Principal } from './access';

export interface SessionInfo {
  signedIn: boolean;
  signIn: { mode: 'development' | 'oidc'; issuer?: string; development: { available: boolean; reason: string } };
  principal?: Principal;
  displayName?: string;
  csrfToken?: string;
  expiresAt?: string;
}

export function useSession() {
  return useQuery({
    queryKey: ['session'],
    queryFn: async () => {
      const s = await call<SessionInfo>('/auth/session');
      setCsrfToken(s.csrfToken);
      return s;
    },
    staleTime: 60_000,
  });
}

export function useSignOut() {
  const client = useQueryClient();
  return async () => {
    const r = await call<{ redirect: string | null }>('/auth/sign-out', { method: 'POST' });
    setCsrfToken(undefined);
    client.clear();
    if (r.redirect) window.location.assign(r.redirect);
    else window.location.assign('/sign-in');
  };
}

/** The county HR pages work on: the officer's own, or the one the city administrator picked. */
const CountyContext = createContext<{ county: string; setCounty: (c: string) => void }>({ county: 'taishan', setCounty: () => undefined });

export function CountyProvider({ principal, children }: { principal?: Principal; children: ReactNode }) {
  const [picked, setPicked] = useState('taishan');
  const county = principal?.role === 'city_admin' ? picked : (principal?.countyCode ?? picked);
  return <CountyContext.Provider value={{ county, setCounty: setPicked }}>{children}</CountyContext.Provider>;
}

export function useCounty() {
  return useContext(CountyContext);
}
