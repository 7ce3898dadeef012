/**
 * Who is using the designer. The server may require a sign-in (session
 * cookie); a server without the auth routes (404) is used as it is.
 */
import { create } from 'zustand';
import { api, ApiRequestError, companyId, csrfTokenIn, setUnauthenticatedHandler, type Me } from './client.ts';
import { permissionsFor, type Can, type Permission } from './permissions.ts';
import { adoptUserLanguage } from '../i18n/i18n.ts';

export type SessionStatus = 'checking' | 'signed-in' | 'signed-out' | 'open';

interface Session {
  status: SessionStatus;
  me: Me | null;
  check(): Promise<void>;
  signIn(email: string, password: string): Promise<void>;
  signOut(): Promise<void>;
}

export const useSession = create<Session>()((set) => ({
  status: 'checking',
  me: null,
  check: async () => {
    // Signing in sets the readable kontera_csrf cookie beside the session's (HttpOnly) one: without
    // it there is no session to ask about, so a first visit shows the sign-in without a 401 request
    // (which the browser would log as an error in the console).
    if (typeof document !== 'undefined' && csrfTokenIn(document.cookie) === null) {
      set({ me: null, status: 'signed-out' });
      return;
    }
    try {
      const me = await api.me();
      adoptUserLanguage(me.user?.language);
      set({ me, status: 'signed-in' });
    } catch (error) {
      const status = error instanceof ApiRequestError ? error.status : 0;
      set({ me: null, status: status === 401 ? 'signed-out' : 'open' });
    }
  },
  signIn: async (email, password) => {
    const me = await api.signIn(email, password);
    adoptUserLanguage(me.user?.language);
    set({ me, status: 'signed-in' });
  },
  signOut: async () => {
    try { await api.signOut(); } finally { set({ me: null, status: 'signed-out' }); }
  },
}));

setUnauthenticatedHandler(() => {
  if (useSession.getState().status !== 'open') useSession.setState({ status: 'signed-out', me: null });
});

/** "user:<id>" or "token:<id>", as the server records who did something. */
export function actorOf(me: Me | null): string | null {
  if (me?.user) return `user:${me.user.id}`;
  if (me?.token) return `token:${me.token.id}`;
  return null;
}

export function can(me: Me | null, permission: Permission): boolean {
  return permissionsFor(me, companyId)(permission);
}

/** `const can = useCan(); can('ledger:write')` — re-renders when the session changes. */
export function useCan(): Can {
  const me = useSession((s) => s.me);
  return permissionsFor(me, companyId);
}
