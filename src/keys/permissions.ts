/** What an API key may do. `all` grants every permission, present and future. */
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
  'all',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export function isPermission(value: string): value is Permission {
  return (PERMISSIONS as readonly string[]).includes(value);
}

export function grants(held: readonly string[], needed: Permission): boolean {
  return held.includes('all') || held.includes(needed);
}
