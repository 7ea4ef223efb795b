/**
 * The outbound worker: fans events out to webhook subscriptions and runs the jobs that talk to the
 * outside world (webhook deliveries, HubSpot pushes) plus retention. One per `serve` process of
 * role worker/all; any number of them can share one PostgreSQL.
 */
import type { Config } from '../config.ts';
import { loadSecretBox } from '../crypto/secret-box.ts';
import type { Database } from '../db/client.ts';
import { hubspotPushHandler } from '../integrations/hubspot/push.ts';
import { retentionHandler, scheduleRetention } from '../retention/service.ts';
import { webhookDeliveryHandler } from '../webhooks/delivery.ts';
import { dispatchEvents } from '../webhooks/dispatcher.ts';
import { createWebhookSender } from '../webhooks/sender.ts';
import type { Worker } from '../jobs/handler.ts';
import { workerLog } from '../jobs/log.ts';
import { createJobWorker } from '../jobs/worker.ts';

const DISPATCH_BATCH = 500;
const RETENTION_CHECK_MS = 3_600_000;

export function createOutboundWorker({ config, database }: { config: Config; database: Database }): Worker {
  const db = database.db;
  // Job outcomes are in the database (jobs, webhook_deliveries), so they are logged only when
  // debugging; a failure of the worker itself (database unreachable…) is always worth a line.
  const { warn, debug } = workerLog(config, 'outbound');
  const log = (msg: string, extra?: Record<string, unknown>) => {
    if (msg === 'job claim failed' || msg === 'job outcome not recorded') warn(msg, extra);
    else debug(msg, extra);
  };
  const sender = createWebhookSender({
    timeoutMs: config.webhookTimeoutMs,
    allowPrivateUrls: config.webhookAllowPrivateUrls,
    maxSocketsPerHost: config.webhookConcurrency,
  });
  const secretBox = () => loadSecretBox(db, config);
  const jobs = createJobWorker({
    name: 'outbound',
    db,
    // Add a job kind here: its handler comes from its domain folder.
    handlers: [
      webhookDeliveryHandler({ db, config, sender, secretBox }),
      hubspotPushHandler({ config, secretBox }),
      retentionHandler,
    ],
    concurrency: config.webhookConcurrency,
    pollMs: config.webhookPollMs,
    leaseMs: config.webhookJobLeaseMs,
    log,
  });

  let running = false;
  let dispatching: Promise<void> | undefined;
  let sleeping: { timer: NodeJS.Timeout; resolve: () => void } | undefined;
  let retentionTimer: NodeJS.Timeout | undefined;
  const sleep = (ms: number) => new Promise<void>((resolve) => (sleeping = { timer: setTimeout(resolve, ms), resolve }));

  async function dispatchLoop() {
    while (running) {
      let claimed = 0;
      try {
        const { events, deliveries } = await dispatchEvents(db, DISPATCH_BATCH);
        claimed = events;
        // New deliveries are due now: end the job worker's idle wait rather than let it poll.
        if (deliveries > 0) jobs.wake();
      } catch (err) {
        warn('event dispatch failed', { error: (err as Error).message });
      }
      if (claimed < DISPATCH_BATCH && running) await sleep(config.webhookPollMs);
    }
  }

  const enqueueRetention = () => scheduleRetention(db, new Date()).catch((err) => warn('retention scheduling failed', { error: (err as Error).message }));

  return {
    name: 'outbound (webhooks, HubSpot, retention)',
    start() {
      if (running) return;
      running = true;
      jobs.start();
      dispatching = dispatchLoop();
      void enqueueRetention();
      retentionTimer = setInterval(enqueueRetention, RETENTION_CHECK_MS);
      retentionTimer.unref();
    },
    async stop() {
      running = false;
      clearInterval(retentionTimer);
      if (sleeping) {
        clearTimeout(sleeping.timer);
        sleeping.resolve();
      }
      await dispatching;
      await jobs.stop();
      sender.close();
    },
  };
}
