/**
 * Which addresses a customer's webhook URL may never reach (SSRF). Pure: the table is the policy.
 * Sources: OWASP SSRF cheat sheet, IANA special-purpose registries.
 */
import { BlockList, isIP } from 'node:net';

const RANGES: [cidr: string, label: string][] = [
  ['0.0.0.0/8', '"this network" (0.0.0.0/8)'],
  ['10.0.0.0/8', 'a private address (10.0.0.0/8)'],
  ['100.64.0.0/10', 'a carrier-grade NAT address (100.64.0.0/10)'],
  ['127.0.0.0/8', 'a loopback address'],
  ['169.254.0.0/16', 'a link-local address (cloud metadata lives at 169.254.169.254)'],
  ['172.16.0.0/12', 'a private address (172.16.0.0/12)'],
  ['192.0.0.0/24', 'an IETF protocol address (192.0.0.0/24)'],
  ['192.0.2.0/24', 'a documentation address'],
  ['192.88.99.0/24', 'a 6to4 relay address'],
  ['192.168.0.0/16', 'a private address (192.168.0.0/16)'],
  ['198.18.0.0/15', 'a benchmarking address'],
  ['198.51.100.0/24', 'a documentation address'],
  ['203.0.113.0/24', 'a documentation address'],
  ['224.0.0.0/4', 'a multicast address'],
  ['240.0.0.0/4', 'a reserved address (240.0.0.0/4, broadcast included)'],
  ['::1/128', 'a loopback address'],
  ['::/96', 'an unspecified or IPv4-compatible IPv6 address'],
  ['::ffff:0:0/96', 'an IPv4-mapped IPv6 address'],
  ['64:ff9b::/96', 'a NAT64 address (it can reach IPv4 inside)'],
  ['64:ff9b:1::/48', 'a local-use NAT64 address'],
  ['100::/64', 'a discard-only address'],
  ['2001:db8::/32', 'a documentation address'],
  ['2002::/16', 'a 6to4 address (it can reach IPv4 inside)'],
  ['fc00::/7', 'a unique-local IPv6 address (fc00::/7, cloud metadata fd00:ec2::254 included)'],
  ['fe80::/10', 'a link-local IPv6 address'],
  ['fec0::/10', 'a site-local IPv6 address'],
  ['ff00::/8', 'a multicast address'],
];

const CHECKS = RANGES.map(([cidr, label]) => {
  const [network, prefix] = cidr.split('/') as [string, string];
  const type = isIP(network) === 6 ? 'ipv6' : 'ipv4';
  const list = new BlockList();
  list.addSubnet(network, Number(prefix), type);
  return { type, list, label } as const;
});

/** Why `ip` may not be reached, or null when it is a public address. Anything unparsable is refused. */
export function blockedRange(ip: string): string | null {
  const family = isIP(ip);
  if (family === 0) return 'not an IP address';
  const type = family === 6 ? 'ipv6' : 'ipv4';
  for (const check of CHECKS) if (check.type === type && check.list.check(ip, type)) return check.label;
  return null;
}
