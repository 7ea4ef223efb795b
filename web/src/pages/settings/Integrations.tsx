/** Integrations: HubSpot, and the Lead Scoring settings (Meta Conversions API, Typeform). Secrets are write-only. */
import { useEffect, useState, type FormEvent } from 'react';
import { api, errorText } from '../../api.ts';
import { Badge, Loading, Notice } from '../../components/ui.tsx';
import { useCan, useSession } from '../../session.tsx';

interface Hubspot {
  enabled: boolean;
  access_token_set: boolean;
}

const THRESHOLDS = ['fb_capi_fin', 'fb_capi_show', 'a_rotator_fin', 'a_rotator_show', 'b_rotator_fin', 'b_rotator_show', 'c_rotator_fin', 'c_rotator_show'] as const;
const ACTION_SOURCES = ['website', 'email', 'app', 'phone_call', 'chat', 'physical_store', 'system_generated', 'business_messaging', 'other'];

type LeadScoring = Record<(typeof THRESHOLDS)[number], number> & {
  pixel_id: string | null;
  event_name: string;
  event_source_url: string | null;
  action_source: string;
  access_token_set: boolean;
  typeform_secret_set: boolean;
};

export function Integrations() {
  const canManage = useCan('settings_manage');
  if (!canManage) return <Notice tone="info">Integration settings are managed by your company’s admins.</Notice>;
  return (
    <>
      <HubspotSettings />
      <LeadScoringSettings />
    </>
  );
}

function HubspotSettings() {
  const [settings, setSettings] = useState<Hubspot | null>(null);
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  useEffect(() => {
    api<Hubspot>('GET', '/integrations/hubspot').then(setSettings, (e: unknown) => setError(errorText(e)));
  }, []);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (!settings) return;
    setError(null);
    try {
      const body: Record<string, unknown> = { enabled: settings.enabled };
      if (token.trim()) body.access_token = token.trim();
      setSettings(await api<Hubspot>('PUT', '/integrations/hubspot', body));
      setToken('');
      setSaved('HubSpot settings saved.');
    } catch (e) {
      setError(errorText(e));
    }
  };

  return (
    <form className="card form" onSubmit={save} aria-labelledby="hubspot-title">
      <h2 id="hubspot-title">HubSpot</h2>
      <p className="subtle">Every inbound lead is upserted as a HubSpot contact, with its scores.</p>
      <Notice>{error}</Notice>
      <Notice tone="success">{saved}</Notice>
      {!settings ? <Loading /> : (
        <>
          <label className="check"><input type="checkbox" checked={settings.enabled} onChange={(e) => setSettings({ ...settings, enabled: e.target.checked })} /> Push leads to HubSpot</label>
          <label className="field">
            <span>Private-app access token {settings.access_token_set ? <Badge tone="good">set</Badge> : <Badge tone="muted">not set</Badge>}</span>
            <input type="password" autoComplete="off" placeholder={settings.access_token_set ? 'Leave empty to keep the stored token' : 'pat-…'} value={token} onChange={(e) => setToken(e.target.value)} />
          </label>
          <button type="submit" className="btn btn-primary">Save</button>
        </>
      )}
    </form>
  );
}

function LeadScoringSettings() {
  const { user } = useSession();
  const path = `/leadscoring/settings/${user.company_id}`;
  const [settings, setSettings] = useState<LeadScoring | null>(null);
  const [accessToken, setAccessToken] = useState('');
  const [typeformSecret, setTypeformSecret] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  useEffect(() => {
    api<{ data: LeadScoring }>('GET', path).then((r) => setSettings(r.data), (e: unknown) => setError(errorText(e)));
  }, [path]);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (!settings) return;
    setError(null);
    setSaved(null);
    try {
      const body: Record<string, unknown> = {
        ...Object.fromEntries(THRESHOLDS.map((k) => [k, Number(settings[k])])),
        pixel_id: settings.pixel_id || null,
        event_name: settings.event_name,
        event_source_url: settings.event_source_url || null,
        action_source: settings.action_source,
      };
      if (accessToken.trim()) body.access_token = accessToken.trim();
      if (typeformSecret.trim()) body.typeform_secret = typeformSecret.trim();
      setSettings((await api<{ data: LeadScoring }>('PUT', path, body)).data);
      setAccessToken('');
      setTypeformSecret('');
      setSaved('Lead Scoring settings saved.');
    } catch (e) {
      setError(errorText(e));
    }
  };

  const text = (key: 'pixel_id' | 'event_name' | 'event_source_url', label: string, hint?: string) => (
    <label className="field">
      <span>{label}</span>
      <input value={settings?.[key] ?? ''} placeholder={hint} onChange={(e) => settings && setSettings({ ...settings, [key]: e.target.value })} />
    </label>
  );

  return (
    <form className="card form" onSubmit={save} aria-labelledby="capi-title">
      <h2 id="capi-title">Meta Conversions API and Typeform</h2>
      <p className="subtle">Typeform responses are scored for finance and show-up chances; leads above the thresholds are sent to Meta as conversions. Your client id is <code>{user.company_id}</code>.</p>
      <Notice>{error}</Notice>
      <Notice tone="success">{saved}</Notice>
      {!settings ? <Loading /> : (
        <>
          <div className="grid-form">
            {text('pixel_id', 'Meta pixel id', 'digits only')}
            {text('event_name', 'Event name', 'Lead')}
            {text('event_source_url', 'Event source URL', 'https://…')}
            <label className="field"><span>Action source</span>
              <select value={settings.action_source} onChange={(e) => setSettings({ ...settings, action_source: e.target.value })}>{ACTION_SOURCES.map((a) => <option key={a}>{a}</option>)}</select>
            </label>
            <label className="field">
              <span>Meta access token {settings.access_token_set ? <Badge tone="good">set</Badge> : <Badge tone="muted">not set</Badge>}</span>
              <input type="password" autoComplete="off" placeholder="Leave empty to keep" value={accessToken} onChange={(e) => setAccessToken(e.target.value)} />
            </label>
            <label className="field">
              <span>Typeform secret {settings.typeform_secret_set ? <Badge tone="good">set</Badge> : <Badge tone="muted">not set</Badge>}</span>
              <input type="password" autoComplete="off" placeholder="Leave empty to keep" value={typeformSecret} onChange={(e) => setTypeformSecret(e.target.value)} />
            </label>
          </div>
          <h3>Thresholds (0 to 1)</h3>
          <div className="grid-form">
            {THRESHOLDS.map((key) => (
              <label key={key} className="field">
                <span><code>{key}</code></span>
                <input type="number" min={0} max={1} step={0.01} value={settings[key]} onChange={(e) => setSettings({ ...settings, [key]: Number(e.target.value) })} />
              </label>
            ))}
          </div>
          <button type="submit" className="btn btn-primary">Save</button>
        </>
      )}
    </form>
  );
}
