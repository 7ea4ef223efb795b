/**
 * Log lines of background workers: one JSON object per line on stderr, in the shape of the API's
 * request logs, filtered by LOG_LEVEL. A worker's own failures are warnings (shown unless the
 * level is error or quieter); routine detail is debug.
 */
import type { Config } from '../config.ts';

export interface WorkerLog {
  warn(msg: string, extra?: Record<string, unknown>): void;
  debug(msg: string, extra?: Record<string, unknown>): void;
}

export function workerLog(config: Config, worker: string): WorkerLog {
  const verbose = config.logLevel === 'debug' || config.logLevel === 'trace';
  const quiet = ['error', 'fatal', 'silent'].includes(config.logLevel);
  const print = (level: string, msg: string, extra?: Record<string, unknown>) =>
    console.error(JSON.stringify({ level, time: new Date().toISOString(), worker, msg, ...extra }));
  return {
    warn: (msg, extra) => {
      if (!quiet) print('warn', msg, extra);
    },
    debug: (msg, extra) => {
      if (verbose) print('debug', msg, extra);
    },
  };
}
