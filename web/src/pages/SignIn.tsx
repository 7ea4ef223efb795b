import { useState, type FormEvent } from 'react';
import { api, errorText } from '../api.ts';
import { Notice } from '../components/ui.tsx';
import type { Session } from '../types.ts';

export function SignIn({ notice, onSignedIn }: { notice?: string; onSignedIn: (session: Session) => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await api<Session>('POST', '/auth/login', { email, password }));
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="auth" id="main">
      <form className="card auth-card" onSubmit={submit} aria-labelledby="sign-in-title">
        <div className="brand">Naybourhood</div>
        <h1 id="sign-in-title">Sign in</h1>
        {notice && <Notice tone="info">{notice}</Notice>}
        <Notice>{error}</Notice>
        <label className="field">
          <span>Email</span>
          <input type="email" name="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <label className="field">
          <span>Password</span>
          <input type="password" name="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        <button className="btn btn-primary btn-block" type="submit" disabled={busy}>{busy ? 'Signing in…' : 'Sign in'}</button>
      </form>
    </main>
  );
}
