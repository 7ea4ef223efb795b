/**
 * Every `naybourhood` command in one table: its words, what it does, its options with their help,
 * and its implementation, imported only when the command runs (so `--help` loads none of the
 * service). Adding a command is adding one entry here and one function under ./run/.
 */
import type { Config } from '../config.ts';

export interface CommandContext {
  config: Config;
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
  /** Prints the human line, or `data` as JSON under --json. */
  out(human: string, data?: unknown): void;
  json: boolean;
}

export interface OptionSpec {
  type: 'string' | 'boolean';
  /** One line of help. */
  help: string;
  /** How the value is shown in usage, e.g. `ID`. */
  value?: string;
  short?: string;
  default?: string;
  required?: boolean;
  /** The only values accepted; an error lists them. */
  choices?: readonly string[];
}

export interface Command {
  name: string[];
  /** One line shown in the command list. */
  summary: string;
  /** Positional arguments as shown in usage, e.g. `KEY_ID`. */
  args?: string;
  /** Longer help shown by `--help`: what it does, what to know, an example. */
  details?: string;
  options?: Record<string, OptionSpec>;
  run(ctx: CommandContext): Promise<number | void>;
}

export const COMMANDS: Command[] = [
  {
    name: ['serve'],
    summary: 'run the API and/or the background workers',
    details: 'Listens on HOST:PORT. SIGTERM or SIGINT drains: /readyz answers 503 for SHUTDOWN_DELAY_MS, then in-flight requests and jobs finish and it exits.',
    options: {
      role: { type: 'string', value: 'ROLE', default: 'all', choices: ['api', 'worker', 'all'], help: 'api: HTTP only; worker: background jobs only; all: both' },
    },
    run: async (ctx) => (await import('./run/serve.ts')).serve(ctx),
  },
  {
    name: ['secrets', 'reseal'],
    summary: 'seal leftover plaintext secrets and move every sealed one to the current SEALING_KEY (also done at every start)',
    run: async (ctx) => (await import('./run/secrets.ts')).resealCommand(ctx),
  },
  {
    name: ['migrate'],
    summary: 'apply database migrations (also done at every start)',
    run: async (ctx) => (await import('./run/migrate.ts')).migrate(ctx),
  },
  {
    name: ['company', 'create'],
    summary: 'create a company (a tenant)',
    options: { name: { type: 'string', value: 'NAME', required: true, help: "the company's name" } },
    run: async (ctx) => (await import('./run/companies.ts')).createCompanyCommand(ctx),
  },
  {
    name: ['company', 'list'],
    summary: 'list companies, oldest first, with their number of live API keys',
    run: async (ctx) => (await import('./run/companies.ts')).listCompaniesCommand(ctx),
  },
  {
    name: ['key', 'create'],
    summary: 'create an API key; the key is shown once',
    details: 'Example: naybourhood key create --company 0b6c… --name CRM --permissions leads_read,leads_write',
    options: {
      company: { type: 'string', value: 'ID', required: true, help: 'the company the key acts for' },
      name: { type: 'string', value: 'NAME', required: true, help: 'a label to tell keys apart' },
      permissions: { type: 'string', value: 'a,b|all', required: true, help: 'comma-separated permissions, or all' },
      'rate-limit': { type: 'string', value: 'N', help: 'requests per minute (default: RATE_LIMIT_PER_MINUTE)' },
    },
    run: async (ctx) => (await import('./run/keys.ts')).createKeyCommand(ctx),
  },
  {
    name: ['key', 'list'],
    summary: "list API keys (never their secrets): id, prefix, permissions, last use, revocation",
    options: {
      company: { type: 'string', value: 'ID', help: "only this company's keys" },
      'include-revoked': { type: 'boolean', help: 'also list revoked keys' },
    },
    run: async (ctx) => (await import('./run/keys.ts')).listKeysCommand(ctx),
  },
  {
    name: ['key', 'revoke'],
    summary: 'revoke an API key at once',
    args: 'KEY_ID',
    run: async (ctx) => (await import('./run/keys.ts')).revokeKeyCommand(ctx),
  },
  {
    name: ['seed-demo'],
    summary: 'create demo developments and N engine-scored leads over 90 days',
    options: {
      leads: { type: 'string', value: 'N', default: '5000', help: 'how many leads (0 to 10000000)' },
      company: { type: 'string', value: 'ID', help: 'seed this company (default: a new demo company with a key)' },
    },
    run: async (ctx) => (await import('./run/seed-demo.ts')).seedDemoCommand(ctx),
  },
  {
    name: ['retention', 'run'],
    summary: 'delete what is past its retention period now',
    details: 'Webhook delivery logs, finished jobs and dispatched events after 30 days, idempotency keys after a day. The workers also run this daily.',
    run: async (ctx) => (await import('./run/retention.ts')).retentionRun(ctx),
  },
];
