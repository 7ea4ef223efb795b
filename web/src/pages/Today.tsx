/** The call list: who to call now, most urgent first, each with the time left on its promise. */
import { useEffect, useState } from 'react';
import { api, errorText, query } from '../api.ts';
import { ClassBadge, Empty, Loading, Notice, PageHeader } from '../components/ui.tsx';
import { duration, promiseDeadline } from '../format.ts';
import { Link } from '../router.tsx';
import { useCan } from '../session.tsx';
import type { Lead } from '../types.ts';

interface Page {
  data: Lead[];
  pagination: { nextCursor: string | null; hasMore: boolean };
}

const PAGE_SIZE = 50;

function useNow(everyMs: number) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

export function Today() {
  const canWrite = useCan('leads_write');
  const now = useNow(1000);
  const [leads, setLeads] = useState<Lead[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const load = async (after: string | null) => {
    try {
      const page = await api<Page>('GET', `/leads${query({ status: 'Contact Pending', sort: 'call_priority', limit: PAGE_SIZE, cursor: after })}`);
      setLeads((current) => (after && current ? [...current, ...page.data] : page.data));
      setCursor(page.pagination.nextCursor);
    } catch (e) {
      setError(errorText(e));
    }
  };
  useEffect(() => {
    void load(null);
  }, []);

  const markContacted = async (lead: Lead) => {
    setError(null);
    try {
      await api('PATCH', `/leads/${lead.id}`, { status: 'Contacted' });
      setLeads((current) => current?.filter((l) => l.id !== lead.id) ?? null);
      setDone(`${lead.full_name} marked as contacted.`);
    } catch (e) {
      setError(errorText(e));
    }
  };

  const overdue = leads?.filter((l) => (promiseDeadline(l.created_at, l.response_time) ?? Infinity) < now).length ?? 0;

  return (
    <>
      <PageHeader
        title="Today"
        subtitle={leads ? `${leads.length}${cursor ? '+' : ''} leads waiting for a first call · ${overdue} overdue` : 'Leads waiting for a first call'}
      />
      <Notice>{error}</Notice>
      <Notice tone="success">{done}</Notice>
      {!leads ? (
        <Loading />
      ) : leads.length === 0 ? (
        <Empty>Nobody is waiting for a call. New leads appear here as they arrive.</Empty>
      ) : (
        <ol className="call-list" aria-label="Call list">
          {leads.map((lead) => {
            const deadline = promiseDeadline(lead.created_at, lead.response_time);
            const left = deadline === null ? null : deadline - now;
            const late = left !== null && left < 0;
            return (
              <li key={lead.id} className={`call card${late ? ' overdue' : ''}`} data-testid="call">
                <div className={`priority p${lead.call_priority}`} aria-label={`Priority ${lead.call_priority}`}>{lead.call_priority}</div>
                <div className="call-main">
                  <div className="call-title">
                    <Link to={`/leads/${lead.id}`}>{lead.full_name}</Link>
                    <ClassBadge value={lead.classification} />
                    {lead.is_28_day_buyer && <span className="badge badge-good">28-day buyer</span>}
                  </div>
                  <div className="subtle">{lead.summary ?? lead.call_priority_reason}</div>
                  <div className="call-meta">
                    {lead.phone ? <a href={`tel:${lead.phone}`}>{lead.phone}</a> : <span className="subtle">No phone</span>}
                    {lead.source && <span>{lead.source}</span>}
                    {lead.budget && <span>Budget {lead.budget}</span>}
                  </div>
                </div>
                <div className="call-clock">
                  <div className={late ? 'late' : 'left'} data-testid="countdown">
                    {left === null ? '—' : late ? `Overdue by ${duration(-left)}` : `${duration(left)} left`}
                  </div>
                  <div className="subtle">{lead.response_time}</div>
                </div>
                {canWrite && (
                  <button type="button" className="btn" onClick={() => void markContacted(lead)} aria-label={`Mark ${lead.full_name} contacted`}>
                    Mark contacted
                  </button>
                )}
              </li>
            );
          })}
        </ol>
      )}
      {cursor && (
        <button type="button" className="btn btn-block" onClick={() => void load(cursor)}>Show more</button>
      )}
    </>
  );
}
