/**
 * The context every service call carries: the database, the company it acts for, and who acted.
 * A request builds one in its auth hook (src/http/auth.ts), a job handler from its job, a CLI
 * command from its arguments; services take it (or its tenant part) and never build their own.
 */
import type { Db } from '../db/client.ts';
import type { Actor } from './actor.ts';

/**
 * The tenant part: every query a service runs is scoped by `companyId`, so there is no way to
 * ask a service for another company's rows. Read-only services need no more than this.
 */
export interface Tenant {
  readonly db: Db;
  readonly companyId: string;
}

/** Who acted, for which company, and (for a request) from where. */
export interface Context extends Tenant {
  readonly actor: Actor;
  /** The caller's address, user agent and request id; absent outside a request. */
  readonly ip?: string;
  readonly userAgent?: string;
  readonly requestId?: string;
}

/** The context of a background worker acting for a company, e.g. `systemContext(db, id, 'leadscoring')`. */
export function systemContext(db: Db, companyId: string, worker: string): Context {
  return { db, companyId, actor: { kind: 'system', worker } };
}

/** The context of an operator's CLI command acting for a company. */
export function cliContext(db: Db, companyId: string): Context {
  return { db, companyId, actor: { kind: 'cli' } };
}

/** The actor as one short string: `api_key:<id>`, `user:<id>`, `cli` or `system:<worker>`. */
export function actorLabel(actor: Actor): string {
  switch (actor.kind) {
    case 'api_key':
      return `api_key:${actor.keyId}`;
    case 'user':
      return `user:${actor.userId}`;
    case 'cli':
      return 'cli';
    case 'system':
      return `system:${actor.worker}`;
  }
}
