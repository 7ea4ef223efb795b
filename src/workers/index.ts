/**
 * The background workers `serve` runs (role `worker` or `all`): the composition root of the job
 * framework (src/jobs/), which knows none of them. Each claims its work from the database, so any
 * number of worker processes can run against one PostgreSQL.
 */
import type { WorkerFactory } from '../jobs/handler.ts';
import { createLeadScoringWorker } from '../leadscoring/worker.ts';
import { createOutboundWorker } from './outbound.ts';
import { createUpkeepWorker } from '../db/upkeep.ts';

/** Add a capability's worker here; a new job kind goes in a worker's handler list (./outbound.ts). */
export const WORKERS: WorkerFactory[] = [(deps) => createLeadScoringWorker(deps), createOutboundWorker, createUpkeepWorker];
