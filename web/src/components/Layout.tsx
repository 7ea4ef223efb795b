/** The frame around every signed-in page: navigation, who is signed in, sign out. */
import { useState, type ReactNode } from 'react';
import { Link } from '../router.tsx';
import { useSession } from '../session.tsx';

const NAV: { to: string; label: string }[] = [
  { to: '/', label: 'Today' },
  { to: '/overview', label: 'Overview' },
  { to: '/leads', label: 'Leads' },
  { to: '/developments', label: 'Developments' },
  { to: '/webhooks', label: 'Webhooks' },
  { to: '/settings', label: 'Settings' },
];

/** Places kept for pages that arrive with their own work; shown, not linked. */
const SOON = ['Models', 'Imports', 'Audit log'];

function isCurrent(to: string, path: string) {
  return to === '/' ? path === '/' : path === to || path.startsWith(`${to}/`);
}

export function Layout({ path, children }: { path: string; children: ReactNode }) {
  const { user, signOut } = useSession();
  const [open, setOpen] = useState(false);
  return (
    <div className="shell">
      <a className="skip" href="#main">Skip to content</a>
      <aside className={`sidebar${open ? ' open' : ''}`}>
        <div className="brand-row">
          <span className="brand">Naybourhood</span>
          <button type="button" className="btn btn-quiet menu-toggle" aria-expanded={open} aria-controls="nav" onClick={() => setOpen(!open)}>
            Menu
          </button>
        </div>
        <nav id="nav" aria-label="Main">
          <ul>
            {NAV.map((item) => (
              <li key={item.to}>
                <Link to={item.to} aria-current={isCurrent(item.to, path) ? 'page' : undefined} onClick={() => setOpen(false)}>
                  {item.label}
                </Link>
              </li>
            ))}
          </ul>
          <p className="nav-section">Arriving soon</p>
          <ul>
            {SOON.map((label) => (
              <li key={label}>
                <span className="nav-soon">{label}</span>
              </li>
            ))}
          </ul>
        </nav>
        <div className="who">
          <div className="who-name">{user.name || user.email}</div>
          <div className="subtle">{user.company_name} · {user.role}</div>
          <button type="button" className="btn btn-quiet" onClick={() => void signOut()}>Sign out</button>
        </div>
      </aside>
      <main id="main" tabIndex={-1}>{children}</main>
    </div>
  );
}
