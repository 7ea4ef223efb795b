/**
 * Every environment variable the service reads, parsed and validated once at boot.
 * Only this module reads process.env; everything else receives a Config.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  logLevel: string;
  rateLimitPerMinute: number;
  /** How long a process trusts a key it has checked; bounds how late a revocation takes effect. */
  apiKeyCacheTtlMs: number;
  webhookTimeoutMs: number;
  webhookRetryBaseMs: number;
  webhookAllowPrivateUrls: boolean;
  /** How often an idle webhook worker looks for new events and due deliveries. */
  webhookPollMs: number;
  /** Deliveries (and HubSpot pushes) in flight at once per worker process. */
  webhookConcurrency: number;
  /** How long a worker holds a claimed delivery; after it, a crashed worker's delivery is retried. */
  webhookJobLeaseMs: number;
  /** A subscription whose every attempt has failed for this long is disabled. */
  webhookDisableAfterHours: number;
  hubspotApiBaseUrl: string;
  metaGraphApiBaseUrl: string;
  metaGraphApiVersion: string;
  prefiApiUrl: string | undefined;
  formAiApiUrl: string | undefined;
  /** Signs dashboard sessions; never used to seal stored secrets (values it sealed before still open). */
  sessionSecret: string | undefined;
  /** Root keys for sealing stored secrets: the first seals, all open. Empty: a key kept in the database. */
  sealingKeys: string[];
  /** Bearer token for GET /metrics from other hosts; unset, only this host may read it. */
  metricsToken: string | undefined;
  /** Failed calls per minute an address may make to the public Typeform webhook before a 429. */
  publicWebhookFailuresPerMinute: number;
  /** Proxies in front of the service whose X-Forwarded-For is believed (0: use the socket's address). */
  trustProxyHops: number;
  /** A request (headers and body) must arrive within this; a trickled body is cut with 408. */
  httpRequestTimeoutMs: number;
  /** An idle keep-alive socket is closed after this. */
  httpKeepAliveTimeoutMs: number;
  /** Open sockets at most; new ones past it are closed at once. */
  httpMaxConnections: number;
  /** PostgreSQL: opening (or waiting for) a connection, one statement, an idle open transaction. */
  databaseConnectTimeoutMs: number;
  databaseStatementTimeoutMs: number;
  databaseIdleInTransactionTimeoutMs: number;
  /** Redis: opening a connection, and one command; past them the caller falls back at once. */
  redisConnectTimeoutMs: number;
  redisCommandTimeoutMs: number;
  /** On SIGTERM, how long /readyz answers 503 while still serving, so load balancers stop sending first. */
  shutdownDelayMs: number;
  /** After that, how long in-flight requests and jobs may take before the process exits anyway. */
  shutdownTimeoutMs: number;
  /** How long an unanswered Idempotency-Key claim holds before a retry may take it over. */
  idempotencyLeaseMs: number;
}

type Env = Record<string, string | undefined>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

