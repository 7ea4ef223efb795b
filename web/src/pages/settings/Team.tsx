/** Team: add a colleague with a one-time password, change roles, remove. */
import { useState, type FormEvent } from 'react';
import { api, errorText } from '../../api.ts';
import { Empty, Loading, Notice, SecretOnce } from '../../components/ui.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { dateTime } from '../../format.ts';
import { useCan, useSession } from '../../session.tsx';
import type { Role, TeamMember } from '../../types.ts';

const ROLES: [Role, string][] = [
  ['admin', 'Admin — everything, team and keys'],
  ['member', 'Member — works leads and developments'],
  ['viewer', 'Viewer — reads only'],
];

export function Team() {
  const canManage = useCan('users_manage');
  const { user } = useSession();
  const list = useLoad(() => api<{ data: TeamMember[] }>('GET', '/users'), []);
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('member');
  const [password, setPassword] = useState<{ email: string; value: string } | null>(null);
  const [error, setError] = useState<string | null>(null);

  const create = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      const made = await api<{ user: TeamMember; one_time_password: string }>('POST', '/users', { email: email.trim(), name: name.trim(), role });
      setPassword({ email: made.user.email, value: made.one_time_password });
      setEmail('');
      setName('');
      list.reload();
    } catch (e) {
      setError(errorText(e));
    }
  };

  const changeRole = async (member: TeamMember, next: Role) => {
    setError(null);
    try {
      await api('PATCH', `/users/${member.id}`, { role: next });
      list.reload();
    } catch (e) {
      setError(errorText(e));
    }
  };

  const remove = async (member: TeamMember) => {
    if (!confirm(`Remove ${member.email}? They are signed out at once.`)) return;
    try {
      await api('DELETE', `/users/${member.id}`);
      list.reload();
    } catch (e) {
      setError(errorText(e));
    }
  };

  return (
    <>
      <Notice>{error ?? list.error}</Notice>
      {password && <SecretOnce label={`One-time password for ${password.email}`} value={password.value} onDone={() => setPassword(null)} />}
      {canManage && (
        <form className="card form" onSubmit={create} aria-labelledby="user-form-title">
          <h2 id="user-form-title">Add a team member</h2>
          <p className="subtle">They sign in with a one-time password and choose their own at once.</p>
          <div className="grid-form">
            <label className="field"><span>Email</span><input type="email" required maxLength={254} value={email} onChange={(e) => setEmail(e.target.value)} /></label>
            <label className="field"><span>Name</span><input required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} /></label>
            <label className="field"><span>Role</span>
              <select value={role} onChange={(e) => setRole(e.target.value as Role)}>{ROLES.map(([v, t]) => <option key={v} value={v}>{t}</option>)}</select>
            </label>
          </div>
          <button type="submit" className="btn btn-primary">Add member</button>
        </form>
      )}
      {!list.data ? (
        !list.error && <Loading />
      ) : list.data.data.length === 0 ? (
        <Empty>No team members.</Empty>
      ) : (
        <div className="table-wrap card">
          <table className="table" aria-label="Team">
            <thead><tr><th scope="col">Email</th><th scope="col">Name</th><th scope="col">Role</th><th scope="col" className="hide-narrow">Added</th><th scope="col"><span className="sr-only">Actions</span></th></tr></thead>
            <tbody>
              {list.data.data.map((member) => (
                <tr key={member.id} data-testid="user-row">
                  <td>{member.email}{member.id === user.id && <span className="subtle"> (you)</span>}</td>
                  <td>{member.name ?? '—'}</td>
                  <td>
                    {canManage && member.id !== user.id ? (
                      <select aria-label={`Role of ${member.email}`} value={member.role} onChange={(e) => void changeRole(member, e.target.value as Role)}>
                        {ROLES.map(([v]) => <option key={v} value={v}>{v}</option>)}
                      </select>
                    ) : member.role}
                  </td>
                  <td className="hide-narrow">{dateTime(member.created_at)}</td>
                  <td>{canManage && member.id !== user.id && <button type="button" className="btn btn-danger" onClick={() => void remove(member)} aria-label={`Remove ${member.email}`}>Remove</button>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
