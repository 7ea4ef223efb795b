/** The whole database schema, one file per domain. drizzle-kit generates migrations from here. */
export * from './companies.ts';
export * from './developments.ts';
export * from './leads.ts';
export * from './events.ts';
export * from './jobs.ts';
export * from './leadscoring.ts';
export * from './webhooks.ts';
export * from './integrations.ts';
export * from './instance.ts';
export * from './rollups.ts';
export * from './learning.ts';
