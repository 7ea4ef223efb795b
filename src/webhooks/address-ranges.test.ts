import assert from 'node:assert/strict';
import { test } from 'node:test';
import { blockedRange } from './address-ranges.ts';

test('private, loopback, link-local, CGNAT, metadata and IPv6-local addresses are refused', () => {
  const refused = [
    '0.0.0.0', '0.1.2.3', '10.0.0.1', '10.255.255.255', '100.64.0.1', '100.127.255.254', '100.100.100.200',
    '127.0.0.1', '127.1.2.3', '169.254.169.254', '169.254.0.1', '172.16.0.1', '172.31.255.255', '192.168.1.1',
    '192.0.0.8', '198.18.0.1', '224.0.0.1', '239.255.255.250', '255.255.255.255', '240.0.0.1',
    '::', '::1', '::127.0.0.1', '::ffff:127.0.0.1', '::ffff:10.0.0.1', '::ffff:8.8.8.8', '64:ff9b::a00:1',
    'fc00::1', 'fd00:ec2::254', 'fe80::1', 'fe80::1234:5678', 'ff02::1', '2002:7f00:1::', 'fec0::1',
    'not-an-ip', '',
  ];
  for (const ip of refused) assert.ok(blockedRange(ip), `${ip} should be refused`);
});

test('public addresses pass', () => {
  const allowed = ['8.8.8.8', '1.1.1.1', '93.184.216.34', '100.63.255.255', '100.128.0.0', '172.15.255.255', '172.32.0.0',
    '169.253.255.255', '11.0.0.1', '2606:4700:4700::1111', '2001:4860:4860::8888', '2a00:1450:4009:81f::200e'];
  for (const ip of allowed) assert.equal(blockedRange(ip), null, `${ip} should pass`);
});

test('the reason names the kind of address', () => {
  assert.match(blockedRange('127.0.0.1')!, /loopback/);
  assert.match(blockedRange('169.254.169.254')!, /metadata/);
  assert.match(blockedRange('100.64.1.1')!, /carrier-grade NAT/);
  assert.match(blockedRange('fd12::1')!, /unique-local/);
});
