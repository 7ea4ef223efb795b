/**
 * Loaded into every test process (scripts/run-tests.mjs passes it with --import): tests never
 * reach past this machine. A connection or DNS lookup for anything but a loopback address is
 * refused before a packet leaves, reported on stderr with where it came from, and the test
 * file's process exits non-zero, so the test fails even if the code under test swallowed the
 * refusal (a provider falling back, a retry queued). test/network-guard.test.ts proves it.
 */
import dns from 'node:dns';
import net from 'node:net';

const LOOPBACK_NAMES = new Set(['localhost', 'localhost.']);

export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (LOOPBACK_NAMES.has(h)) return true;
  if (net.isIPv4(h)) return h.startsWith('127.');
  if (net.isIPv6(h)) return h === '::1' || /^::ffff:127\./.test(h);
  return false;
}

let violations = 0;

function refuse(what: string): Error {
  violations++;
  const err = new Error(`network guard: a test tried to reach ${what}; tests may only reach loopback addresses`);
  process.stderr.write(`\n${err.stack}\n`);
  return err;
}

process.on('exit', () => {
  if (violations > 0) {
    process.stderr.write(`network guard: ${violations} attempt(s) to leave this machine; failing this test file\n`);
    process.exitCode = 1;
  }
});

/** Where a Socket#connect call is going: its host, or undefined for a local (unix) socket. */
function destination(args: unknown[]): string | undefined {
  // net.connect passes [options, callback] as one normalised array; users pass (options | port, host?).
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  if (typeof first === 'object' && first !== null) {
    const o = first as { path?: string; host?: string };
    return o.path ? undefined : (o.host ?? 'localhost');
  }
  if (typeof first === 'string' && !/^\d+$/.test(first)) return undefined; // a pipe path
  return typeof args[1] === 'string' ? args[1] : 'localhost';
}

const connect = net.Socket.prototype.connect as (...args: unknown[]) => net.Socket;
net.Socket.prototype.connect = function guardedConnect(this: net.Socket, ...args: unknown[]) {
  const host = destination(args);
  if (host !== undefined && !isLoopback(host)) {
    const err = refuse(host);
    process.nextTick(() => this.destroy(err));
    return this;
  }
  return connect.apply(this, args);
} as typeof net.Socket.prototype.connect;

const lookup = dns.lookup as (...args: unknown[]) => void;
dns.lookup = function guardedLookup(hostname: string, ...rest: unknown[]) {
  if (!isLoopback(hostname)) {
    const callback = rest.at(-1) as (err: Error) => void;
    const err = refuse(`${hostname} (DNS lookup)`);
    process.nextTick(() => callback(err));
    return;
  }
  return lookup.call(dns, hostname, ...rest);
} as typeof dns.lookup;

const lookupAsync = dns.promises.lookup;
dns.promises.lookup = (async (hostname: string, ...rest: unknown[]) => {
  if (!isLoopback(hostname)) throw refuse(`${hostname} (DNS lookup)`);
  return (lookupAsync as (...a: unknown[]) => unknown)(hostname, ...rest);
}) as typeof dns.promises.lookup;
