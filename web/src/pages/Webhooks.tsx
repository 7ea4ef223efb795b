/** Outbound webhooks: subscriptions, their signing secret (once), a test send and the delivery log. */
import { useState, type FormEvent } from 'react';
import { api, errorText } from '../api.ts';
import { Badge, Empty, Loading, Notice, PageHeader, SecretOnce } from '../components/ui.tsx';
import { useLoad } from '../components/useLoad.ts';
import { dateTime } from '../format.ts';
import { useCan } from '../session.tsx';
import type { Delivery, Webhook } from '../types.ts';

const EVENTS = ['lead.created', 'lead.scored', 'lead.status_changed'];

export function Webhooks() {
  const canManage = useCan('webhooks_manage');
  const list = useLoad(() => api<{ data: Webhook[] }>('GET', '/webhooks'), []);
  const [creating, setCreating] = useState(false);
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<string[]>([...EVENTS]);
  const [description, setDescription] = useState('');
  const [secret, setSecret] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const create = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      const made = await api<Webhook>('POST', '/webhooks', { url: url.trim(), events, description: description.trim() || null });
      setSecret(made.secret ?? null);
      setCreating(false);
      setUrl('');
      setDescription('');
      setSelected(made.id);
      list.reload();
    } catch (e) {
      setError(errorText(e));
    }
  };

  const remove = async (hook: Webhook) => {
    if (!confirm(`Delete the subscription to ${hook.url}? Deliveries to it stop.`)) return;
    try {
      await api('DELETE', `/webhooks/${hook.id}`);
      if (selected === hook.id) setSelected(null);
      list.reload();
    } catch (e) {
      setError(errorText(e));
    }
  };

  const toggle = async (hook: Webhook) => {
    try {
      await api('PATCH', `/webhooks/${hook.id}`, { status: hook.status === 'active' ? 'disabled' : 'active' });
      list.reload();
    } catch (e) {
      setError(errorText(e));
    }
  };

  return (
    <>
      <PageHeader
        title="Webhooks"
        subtitle="Signed HTTP calls to your systems when a lead arrives, is scored or changes status."
        actions={canManage && !creating && <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>Add endpoint</button>}
      />
      <Notice>{error ?? list.error}</Notice>
      {secret && <SecretOnce label="Signing secret" value={secret} onDone={() => setSecret(null)} />}
      {creating && (
        <form className="card form" onSubmit={create} aria-labelledby="hook-form-title">
          <h2 id="hook-form-title">New endpoint</h2>
          <label className="field"><span>URL</span><input type="url" required maxLength={2048} placeholder="https://example.com/hooks/naybourhood" value={url} onChange={(e) => setUrl(e.target.value)} /></label>
          <fieldset className="checks">
            <legend>Events</legend>
            {EVENTS.map((name) => (
              <label key={name} className="check">
                <input type="checkbox" checked={events.includes(name)} onChange={(e) => setEvents(e.target.checked ? [...events, name] : events.filter((x) => x !== name))} />
                {name}
              </label>
            ))}
          </fieldset>
          <label className="field"><span>Description (optional)</span><input maxLength={500} value={description} onChange={(e) => setDescription(e.target.value)} /></label>
          <div className="row">
            <button type="submit" className="btn btn-primary" disabled={events.length === 0}>Create</button>
            <button type="button" className="btn btn-quiet" onClick={() => setCreating(false)}>Cancel</button>
          </div>
        </form>
      )}
      {!list.data ? (
        !list.error && <Loading />
      ) : list.data.data.length === 0 ? (
        <Empty>No endpoints yet.</Empty>
      ) : (
        <ul className="hook-list">
          {list.data.data.map((hook) => (
            <li key={hook.id} className="card">
              <div className="hook-head">
                <div>
                  <div className="mono break">{hook.url}</div>
                  <div className="subtle">{hook.events.join(', ')}{hook.description ? ` · ${hook.description}` : ''}</div>
                  {hook.disabled_reason && <div className="subtle">Stopped: {hook.disabled_reason}</div>}
                </div>
                <div className="row wrap">
                  <Badge tone={hook.status === 'active' ? 'good' : 'muted'}>{hook.status}</Badge>
                  <button type="button" className="btn" aria-expanded={selected === hook.id} onClick={() => setSelected(selected === hook.id ? null : hook.id)}>
                    Deliveries
                  </button>
                  {canManage && <button type="button" className="btn" onClick={() => void toggle(hook)}>{hook.status === 'active' ? 'Pause' : 'Resume'}</button>}
                  {canManage && <button type="button" className="btn btn-danger" onClick={() => void remove(hook)}>Delete</button>}
                </div>
              </div>
              {selected === hook.id && <DeliveryLog hook={hook} canManage={canManage} />}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function DeliveryLog({ hook, canManage }: { hook: Webhook; canManage: boolean }) {
  const log = useLoad(() => api<{ data: Delivery[] }>('GET', `/webhooks/${hook.id}/deliveries?limit=25`), [hook.id]);
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);

  const sendTest = async () => {
    setSending(true);
    setError(null);
    try {
      await api<Delivery>('POST', `/webhooks/${hook.id}/test`);
      log.reload();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setSending(false);
    }
  };

  return (
    <div className="deliveries">
      <div className="row">
        <h3>Delivery log</h3>
        {canManage && <button type="button" className="btn" disabled={sending} onClick={() => void sendTest()}>{sending ? 'Sending…' : 'Send test event'}</button>}
        <button type="button" className="btn btn-quiet" onClick={log.reload}>Refresh</button>
      </div>
      <Notice>{error ?? log.error}</Notice>
      {!log.data ? (
        !log.error && <Loading />
      ) : log.data.data.length === 0 ? (
        <Empty>Nothing sent yet.</Empty>
      ) : (
        <div className="table-wrap">
          <table className="table" aria-label={`Deliveries to ${hook.url}`}>
            <thead>
              <tr><th scope="col">Time</th><th scope="col">Event</th><th scope="col">Result</th><th scope="col" className="num">Code</th><th scope="col" className="num">ms</th><th scope="col" className="hide-narrow">Response</th></tr>
            </thead>
            <tbody>
              {log.data.data.map((d) => (
                <tr key={d.id} data-testid="delivery">
                  <td>{dateTime(d.attempted_at)}</td>
                  <td>{d.event_type}{d.attempt > 1 ? ` (try ${d.attempt})` : ''}</td>
                  <td><Badge tone={d.status === 'succeeded' ? 'good' : d.status === 'failed' ? 'bad' : 'warn'}>{d.status}</Badge></td>
                  <td className="num">{d.status_code ?? '—'}</td>
                  <td className="num">{d.duration_ms}</td>
                  <td className="hide-narrow mono clip">{d.error ?? d.response_snippet ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
