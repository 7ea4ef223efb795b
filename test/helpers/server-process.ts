/** A real `naybourhood serve` process, as an operator starts it, for crash and multi-process tests. */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { after } from 'node:test';

const BIN = path.resolve('bin/naybourhood.js');

export interface ServerProcess {
  proc: ChildProcess;
  url: string;
  /** The demo key printed on a first start, if this was one. */
  demoKey?: string;
  output(): string;
  exited: Promise<number | null>;
  /** Sends the signal and waits for the process to end. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

const running = new Set<ChildProcess>();
after(() => {
  for (const p of running) p.kill('SIGKILL');
});

/**
 * Starts `serve` with the given environment (DATA_DIR or DATABASE_URL, REDIS_URL…) on a free port
 * and resolves once it listens. DATABASE_URL and REDIS_URL from the test's own environment are
 * not inherited: each test says what the server gets.
 */
export async function startServerProcess(env: Record<string, string>, args: string[] = [], timeoutMs = 90_000): Promise<ServerProcess> {
  // No drain delay unless a test asks: a load balancer's grace period only slows tests down.
  const base: NodeJS.ProcessEnv = { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', SHUTDOWN_DELAY_MS: '0' };
  delete base.DATABASE_URL;
  delete base.REDIS_URL;
  const proc = spawn(process.execPath, [BIN, 'serve', ...args], { env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(proc);
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) =>
    proc.on('exit', (code) => {
      running.delete(proc);
      resolve(code);
    }),
  );
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | null | undefined;
  void exited.then((c) => (exitCode = c));
  while (!/listening on (http:\/\/\S+)/.test(out)) {
    if (exitCode !== undefined) throw new Error(`serve exited with ${exitCode} before listening:\n${out}`);
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`serve did not listen within ${timeoutMs} ms:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    proc,
    url: /listening on (http:\/\/\S+)/.exec(out)![1]!,
    demoKey: /API key:\s+(nb_live_\w+)/.exec(out)?.[1],
    output: () => out,
    exited,
    stop: async (signal = 'SIGTERM') => {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
      return exited;
    },
  };
}
