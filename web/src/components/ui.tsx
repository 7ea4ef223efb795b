/** Small shared pieces: badges, notices, the copy-once secret box, empty states. */
import { useState, type ReactNode } from 'react';

const CLASS_TONE: Record<string, string> = {
  'Hot Lead': 'hot',
  Qualified: 'good',
  'Needs Qualification': 'info',
  Nurture: 'neutral',
  'Low Priority': 'muted',
  Disqualified: 'bad',
};

export function ClassBadge({ value }: { value: string }) {
  return <span className={`badge badge-${CLASS_TONE[value] ?? 'neutral'}`}>{value}</span>;
}

export function Badge({ tone = 'neutral', children }: { tone?: string; children: ReactNode }) {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}

export function Notice({ tone = 'error', children }: { tone?: 'error' | 'success' | 'info'; children: ReactNode }) {
  if (!children) return null;
  return (
    <div className={`notice notice-${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="empty">{children}</div>;
}

export function Loading() {
  return <div className="loading" aria-live="polite">Loading…</div>;
}

/** A secret the server shows once: visible, selectable, copyable, and said to be shown once. */
export function SecretOnce({ label, value, onDone }: { label: string; value: string; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  return (
    <div className="secret" role="status">
      <p>
        <strong>{label}</strong> — copy it now: it is shown only once.
      </p>
      <code className="secret-value" data-testid="secret-value">{value}</code>
      <div className="row">
        <button type="button" className="btn" onClick={copy}>{copied ? 'Copied' : 'Copy'}</button>
        <button type="button" className="btn btn-quiet" onClick={onDone}>Done</button>
      </div>
    </div>
  );
}

export function PageHeader({ title, subtitle, actions }: { title: string; subtitle?: ReactNode; actions?: ReactNode }) {
  return (
    <header className="page-header">
      <div>
        <h1>{title}</h1>
        {subtitle && <p className="subtle">{subtitle}</p>}
      </div>
      {actions && <div className="row">{actions}</div>}
    </header>
  );
}

export function StatCard({ label, value, hint }: { label: string; value: ReactNode; hint?: ReactNode }) {
  return (
    <div className="card stat">
      <div className="stat-label">{label}</div>
      <div className="stat-value">{value}</div>
      {hint && <div className="stat-hint">{hint}</div>}
    </div>
  );
}

/** Horizontal bars for a breakdown by classification or status. */
export function Bars({ counts, order, label }: { counts: Record<string, number>; order: readonly string[]; label: string }) {
  const total = Math.max(1, ...order.map((k) => counts[k] ?? 0));
  return (
    <ul className="bars" aria-label={label}>
      {order.map((key) => {
        const n = counts[key] ?? 0;
        return (
          <li key={key}>
            <span className="bars-label">{key}</span>
            <span className="bars-track"><span className="bars-fill" style={{ width: `${(n / total) * 100}%` }} /></span>
            <span className="bars-value">{n.toLocaleString('en-GB')}</span>
          </li>
        );
      })}
    </ul>
  );
}
