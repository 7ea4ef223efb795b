/** Developments: the price range and unit mix scoring prices each lead against. */
import { useState, type FormEvent } from 'react';
import { api, errorText } from '../api.ts';
import { Empty, Loading, Notice, PageHeader } from '../components/ui.tsx';
import { useLoad } from '../components/useLoad.ts';
import { count, money } from '../format.ts';
import { useCan } from '../session.tsx';
import type { Development, UnitMixRow } from '../types.ts';

const STATUSES = ['Planning', 'Launching', 'Active', 'Sold Out', 'Completed'];

interface MixLine {
  bedrooms: string;
  count: string;
  price_from: string;
  price_to: string;
}

interface Draft {
  id?: string;
  name: string;
  location: string;
  status: string;
  total_units: string;
  price_from: string;
  price_to: string;
  mix: MixLine[];
}

const blank: Draft = { name: '', location: '', status: 'Active', total_units: '', price_from: '', price_to: '', mix: [] };

const num = (text: string) => (text.trim() === '' ? null : Number(text.replace(/[£,\s]/g, '')));

function toDraft(d: Development): Draft {
  return {
    id: d.id,
    name: d.name,
    location: d.location ?? '',
    status: d.status,
    total_units: d.total_units?.toString() ?? '',
    price_from: d.price_from?.toString() ?? '',
    price_to: d.price_to?.toString() ?? '',
    mix: Object.entries(d.unit_mix ?? {}).map(([bedrooms, row]) => ({
      bedrooms,
      count: String(row.count),
      price_from: row.price_from?.toString() ?? '',
      price_to: row.price_to?.toString() ?? '',
    })),
  };
}

function toBody(d: Draft) {
  const unit_mix: Record<string, UnitMixRow> = {};
  for (const line of d.mix) {
    if (line.bedrooms.trim() === '') continue;
    const row: UnitMixRow = { count: num(line.count) ?? 0 };
    const from = num(line.price_from), to = num(line.price_to);
    if (from !== null) row.price_from = from;
    if (to !== null) row.price_to = to;
    unit_mix[line.bedrooms.trim()] = row;
  }
  return {
    name: d.name.trim(),
    location: d.location.trim() || null,
    status: d.status,
    total_units: num(d.total_units),
    price_from: num(d.price_from),
    price_to: num(d.price_to),
    unit_mix: d.mix.length ? unit_mix : null,
  };
}

