/**
 * A local TCP proxy between the service and PostgreSQL or Redis, for fault tests. It forwards
 * bytes both ways until told to misbehave:
 * - cut(): destroys every open connection at once (a failover, a crashed server);
 * - mode 'blackhole': accepts connections and swallows bytes, answering nothing (a network
 *   partition: nothing is refused, nothing comes back);
 * - mode 'slow': delays every chunk by `delayMs` (an overloaded database);
 * - mode 'pass': forwards normally again (recovery).
 */
import net from 'node:net';
import { after } from 'node:test';

export type ProxyMode = 'pass' | 'blackhole' | 'slow';

export interface TcpProxy {
  port: number;
  /** The target URL rewritten to go through the proxy. */
  url: string;
  setMode(mode: ProxyMode, delayMs?: number): void;
  cut(): void;
  /** Connections the proxy has accepted so far. */
  accepted(): number;
  close(): Promise<void>;
}

export async function startTcpProxy(targetUrl: string): Promise<TcpProxy> {
  const target = new URL(targetUrl);
  const targetPort = Number(target.port || (target.protocol.startsWith('redis') ? 6379 : 5432));
  let mode: ProxyMode = 'pass';
  let delayMs = 0;
  let accepted = 0;
  const sockets = new Set<net.Socket>();

  const server = net.createServer((client) => {
    accepted++;
    const upstream = net.connect(targetPort, target.hostname);
    sockets.add(client).add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    const forward = (from: net.Socket, to: net.Socket) =>
      from.on('data', (chunk) => {
        if (mode === 'blackhole') return;
        if (mode === 'slow') setTimeout(() => to.destroyed || to.write(chunk), delayMs);
        else to.write(chunk);
      });
    forward(client, upstream);
    forward(upstream, client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  const url = new URL(targetUrl);
  url.hostname = '127.0.0.1';
  url.port = String(port);

  const cut = () => {
    for (const s of sockets) s.destroy();
    sockets.clear();
  };
  const proxy: TcpProxy = {
    port,
    url: url.toString(),
    setMode(next, ms = 0) {
      mode = next;
      delayMs = ms;
    },
    cut,
    accepted: () => accepted,
    close: () =>
      new Promise<void>((resolve) => {
        cut();
        server.close(() => resolve());
      }),
  };
  after(() => proxy.close());
  return proxy;
}
