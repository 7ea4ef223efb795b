import { startServer, type Role } from '../../server.ts';
import type { CommandContext } from '../commands.ts';

export async function serve(ctx: CommandContext) {
  const server = await startServer(ctx.config, ctx.values.role as Role, (line) => console.log(line));
  await new Promise<void>((resolve) => {
    const shutdown = (signal: string) => {
      console.log(`${signal} received: finishing in-flight work, then stopping`);
      server.stop().then(resolve, (err) => {
        console.error(err);
        resolve();
      });
    };
    process.once('SIGTERM', () => shutdown('SIGTERM'));
    process.once('SIGINT', () => shutdown('SIGINT'));
  });
}
