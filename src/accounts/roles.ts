/**
 * The one place a dashboard user's role becomes permissions. A session is then checked exactly as
 * an API key holding these permissions would be, so the dashboard can do nothing the API forbids.
 */
import type { UserRole } from '../context/actor.ts';
import type { Permission } from '../keys/permissions.ts';

const READ: Permission[] = ['leads_read', 'developments_read', 'stats_read'];

export const ROLE_PERMISSIONS: Readonly<Record<UserRole, readonly Permission[]>> = {
  /** Sees everything a company's data dashboard shows, changes nothing. */
  viewer: READ,
  /** Works the leads: reads, writes leads and developments, scores. */
  member: [...READ, 'leads_write', 'developments_write', 'score_single', 'score_batch'],
  /** Everything, including keys, team, integration settings and webhooks. */
  admin: ['all'],
};
