/** API keys: create with permissions (the secret is shown once), see use, revoke at once. */
import { useState, type FormEvent } from 'react';
import { api, errorText } from '../../api.ts';
import { Badge, Empty, Loading, Notice, SecretOnce } from '../../components/ui.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { ago, dateTime } from '../../format.ts';
import { useCan } from '../../session.tsx';
import type { ApiKey } from '../../types.ts';

const PERMISSIONS: [string, string][] = [
  ['leads_read', 'Read leads'],
  ['leads_write', 'Create and change leads'],
  ['developments_read', 'Read developments'],
  ['developments_write', 'Manage developments'],
  ['stats_read', 'Read stats'],
  ['score_single', 'Score one lead'],
  ['score_batch', 'Score in batches'],
  ['webhook', 'Send leads in (inbound webhook)'],
  ['webhooks_manage', 'Manage webhooks'],
  ['settings_manage', 'Manage integration settings'],
  ['keys_manage', 'Manage API keys'],
  ['all', 'Everything, now and later'],
];

export function ApiKeys() {
  const canManage = useCan('keys_manage');
  const list = useLoad(() => api<{ data: ApiKey[] }>('GET', '/keys'), []);
  const [name, setName] = useState('');
  const [chosen, setChosen] = useState<string[]>(['leads_read']);
  const [rateLimit, setRateLimit] = useState('');
  const [secret, setSecret] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const create = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      const body: Record<string, unknown> = { name: name.trim(), permissions: chosen };
      if (rateLimit.trim()) body.rate_limit_per_minute = Number(rateLimit);
      const made = await api<ApiKey>('POST', '/keys', body);
      setSecret(made.key ?? null);
      setName('');
      list.reload();
    } catch (e) {
      setError(errorText(e));
    }
  };

  const revoke = async (key: ApiKey) => {
    if (!confirm(`Revoke “${key.name}”? Every request with it is refused from now on.`)) return;
    try {
      await api('DELETE', `/keys/${key.id}`);
      list.reload();
    } catch (e) {
      setError(errorText(e));
    }
  };

  return (
    <>
      <Notice>{error ?? list.error}</Notice>
      {secret && <SecretOnce label="New API key" value={secret} onDone={() => setSecret(null)} />}
      {canManage && (
        <form className="card form" onSubmit={create} aria-labelledby="key-form-title">
          <h2 id="key-form-title">Create a key</h2>
          <div className="grid-form">
            <label className="field"><span>Name</span><input required maxLength={100} placeholder="e.g. Website form" value={name} onChange={(e) => setName(e.target.value)} /></label>
            <label className="field"><span>Requests per minute (optional)</span><input inputMode="numeric" placeholder="60" value={rateLimit} onChange={(e) => setRateLimit(e.target.value)} /></label>
          </div>
          <fieldset className="checks">
            <legend>Permissions</legend>
            {PERMISSIONS.map(([value, label]) => (
              <label key={value} className="check">
                <input type="checkbox" name="permission" value={value} checked={chosen.includes(value)} onChange={(e) => setChosen(e.target.checked ? [...chosen, value] : chosen.filter((p) => p !== value))} />
                {label} <code>{value}</code>
              </label>
            ))}
          </fieldset>
          <button type="submit" className="btn btn-primary" disabled={chosen.length === 0}>Create key</button>
        </form>
      )}
      {!list.data ? (
        !list.error && <Loading />
      ) : list.data.data.length === 0 ? (
        <Empty>No API keys.</Empty>
      ) : (
        <div className="table-wrap card">
          <table className="table" aria-label="API keys">
            <thead>
              <tr><th scope="col">Name</th><th scope="col">Key</th><th scope="col">Permissions</th><th scope="col">Last used</th><th scope="col" className="hide-narrow">Created</th><th scope="col"><span className="sr-only">Actions</span></th></tr>
            </thead>
            <tbody>
              {list.data.data.map((key) => (
                <tr key={key.id} data-testid="key-row">
                  <td>{key.name}</td>
                  <td className="mono">{key.prefix}…</td>
                  <td className="perm-list">{key.permissions.join(', ')}</td>
                  <td>{key.last_used_at ? ago(key.last_used_at) : 'never'}</td>
                  <td className="hide-narrow">{dateTime(key.created_at)}</td>
                  <td>
                    {key.revoked_at ? <Badge tone="muted">revoked</Badge> : canManage && (
                      <button type="button" className="btn btn-danger" onClick={() => void revoke(key)} aria-label={`Revoke ${key.name}`}>Revoke</button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