/** Parses the environment, collecting every problem so the operator fixes them in one go. */
export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const str = (name: string, fallback: string) => nonEmpty(env[name]) ?? fallback;
  const optional = (name: string) => nonEmpty(env[name]);
  const int = (name: string, fallback: number, min: number, max: number) => {
    const raw = nonEmpty(env[name]);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name} must be an integer from ${min} to ${max} (got "${raw}")`);
      return fallback;
    }
    return n;
  };
  const bool = (name: string, fallback: boolean) => {
    const raw = nonEmpty(env[name])?.toLowerCase();
    if (raw === undefined) return fallback;
    if (['true', '1', 'yes'].includes(raw)) return true;
    if (['false', '0', 'no'].includes(raw)) return false;
    problems.push(`${name} must be true or false (got "${raw}")`);
    return fallback;
  };
  const url = (name: string, fallback?: string) => {
    const raw = nonEmpty(env[name]) ?? fallback;
    if (raw === undefined) return undefined;
    try {
      new URL(raw);
    } catch {
      problems.push(`${name} must be a URL (got "${raw}")`);
    }
    let end = raw.length;
    while (end > 0 && raw[end - 1] === '/') end--; // trailing slashes, without a backtracking regex
    return raw.slice(0, end);
  };

  const config: Config = {
    port: int('PORT', 3000, 0, 65535),
    host: str('HOST', '127.0.0.1'),
    dataDir: path.resolve(str('DATA_DIR', './data')),
    databaseUrl: url('DATABASE_URL'),
    redisUrl: url('REDIS_URL'),
    logLevel: str('LOG_LEVEL', 'info'),
    rateLimitPerMinute: int('RATE_LIMIT_PER_MINUTE', 60, 1, 1_000_000),
    apiKeyCacheTtlMs: int('API_KEY_CACHE_TTL_MS', 5_000, 0, 300_000),
    webhookTimeoutMs: int('WEBHOOK_TIMEOUT_MS', 10_000, 100, 300_000),
    webhookRetryBaseMs: int('WEBHOOK_RETRY_BASE_MS', 30_000, 1, 86_400_000),
    webhookAllowPrivateUrls: bool('WEBHOOK_ALLOW_PRIVATE_URLS', false),
    webhookPollMs: int('WEBHOOK_POLL_MS', 50, 1, 60_000),
    webhookConcurrency: int('WEBHOOK_CONCURRENCY', 32, 1, 1000),
    webhookJobLeaseMs: 0, // set below: it depends on the time-out
    webhookDisableAfterHours: int('WEBHOOK_DISABLE_AFTER_HOURS', 120, 1, 8760),
    hubspotApiBaseUrl: url('HUBSPOT_API_BASE_URL', 'https://api.hubapi.com')!,
    metaGraphApiBaseUrl: url('META_GRAPH_API_BASE_URL', 'https://graph.facebook.com')!,
    metaGraphApiVersion: str('META_GRAPH_API_VERSION', 'v21.0'),
    prefiApiUrl: url('PREFI_API_URL'),
    formAiApiUrl: url('FORM_AI_API_URL'),
    sessionSecret: optional('SESSION_SECRET'),
    sealingKeys: [],
    metricsToken: optional('METRICS_TOKEN'),
    publicWebhookFailuresPerMinute: int('PUBLIC_WEBHOOK_FAILURES_PER_MINUTE', 30, 1, 1_000_000),
    trustProxyHops: int('TRUST_PROXY_HOPS', 0, 0, 10),
    httpRequestTimeoutMs: int('HTTP_REQUEST_TIMEOUT_MS', 30_000, 100, 600_000),
    // Longer than the 60 s idle time-out of common load balancers, so they close first.
    httpKeepAliveTimeoutMs: int('HTTP_KEEP_ALIVE_TIMEOUT_MS', 72_000, 100, 600_000),
    httpMaxConnections: int('HTTP_MAX_CONNECTIONS', 1024, 1, 1_000_000),
    databaseConnectTimeoutMs: int('DATABASE_CONNECT_TIMEOUT_MS', 5_000, 100, 120_000),
    databaseStatementTimeoutMs: int('DATABASE_STATEMENT_TIMEOUT_MS', 30_000, 100, 3_600_000),
    databaseIdleInTransactionTimeoutMs: int('DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS', 60_000, 100, 3_600_000),
    redisConnectTimeoutMs: int('REDIS_CONNECT_TIMEOUT_MS', 2_000, 100, 60_000),
    redisCommandTimeoutMs: int('REDIS_COMMAND_TIMEOUT_MS', 500, 10, 60_000),
    shutdownDelayMs: int('SHUTDOWN_DELAY_MS', 3_000, 0, 300_000),
    shutdownTimeoutMs: int('SHUTDOWN_TIMEOUT_MS', 30_000, 1_000, 3_600_000),
    idempotencyLeaseMs: 0, // set below: it depends on the statement time-out
  };
  // An answered request never takes longer than its statements; the lease must outlast one.
  config.idempotencyLeaseMs = int('IDEMPOTENCY_LEASE_MS', Math.max(60_000, 2 * config.databaseStatementTimeoutMs), 1_000, 86_400_000);
  // The lease must outlast the slowest delivery, or a healthy worker's delivery would be taken twice.
  config.webhookJobLeaseMs = int('WEBHOOK_JOB_LEASE_MS', config.webhookTimeoutMs + 30_000, 1000, 3_600_000);
  if (config.webhookJobLeaseMs < config.webhookTimeoutMs + 1000) {
    problems.push(`WEBHOOK_JOB_LEASE_MS must exceed WEBHOOK_TIMEOUT_MS by at least 1000 (got ${config.webhookJobLeaseMs})`);
  }
  config.sealingKeys = sealingKeys(env, problems);
  const levels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
  if (!levels.includes(config.logLevel)) problems.push(`LOG_LEVEL must be one of ${levels.join(', ')}`);
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/**
 * SEALING_KEY (or the first line of SEALING_KEY_FILE) seals; SEALING_KEY_PREVIOUS (comma-separated)
 * and the file's further lines only open, for rotation.
 */
function sealingKeys(env: Env, problems: string[]): string[] {
  const keys: string[] = [];
  const direct = nonEmpty(env.SEALING_KEY);
  const file = nonEmpty(env.SEALING_KEY_FILE);
  if (direct && file) problems.push('Set SEALING_KEY or SEALING_KEY_FILE, not both');
  if (direct) keys.push(direct);
  else if (file) {
    try {
      keys.push(...readFileSync(file, 'utf8').split('\n').map((l) => l.trim()).filter(Boolean));
      if (keys.length === 0) problems.push(`SEALING_KEY_FILE ${file} holds no key`);
    } catch (err) {
      problems.push(`SEALING_KEY_FILE cannot be read: ${(err as Error).message}`);
    }
  }
  keys.push(...(nonEmpty(env.SEALING_KEY_PREVIOUS)?.split(',').map((k) => k.trim()).filter(Boolean) ?? []));
  if (keys.length > 0 && !direct && !file) problems.push('SEALING_KEY_PREVIOUS needs SEALING_KEY or SEALING_KEY_FILE');
  if (keys.some((k) => k.length < 32)) problems.push('Sealing keys must be at least 32 characters (e.g. openssl rand -base64 32)');
  return keys;
}

function nonEmpty(v: string | undefined): string | undefined {
  return v === undefined || v.trim() === '' ? undefined : v.trim();
}
