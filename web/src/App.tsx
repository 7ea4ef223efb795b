/** Session bootstrap and page routing. */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { api, onSessionLost, setCsrfToken } from './api.ts';
import { Layout } from './components/Layout.tsx';
import { Loading } from './components/ui.tsx';
import { match, navigate, useLocation } from './router.tsx';
import { SessionContext, type SessionValue } from './session.tsx';
import type { Session, User } from './types.ts';
import { SignIn } from './pages/SignIn.tsx';
import { ChangePassword } from './pages/ChangePassword.tsx';
import { Today } from './pages/Today.tsx';
import { Overview } from './pages/Overview.tsx';
import { Leads } from './pages/Leads.tsx';
import { LeadPage } from './pages/Lead.tsx';
import { Developments } from './pages/Developments.tsx';
import { Webhooks } from './pages/Webhooks.tsx';
import { Settings } from './pages/Settings.tsx';
import { NotFound } from './pages/NotFound.tsx';

type State = { kind: 'loading' } | { kind: 'signed-out'; reason?: string } | { kind: 'signed-in'; user: User };

export function App() {
  const [state, setState] = useState<State>({ kind: 'loading' });
  const { path } = useLocation();

  const accept = useCallback((session: Session) => {
    setCsrfToken(session.csrf_token);
    setState({ kind: 'signed-in', user: session.user });
  }, []);

  const refresh = useCallback(async () => {
    try {
      accept(await api<Session>('GET', '/auth/session'));
    } catch {
      setCsrfToken(null);
      setState({ kind: 'signed-out' });
    }
  }, [accept]);

  useEffect(() => {
    onSessionLost(() => {
      setCsrfToken(null);
      setState({ kind: 'signed-out', reason: 'Your session has ended. Sign in again to continue.' });
    });
    void refresh();
  }, [refresh]);

  const session = useMemo<SessionValue | null>(() => {
    if (state.kind !== 'signed-in') return null;
    return {
      user: state.user,
      refresh,
      signOut: async () => {
        try {
          await api('POST', '/auth/logout');
        } finally {
          setCsrfToken(null);
          setState({ kind: 'signed-out', reason: 'You have signed out.' });
          navigate('/', true);
        }
      },
    };
  }, [state, refresh]);

  if (state.kind === 'loading') return <Loading />;
  if (state.kind === 'signed-out' || !session) return <SignIn notice={state.kind === 'signed-out' ? state.reason : undefined} onSignedIn={accept} />;
  if (session.user.must_change_password) {
    return (
      <SessionContext.Provider value={session}>
        <ChangePassword forced onChanged={refresh} />
      </SessionContext.Provider>
    );
  }
  return (
    <SessionContext.Provider value={session}>
      <Layout path={path}>{page(path)}</Layout>
    </SessionContext.Provider>
  );
}

function page(path: string) {
  if (path === '/' || path === '/today') return <Today />;
  if (path === '/overview') return <Overview />;
  if (path === '/leads') return <Leads />;
  const lead = match('/leads/:id', path);
  if (lead) return <LeadPage id={lead.id!} />;
  if (path === '/developments') return <Developments />;
  if (path === '/webhooks') return <Webhooks />;
  if (path === '/settings' || path.startsWith('/settings/')) return <Settings path={path} />;
  return <NotFound />;
}
