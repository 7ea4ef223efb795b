import { useState, type FormEvent } from 'react';
import { api, errorText } from '../api.ts';
import { Notice } from '../components/ui.tsx';
import { useSession } from '../session.tsx';

/** Forced after a one-time password; also reachable from Settings. */
export function ChangePassword({ forced = false, onChanged }: { forced?: boolean; onChanged: () => Promise<void> | void }) {
  const { user, signOut } = useSession();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (next !== repeat) return setError('The two new passwords differ.');
    setBusy(true);
    setError(null);
    try {
      await api('POST', '/auth/password', { current_password: current, new_password: next });
      setDone(true);
      setCurrent('');
      setNext('');
      setRepeat('');
      await onChanged();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const form = (
    <form className={forced ? 'card auth-card' : 'card form'} onSubmit={submit} aria-labelledby="password-title">
      {forced && <div className="brand">Naybourhood</div>}
      <h2 id="password-title">{forced ? 'Choose your password' : 'Change password'}</h2>
      {forced && <p className="subtle">Signed in as {user.email} with a one-time password. Choose your own to continue; every other session is signed out.</p>}
      <Notice>{error}</Notice>
      {done && !forced && <Notice tone="success">Password changed. Your other sessions were signed out.</Notice>}
      <input type="email" autoComplete="username" value={user.email} readOnly hidden />
      <label className="field">
        <span>Current password</span>
        <input type="password" autoComplete="current-password" required value={current} onChange={(e) => setCurrent(e.target.value)} />
      </label>
      <label className="field">
        <span>New password</span>
        <input type="password" autoComplete="new-password" required minLength={12} value={next} onChange={(e) => setNext(e.target.value)} />
      </label>
      <label className="field">
        <span>New password again</span>
        <input type="password" autoComplete="new-password" required minLength={12} value={repeat} onChange={(e) => setRepeat(e.target.value)} />
      </label>
      <div className="row">
        <button className="btn btn-primary" type="submit" disabled={busy}>Change password</button>
        {forced && <button className="btn btn-quiet" type="button" onClick={() => void signOut()}>Sign out</button>}
      </div>
    </form>
  );
  return forced ? <main className="auth" id="main">{form}</main> : form;
}