export function Developments() {
  const canWrite = useCan('developments_write');
  const list = useLoad(() => api<{ data: Development[] }>('GET', '/developments'), []);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [stats, setStats] = useState<Development['lead_stats'] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  const open = async (d: Development) => {
    setDraft(toDraft(d));
    setStats(null);
    setSaved(null);
    try {
      setStats((await api<Development>('GET', `/developments/${d.id}`)).lead_stats ?? null);
    } catch (e) {
      setError(errorText(e));
    }
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (!draft) return;
    setError(null);
    try {
      const body = toBody(draft);
      const result = draft.id ? await api<Development>('PATCH', `/developments/${draft.id}`, body) : await api<Development>('POST', '/developments', body);
      setSaved(`${result.name} saved.`);
      setDraft(toDraft(result));
      list.reload();
    } catch (e) {
      setError(errorText(e));
    }
  };

  const setLine = (i: number, field: keyof MixLine, value: string) =>
    draft && setDraft({ ...draft, mix: draft.mix.map((line, j) => (j === i ? { ...line, [field]: value } : line)) });

  return (
    <>
      <PageHeader
        title="Developments"
        subtitle="Price ranges and unit mixes: a lead is scored against the homes it could buy."
        actions={canWrite && <button type="button" className="btn btn-primary" onClick={() => { setDraft({ ...blank, mix: [] }); setStats(null); setSaved(null); }}>New development</button>}
      />
      <Notice>{error}</Notice>
      <Notice tone="success">{saved}</Notice>
      {draft && (
        <form className="card form" onSubmit={save} aria-labelledby="dev-form-title">
          <h2 id="dev-form-title">{draft.id ? `Edit ${draft.name}` : 'New development'}</h2>
          <fieldset disabled={!canWrite}>
            <div className="grid-form">
              <label className="field"><span>Name</span><input required maxLength={200} value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} /></label>
              <label className="field"><span>Location</span><input maxLength={200} value={draft.location} onChange={(e) => setDraft({ ...draft, location: e.target.value })} /></label>
              <label className="field"><span>Status</span>
                <select value={draft.status} onChange={(e) => setDraft({ ...draft, status: e.target.value })}>{STATUSES.map((s) => <option key={s}>{s}</option>)}</select>
              </label>
              <label className="field"><span>Total units</span><input inputMode="numeric" value={draft.total_units} onChange={(e) => setDraft({ ...draft, total_units: e.target.value })} /></label>
              <label className="field"><span>Price from (£)</span><input inputMode="numeric" value={draft.price_from} onChange={(e) => setDraft({ ...draft, price_from: e.target.value })} /></label>
              <label className="field"><span>Price to (£)</span><input inputMode="numeric" value={draft.price_to} onChange={(e) => setDraft({ ...draft, price_to: e.target.value })} /></label>
            </div>
            <h3>Unit mix</h3>
            {draft.mix.length === 0 && <p className="subtle">No unit mix: leads are priced against the whole range.</p>}
            {draft.mix.map((line, i) => (
              <div className="mix-row" key={i}>
                <label className="field"><span>Bedrooms (0 = studio)</span><input inputMode="numeric" required value={line.bedrooms} onChange={(e) => setLine(i, 'bedrooms', e.target.value)} /></label>
                <label className="field"><span>Units</span><input inputMode="numeric" required value={line.count} onChange={(e) => setLine(i, 'count', e.target.value)} /></label>
                <label className="field"><span>From (£)</span><input inputMode="numeric" value={line.price_from} onChange={(e) => setLine(i, 'price_from', e.target.value)} /></label>
                <label className="field"><span>To (£)</span><input inputMode="numeric" value={line.price_to} onChange={(e) => setLine(i, 'price_to', e.target.value)} /></label>
                <button type="button" className="btn btn-quiet" onClick={() => setDraft({ ...draft, mix: draft.mix.filter((_, j) => j !== i) })} aria-label={`Remove the ${line.bedrooms || 'new'}-bedroom row`}>Remove</button>
              </div>
            ))}
            <div className="row">
              <button type="button" className="btn" onClick={() => setDraft({ ...draft, mix: [...draft.mix, { bedrooms: '', count: '', price_from: '', price_to: '' }] })}>Add unit type</button>
              {canWrite && <button type="submit" className="btn btn-primary">Save</button>}
              <button type="button" className="btn btn-quiet" onClick={() => setDraft(null)}>Close</button>
            </div>
          </fieldset>
          {stats && (
            <p className="subtle">
              {count(stats.total_leads)} leads · average quality {stats.avg_quality_score ?? '—'} · hot {count(stats.by_classification['Hot Lead'] ?? 0)}
            </p>
          )}
        </form>
      )}
      {list.error && <Notice>{list.error}</Notice>}
      {!list.data ? (
        <Loading />
      ) : list.data.data.length === 0 ? (
        <Empty>No developments yet.</Empty>
      ) : (
        <div className="table-wrap card">
          <table className="table">
            <thead>
              <tr><th scope="col">Name</th><th scope="col">Location</th><th scope="col">Status</th><th scope="col" className="num">Units</th><th scope="col" className="num">Price range</th></tr>
            </thead>
            <tbody>
              {list.data.data.map((d) => (
                <tr key={d.id}>
                  <td><button type="button" className="link" onClick={() => void open(d)}>{d.name}</button></td>
                  <td>{d.location ?? '—'}</td>
                  <td>{d.status}</td>
                  <td className="num">{count(d.total_units)}</td>
                  <td className="num">{money(d.price_from)} – {money(d.price_to)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
