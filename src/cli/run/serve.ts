import { startServer, type Role } from '../../server.ts';
import type { CommandContext } from '../commands.ts';

export async function serve(ctx: CommandContext): Promise<number> {
  const server = await startServer(ctx.config, ctx.values.role as Role, (line) => console.log(line));
  return new Promise<number>((resolve) => {
    const shutdown = (signal: string) => {
      console.log(`${signal} received: finishing in-flight work, then stopping`);
      // Work that outlives SHUTDOWN_TIMEOUT_MS is abandoned: its jobs' leases bring them back.
      const deadline = setTimeout(() => {
        console.error(`Shutdown took longer than ${ctx.config.shutdownTimeoutMs} ms; exiting with work unfinished`);
        process.exit(1);
      }, ctx.config.shutdownDelayMs + ctx.config.shutdownTimeoutMs);
      deadline.unref();
      server.stop().then(
        () => resolve(0),
        (err) => {
          console.error(err);
          resolve(1);
        },
      );
    };
    process.once('SIGTERM', () => shutdown('SIGTERM'));
    process.once('SIGINT', () => shutdown('SIGINT'));
  });
}
