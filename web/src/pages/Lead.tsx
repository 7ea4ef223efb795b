/** One lead: what to do next, why it scored as it did, how its score moved, and its status. */
import { useMemo, useState } from 'react';
import { api, errorText } from '../api.ts';
import { Chart } from '../components/Chart.tsx';
import { Badge, ClassBadge, Loading, Notice, PageHeader } from '../components/ui.tsx';
import { useLoad } from '../components/useLoad.ts';
import { ago, dateTime, percent } from '../format.ts';
import { Link } from '../router.tsx';
import { useCan } from '../session.tsx';
import { STATUSES, type Breakdown, type Lead, type LeadStatus, type ScoreEntry } from '../types.ts';

const PARTS: { key: 'quality' | 'intent' | 'confidence'; title: string }[] = [
  { key: 'quality', title: 'Quality — how good a buyer this is' },
  { key: 'intent', title: 'Intent — how soon and how surely they will buy' },
  { key: 'confidence', title: 'Confidence — how much we know' },
];

export function LeadPage({ id }: { id: string }) {
  const canWrite = useCan('leads_write');
  const lead = useLoad(() => api<Lead>('GET', `/leads/${encodeURIComponent(id)}`), [id]);
  const history = useLoad(() => api<{ data: ScoreEntry[] }>('GET', `/leads/${encodeURIComponent(id)}/scores`), [id]);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  const chart = useMemo(() => {
    const rows = [...(history.data?.data ?? [])].reverse();
    // Two points make a line even when a lead was scored once.
    if (rows.length === 1) rows.push({ ...rows[0]!, scored_at: new Date().toISOString() });
    return {
      x: rows.map((r) => Date.parse(r.scored_at) / 1000),
      series: [
        { label: 'Quality', values: rows.map((r) => r.quality_score), color: '#3b5bdb' },
        { label: 'Intent', values: rows.map((r) => r.intent_score), color: '#e8590c' },
        { label: 'Confidence', values: rows.map((r) => r.confidence_score), color: '#2f9e44' },
      ],
    };
  }, [history.data]);

  const setStatus = async (status: LeadStatus) => {
    setError(null);
    setSaved(null);
    try {
      const updated = await api<Lead>('PATCH', `/leads/${encodeURIComponent(id)}`, { status });
      lead.setData(updated);
      history.reload();
      setSaved(`Status changed to ${status}.`);
    } catch (e) {
      setError(errorText(e));
    }
  };

  if (lead.error) return (<><PageHeader title="Lead" /><Notice>{lead.error}</Notice><Link to="/leads">Back to leads</Link></>);
  const l = lead.data;
  if (!l) return <Loading />;
  const b: Breakdown = l.score_breakdown ?? {};
  const summary = l.summary ?? b.summary;
  const nextStep = l.next_step ?? b.next_step;

  return (
    <>
      <p className="crumbs"><Link to="/leads">Leads</Link> / {l.full_name}</p>
      <PageHeader
        title={l.full_name}
        subtitle={<>Arrived {ago(l.created_at)} · {l.source ?? 'unknown source'} · status <strong data-testid="lead-status">{l.status}</strong></>}
        actions={<ClassBadge value={l.classification} />}
      />
      <Notice>{error}</Notice>
      <Notice tone="success">{saved}</Notice>
      <div className="two-col">
        <section className="card">
          <h2>What to do</h2>
          {summary && <p className="lead-summary">{summary}</p>}
          <p><strong>Next step:</strong> {nextStep ?? l.call_priority_reason}</p>
          <p className="subtle">Priority {l.call_priority} · respond {l.response_time.toLowerCase()}</p>
          <div className="row wrap">
            {l.is_28_day_buyer && <Badge tone="good">28-day buyer</Badge>}
            {l.is_fake_lead && <Badge tone="bad">Looks fake</Badge>}
            {l.risk_flags.map((flag) => <Badge key={flag} tone="warn">{flag.replace(/_/g, ' ')}</Badge>)}
          </div>
        </section>
        <section className="card">
          <h2>Contact and needs</h2>
          <dl className="facts">
            <dt>Email</dt><dd>{l.email ? <a href={`mailto:${l.email}`}>{l.email}</a> : '—'}</dd>
            <dt>Phone</dt><dd>{l.phone ? <a href={`tel:${l.phone}`}>{l.phone}</a> : '—'}</dd>
            <dt>Budget</dt><dd>{l.budget ?? '—'}</dd>
            <dt>Paying by</dt><dd>{l.payment_method ?? '—'}</dd>
            <dt>Timeline</dt><dd>{l.timeline ?? '—'}</dd>
            <dt>Purpose</dt><dd>{l.purpose ?? '—'}</dd>
            <dt>Bedrooms</dt><dd>{l.bedrooms ?? '—'}</dd>
            <dt>Location</dt><dd>{l.location ?? '—'}</dd>
          </dl>
        </section>
      </div>

      <section className="card">
        <h2>Status</h2>
        {canWrite ? (
          <div className="status-buttons" role="group" aria-label="Change status">
            {STATUSES.map((s) => (
              <button key={s} type="button" className={`btn${s === l.status ? ' btn-primary' : ''}`} aria-pressed={s === l.status} disabled={s === l.status} onClick={() => void setStatus(s)}>
                {s}
              </button>
            ))}
          </div>
        ) : (
          <p className="subtle">Your role can read this lead but not change it.</p>
        )}
      </section>

      <section className="card">
        <h2>Scores</h2>
        <div className="stat-grid small">
          <div><div className="stat-label">Quality</div><div className="stat-value">{l.quality_score}</div></div>
          <div><div className="stat-label">Intent</div><div className="stat-value">{l.intent_score}</div></div>
          <div><div className="stat-label">Confidence</div><div className="stat-value">{l.confidence_score}</div></div>
          <div><div className="stat-label">Finance (p_fin)</div><div className="stat-value">{percent(l.probabilities.p_fin)}</div></div>
          <div><div className="stat-label">Viewing (p_show)</div><div className="stat-value">{percent(l.probabilities.p_show)}</div></div>
          <div><div className="stat-label">Sale (p_sql)</div><div className="stat-value">{percent(l.probabilities.p_sql)}</div></div>
        </div>
        {b.classification && <p><strong>Why {b.classification.value}:</strong> {b.classification.rule}</p>}
        {b.checks?.twenty_eight_day && <p className="subtle">{b.checks.twenty_eight_day}</p>}
        {history.data && history.data.data.length > 0 && (
          <>
            <h3>Score history</h3>
            <Chart x={chart.x} series={chart.series} yRange={[0, 100]} height={200} label="Quality, intent and confidence scores over time" />
            <p className="subtle">Scored {history.data.data.length} time{history.data.data.length === 1 ? '' : 's'}, last {dateTime(history.data.data[0]!.scored_at)} ({history.data.data[0]!.scored_by}).</p>
          </>
        )}
      </section>

      <section className="card">
        <h2>The breakdown in plain words</h2>
        <div className="three-col">
          {PARTS.map(({ key, title }) => {
            const part = b[key];
            if (!part) return null;
            return (
              <div key={key}>
                <h3>{title}: {part.score}</h3>
                <ul className="factors">
                  {part.factors.filter((f) => f.points !== 0 || f.max > 0).map((f) => (
                    <li key={f.factor}>
                      <span className={f.points > 0 ? 'plus' : f.points < 0 ? 'minus' : 'zero'}>{f.points > 0 ? '+' : ''}{f.points}</span>
                      <span>{f.detail}</span>
                    </li>
                  ))}
                </ul>
                {part.cap && <p className="subtle">Capped at {part.cap.at}: {part.cap.reason}</p>}
              </div>
            );
          })}
        </div>
        {l.notes && (<><h3>Notes</h3><p className="pre">{l.notes}</p></>)}
      </section>
    </>
  );
}
