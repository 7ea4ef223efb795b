/** The company at a glance: counts, averages, breakdowns and the last 30 days. */
import { useMemo } from 'react';
import { api } from '../api.ts';
import { Chart } from '../components/Chart.tsx';
import { Bars, Loading, Notice, PageHeader, StatCard } from '../components/ui.tsx';
import { useLoad } from '../components/useLoad.ts';
import { count } from '../format.ts';
import { CLASSIFICATIONS, STATUSES, type Stats } from '../types.ts';

export function Overview() {
  const { data: stats, error } = useLoad(() => api<Stats>('GET', '/stats'), []);
  const trend = useMemo(() => {
    if (!stats) return null;
    const x = stats.trend.map((d) => Date.parse(`${d.date}T00:00:00Z`) / 1000);
    const series = [
      { label: 'All leads', values: stats.trend.map((d) => d.leads), color: '#3b5bdb' },
      { label: 'Hot', values: stats.trend.map((d) => d.by_classification['Hot Lead'] ?? 0), color: '#e8590c' },
    ];
    return { x, series };
  }, [stats]);

  return (
    <>
      <PageHeader title="Overview" subtitle="Leads that are not archived" />
      <Notice>{error}</Notice>
      {!stats ? (
        <Loading />
      ) : (
        <>
          <div className="stat-grid">
            <StatCard label="Total leads" value={count(stats.total_leads)} />
            <StatCard label="Last 7 days" value={count(stats.leads_last_7d)} />
            <StatCard label="Last 30 days" value={count(stats.leads_last_30d)} />
            <StatCard label="Hot leads" value={count(stats.by_classification['Hot Lead'] ?? 0)} />
            <StatCard label="Average quality" value={stats.avg_quality_score ?? '—'} hint="out of 100" />
            <StatCard label="Average intent" value={stats.avg_intent_score ?? '—'} hint="out of 100" />
          </div>
          <section className="card">
            <h2>New leads, last 30 days</h2>
            {trend && <Chart x={trend.x} series={trend.series} label="New leads per day over the last 30 days" />}
          </section>
          <div className="two-col">
            <section className="card">
              <h2>By classification</h2>
              <Bars counts={stats.by_classification} order={CLASSIFICATIONS} label="Leads by classification" />
            </section>
            <section className="card">
              <h2>By status</h2>
              <Bars counts={stats.by_status} order={STATUSES.filter((s) => s !== 'Archived')} label="Leads by status" />
            </section>
          </div>
        </>
      )}
    </>
  );
}
