/** What an API key (or a dashboard user, through their role) may do. `all` grants every permission, present and future. */
export const PERMISSIONS = [
  'leads_read',
  'leads_write',
  'developments_read',
  'developments_write',
  'webhooks_manage',
  'stats_read',
  'score_single',
  'score_batch',
  'webhook',
  'settings_manage',
  'keys_manage',
  'users_manage',
  'all',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export function isPermission(value: string): value is Permission {
  return (PERMISSIONS as readonly string[]).includes(value);
}

export function grants(held: readonly string[], needed: Permission): boolean {
  return held.includes('all') || held.includes(needed);
}

/** Permissions a holder may not hand on: a key or user can only grant what they hold themselves. */
export function ungrantable(held: readonly string[], requested: readonly string[]): string[] {
  if (held.includes('all')) return [];
  return requested.filter((p) => p === 'all' || !held.includes(p));
}
