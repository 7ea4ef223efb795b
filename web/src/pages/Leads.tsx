/** Every lead: filters, search, sort and cursor paging (as fast on the last page as the first). */
import { useEffect, useState } from 'react';
import { api, errorText, query } from '../api.ts';
import { ClassBadge, Empty, Loading, Notice, PageHeader } from '../components/ui.tsx';
import { useLoad } from '../components/useLoad.ts';
import { dateTime, percent } from '../format.ts';
import { Link, navigate, useLocation } from '../router.tsx';
import { CLASSIFICATIONS, STATUSES, type Development, type Lead } from '../types.ts';

interface Page {
  data: Lead[];
  pagination: { nextCursor: string | null; hasMore: boolean };
}

const SORTS: [string, string][] = [
  ['newest', 'Newest first'],
  ['call_priority', 'Call priority'],
  ['quality_score', 'Quality score'],
  ['intent_score', 'Intent score'],
  ['confidence_score', 'Confidence'],
  ['p_sql', 'Chance of a sale (p_sql)'],
  ['p_show', 'Chance of a viewing (p_show)'],
  ['p_fin', 'Chance of finance (p_fin)'],
];

const FILTERS = ['search', 'classification', 'status', 'source', 'category', 'development_id', 'is_28_day_buyer', 'call_priority', 'sort'] as const;
const PAGE_SIZE = 25;

export function Leads() {
  const { search } = useLocation();
  const filters = Object.fromEntries(FILTERS.map((f) => [f, search.get(f) ?? ''])) as Record<(typeof FILTERS)[number], string>;
  const key = FILTERS.map((f) => filters[f]).join('|');
  const [typed, setTyped] = useState(filters.search);
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [page, setPage] = useState<Page | null>(null);
  const [error, setError] = useState<string | null>(null);
  const developments = useLoad(() => api<{ data: Development[] }>('GET', '/developments'), []);

  const set = (name: (typeof FILTERS)[number], value: string) => {
    const next = new URLSearchParams(search);
    if (value) next.set(name, value);
    else next.delete(name);
    navigate(`/leads${next.toString() ? `?${next}` : ''}`, true);
  };

  // Typing searches after a pause, not on every key.
  useEffect(() => {
    if (typed === filters.search) return;
    const timer = setTimeout(() => set('search', typed.trim()), 300);
    return () => clearTimeout(timer);
  });

  useEffect(() => setCursors([null]), [key]);
  const cursor = cursors[cursors.length - 1] ?? null;
  useEffect(() => {
    let live = true;
    setPage(null);
    api<Page>('GET', `/leads${query({ ...filters, limit: PAGE_SIZE, cursor })}`).then(
      (p) => live && (setPage(p), setError(null)),
      (e: unknown) => live && setError(errorText(e)),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, cursor]);

  const select = (name: (typeof FILTERS)[number], label: string, options: readonly (string | [string, string])[]) => (
    <label className="field field-inline">
      <span>{label}</span>
      <select value={filters[name]} onChange={(e) => set(name, e.target.value)}>
        {options.map((o) => {
          const [value, text] = typeof o === 'string' ? [o, o] : o;
          return <option key={value} value={value}>{text}</option>;
        })}
      </select>
    </label>
  );

  return (
    <>
      <PageHeader title="Leads" subtitle="Search by name or email; filters combine." />
      <div className="filters card">
        <label className="field field-inline field-grow">
          <span>Search</span>
          <input type="search" value={typed} placeholder="Name or email" onChange={(e) => setTyped(e.target.value)} />
        </label>
        {select('classification', 'Classification', [['', 'Any'], ...CLASSIFICATIONS])}
        {select('status', 'Status', [['', 'Any but archived'], ...STATUSES])}
        {select('call_priority', 'Priority', [['', 'Any'], '1', '2', '3', '4', '5'])}
        {select('is_28_day_buyer', '28-day buyer', [['', 'Any'], ['true', 'Yes'], ['false', 'No']])}
        {select('category', 'Category', [['', 'Any'], 'BUYER', 'AGENCY', 'PROPERTY_SEARCH'])}
        {select('development_id', 'Development', [['', 'Any'], ...(developments.data?.data ?? []).map((d): [string, string] => [d.id, d.name])])}
        <label className="field field-inline">
          <span>Source</span>
          <input type="text" defaultValue={filters.source} placeholder="e.g. Rightmove" onBlur={(e) => set('source', e.target.value.trim())} onKeyDown={(e) => e.key === 'Enter' && set('source', e.currentTarget.value.trim())} />
        </label>
        {select('sort', 'Sort', SORTS.map(([v, t]) => [v === 'newest' ? '' : v, t] as [string, string]))}
      </div>
      <Notice>{error}</Notice>
      {!page ? (
        <Loading />
      ) : page.data.length === 0 ? (
        <Empty>No lead matches these filters.</Empty>
      ) : (
        <div className="table-wrap card">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Classification</th>
                <th scope="col" className="num">Priority</th>
                <th scope="col" className="num">Quality</th>
                <th scope="col" className="num">Intent</th>
                <th scope="col" className="num">p_sql</th>
                <th scope="col">Status</th>
                <th scope="col" className="hide-narrow">Source</th>
                <th scope="col" className="hide-narrow">Arrived</th>
              </tr>
            </thead>
            <tbody>
              {page.data.map((lead) => (
                <tr key={lead.id}>
                  <td>
                    <Link to={`/leads/${lead.id}`}>{lead.full_name}</Link>
                    <div className="subtle hide-narrow">{lead.email ?? lead.phone}</div>
                  </td>
                  <td><ClassBadge value={lead.classification} /></td>
                  <td className="num">{lead.call_priority}</td>
                  <td className="num">{lead.quality_score}</td>
                  <td className="num">{lead.intent_score}</td>
                  <td className="num">{percent(lead.probabilities.p_sql)}</td>
                  <td>{lead.status}</td>
                  <td className="hide-narrow">{lead.source ?? '—'}</td>
                  <td className="hide-narrow">{dateTime(lead.created_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav className="pager" aria-label="Pages">
        <button type="button" className="btn" disabled={cursors.length < 2} onClick={() => setCursors(cursors.slice(0, -1))}>Previous</button>
        <span className="subtle">Page {cursors.length}</span>
        <button type="button" className="btn" disabled={!page?.pagination.nextCursor} onClick={() => page?.pagination.nextCursor && setCursors([...cursors, page.pagination.nextCursor])}>
          Next
        </button>
      </nav>
    </>
  );
}
