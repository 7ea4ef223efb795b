/** Settings: API keys, team, integrations and the signed-in user's password. */
import { Link } from '../router.tsx';
import { PageHeader } from '../components/ui.tsx';
import { useSession } from '../session.tsx';
import { ApiKeys } from './settings/ApiKeys.tsx';
import { Team } from './settings/Team.tsx';
import { Integrations } from './settings/Integrations.tsx';
import { ChangePassword } from './ChangePassword.tsx';

const TABS = [
  { to: '/settings/keys', label: 'API keys' },
  { to: '/settings/team', label: 'Team' },
  { to: '/settings/integrations', label: 'Integrations' },
  { to: '/settings/password', label: 'Password' },
];

export function Settings({ path }: { path: string }) {
  const { refresh } = useSession();
  const current = path === '/settings' ? '/settings/keys' : path;
  return (
    <>
      <PageHeader title="Settings" />
      <nav className="tabs" aria-label="Settings">
        {TABS.map((tab) => (
          <Link key={tab.to} to={tab.to} aria-current={current === tab.to ? 'page' : undefined}>{tab.label}</Link>
        ))}
      </nav>
      {current === '/settings/keys' && <ApiKeys />}
      {current === '/settings/team' && <Team />}
      {current === '/settings/integrations' && <Integrations />}
      {current === '/settings/password' && <ChangePassword onChanged={refresh} />}
    </>
  );
}
