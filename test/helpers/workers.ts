import type { TestApp } from './app.ts';
import { createOutboundWorker } from '../../src/workers/outbound.ts';

/** Runs the outbound worker against a test app's database; it stops just before the database is dropped. */
export function startOutboundWorker(t: Pick<TestApp, 'config' | 'database'>) {
  const worker = createOutboundWorker({ config: t.config, database: t.database });
  worker.start();
  const drop = t.database.drop.bind(t.database);
  t.database.drop = async () => {
    await worker.stop();
    await drop();
  };
  return worker;
}

/** Settings that keep retries and polling quick in tests; the local receivers need private URLs. */
export const FAST_WEBHOOKS = {
  WEBHOOK_ALLOW_PRIVATE_URLS: 'true',
  WEBHOOK_RETRY_BASE_MS: '20',
  WEBHOOK_TIMEOUT_MS: '1000',
  WEBHOOK_POLL_MS: '10',
  WEBHOOK_JOB_LEASE_MS: '5000',
};
