/**
 * The SSRF guard for customer URLs: only http(s); the host is resolved and every address checked
 * (./address-ranges.ts). At delivery the check runs inside the socket's own DNS lookup, so the
 * connection goes to the very address that was checked: a DNS answer that changes between check
 * and connect (rebinding) cannot slip through.
 */
import dns from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { blockedRange } from './address-ranges.ts';

export interface ResolvedAddress {
  address: string;
  family: number;
}
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolver: Resolver = (hostname) => dns.promises.lookup(hostname, { all: true, verbatim: true });

/** A URL the guard refuses; the message is safe to show the customer. */
export class BlockedUrlError extends Error {
  override name = 'BlockedUrlError';
}

const ALLOW_HINT = 'private addresses are refused unless the operator sets WEBHOOK_ALLOW_PRIVATE_URLS=true';

/** Parses and checks a URL's shape: http(s), a host, no credentials. */
export function parseWebhookUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new BlockedUrlError('is not a valid URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new BlockedUrlError('must use http or https');
  if (!url.hostname) throw new BlockedUrlError('must name a host');
  // Credentials in a URL end up in logs and the dashboard; receivers verify our signature instead.
  if (url.username || url.password) throw new BlockedUrlError('must not contain a user name or password');
  return url;
}

/** The host of a URL as DNS or an IP literal sees it ([::1] → ::1). */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

/** Refuses an address list containing any non-public address. */
export function assertPublic(host: string, addresses: ResolvedAddress[]): void {
  if (addresses.length === 0) throw new BlockedUrlError(`host ${host} has no address`);
  for (const { address } of addresses) {
    const why = blockedRange(address);
    if (why) {
      const shown = address === host ? address : `${host} resolves to ${address}`;
      throw new BlockedUrlError(`${shown}, ${why}; ${ALLOW_HINT}`);
    }
  }
}

/** Resolves the URL's host and checks every address (used when a subscription is created). */
export async function checkUrlTarget(url: URL, resolve: Resolver = systemResolver): Promise<void> {
  const host = hostOf(url);
  if (isIP(host)) return assertPublic(host, [{ address: host, family: isIP(host) }]);
  let addresses: ResolvedAddress[];
  try {
    addresses = await resolve(host);
  } catch {
    throw new BlockedUrlError(`host ${host} could not be resolved`);
  }
  assertPublic(host, addresses);
}

/**
 * A `lookup` for http(s).Agent that refuses non-public answers. Node asks with `all: true` when it
 * races IPv4 and IPv6 (autoSelectFamily), otherwise for one address; both are checked the same.
 */
export function guardedLookup(resolve: Resolver = systemResolver): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (addresses) => {
        const family = options.family === 4 || options.family === 6 ? options.family : 0;
        const wanted = family ? addresses.filter((a) => a.family === family) : addresses;
        try {
          assertPublic(hostname, addresses);
        } catch (err) {
          return callback(err as Error, '', 0);
        }
        if (wanted.length === 0) return callback(new BlockedUrlError(`host ${hostname} has no IPv${family} address`), '', 0);
        if (options.all) return (callback as unknown as (e: null, a: ResolvedAddress[]) => void)(null, wanted);
        callback(null, wanted[0]!.address, wanted[0]!.family);
      },
      (err: Error) => callback(err, '', 0),
    );
  };
}
