/**
 * Every environment variable the service reads, parsed and validated once at boot.
 * Only this module reads process.env; everything else receives a Config.
 */
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
  /** Signs dashboard session cookies; generated once and kept in the database when unset. */
  sessionSecret: string | undefined;
  /** A dashboard session unused for this long has ended. */
  sessionIdleTimeoutMs: number;
  /** A dashboard session ends this long after sign-in, however active. */
  sessionMaxAgeMs: number;
  /** Requests per minute a signed-in dashboard user may make (counted per user). */
  sessionRateLimitPerMinute: number;
  /** Failed sign-ins per account, and per address, in 15 minutes before sign-in is refused (429). */
  loginFailuresPerAccount: number;
  loginFailuresPerAddress: number;
  /** Bearer token for GET /metrics from other hosts; unset, only this host may read it. */
  metricsToken: string | undefined;
  /** Failed calls per minute an address may make to the public Typeform webhook before a 429. */
  publicWebhookFailuresPerMinute: number;
  /** Proxies in front of the service whose X-Forwarded-For is believed (0: use the socket's address). */
  trustProxyHops: number;
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
    return raw.replace(/\/+$/, '');
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
    sessionIdleTimeoutMs: int('SESSION_IDLE_TIMEOUT_MS', 8 * 3_600_000, 1000, 30 * 86_400_000),
    sessionMaxAgeMs: int('SESSION_MAX_AGE_MS', 7 * 86_400_000, 1000, 90 * 86_400_000),
    sessionRateLimitPerMinute: int('SESSION_RATE_LIMIT_PER_MINUTE', 300, 1, 1_000_000),
    loginFailuresPerAccount: int('LOGIN_FAILURES_PER_ACCOUNT', 10, 1, 10_000),
    loginFailuresPerAddress: int('LOGIN_FAILURES_PER_ADDRESS', 50, 1, 100_000),
    metricsToken: optional('METRICS_TOKEN'),
    publicWebhookFailuresPerMinute: int('PUBLIC_WEBHOOK_FAILURES_PER_MINUTE', 30, 1, 1_000_000),
    trustProxyHops: int('TRUST_PROXY_HOPS', 0, 0, 10),
  };
  // The lease must outlast the slowest delivery, or a healthy worker's delivery would be taken twice.
  config.webhookJobLeaseMs = int('WEBHOOK_JOB_LEASE_MS', config.webhookTimeoutMs + 30_000, 1000, 3_600_000);
  if (config.webhookJobLeaseMs < config.webhookTimeoutMs + 1000) {
    problems.push(`WEBHOOK_JOB_LEASE_MS must exceed WEBHOOK_TIMEOUT_MS by at least 1000 (got ${config.webhookJobLeaseMs})`);
  }
  const levels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
  if (!levels.includes(config.logLevel)) problems.push(`LOG_LEVEL must be one of ${levels.join(', ')}`);
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

function nonEmpty(v: string | undefined): string | undefined {
  return v === undefined || v.trim() === '' ? undefined : v.trim();
}
