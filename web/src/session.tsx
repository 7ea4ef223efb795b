/** Who is signed in, and what their role lets them do (the server checks the same again). */
import { createContext, useContext } from 'react';
import type { Role, User } from './types.ts';

export type Capability = 'leads_write' | 'developments_write' | 'webhooks_manage' | 'settings_manage' | 'keys_manage' | 'users_manage';

/** What each role may change; reading is open to every role. */
const CAPABILITIES: Record<Role, readonly Capability[]> = {
  admin: ['leads_write', 'developments_write', 'webhooks_manage', 'settings_manage', 'keys_manage', 'users_manage'],
  member: ['leads_write', 'developments_write'],
  viewer: [],
};

export interface SessionValue {
  user: User;
  signOut: () => Promise<void>;
  refresh: () => Promise<void>;
}

export const SessionContext = createContext<SessionValue | null>(null);

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside a signed-in page');
  return value;
}

export function useCan(capability: Capability): boolean {
  return CAPABILITIES[useSession().user.role].includes(capability);
}
