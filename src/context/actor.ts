/** Who acted: every request, job and command is attributed to one of these (logs, audit, metrics). */
export type Actor =
  | { readonly kind: 'api_key'; readonly keyId: string; readonly name: string }
  | { readonly kind: 'user'; readonly userId: string; readonly email: string; readonly role: UserRole }
  | { readonly kind: 'cli' }
  | { readonly kind: 'system'; readonly worker: string };

/** A dashboard user's role; the permissions each grants are mapped in one place. */
export type UserRole = 'admin' | 'member' | 'viewer';
