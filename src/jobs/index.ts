/**
 * The background workers `serve` runs (role `worker` or `all`). Each one claims its work from
 * the database, so any number of worker processes can run against one PostgreSQL.
 */
import type { Config } from '../config.ts';
import type { Database } from '../db/client.ts';
import { createLeadScoringWorker } from '../leadscoring/worker.ts';
import { createOutboundWorker } from './outbound.ts';
import { createUpkeepWorker } from '../db/upkeep.ts';
import { createLearningWorker } from '../models/worker.ts';

export interface Worker {
  name: string;
  start(): void;
  /** Resolves once the job in hand, if any, has finished; no new job starts after. */
  stop(): Promise<void>;
}

export type WorkerFactory = (deps: { config: Config; database: Database }) => Worker;

/** Add a capability's worker here. */
export const WORKERS: WorkerFactory[] = [(deps) => createLeadScoringWorker(deps), createOutboundWorker, createUpkeepWorker, (deps) => createLearningWorker(deps)];
