/** Hostile inputs for fuzzing: values an attacker, a broken client or a bad CSV export would send. */
import fc from 'fast-check';

export const HOSTILE_STRINGS: string[] = [
  // SQL
  "' OR '1'='1", "1; DROP TABLE leads; --", "' UNION SELECT key_hash FROM api_keys --", '") OR 1=1 --', "'::uuid", '$1', '%', '_', '\\', '%%_\\%',
  // HTML, templates, paths
  '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '{{7*7}}', '${7*7}', '../../../etc/passwd', '..%2F..%2F', 'file:///etc/passwd',
  'http://169.254.169.254/latest/meta-data/',
  // prototype pollution and JS names
  '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty',
  // numbers and words that parsers love
  'null', 'undefined', 'NaN', 'Infinity', '-Infinity', '-1', '-0', '0', '1e308', '1e-400', '0x1F', '9'.repeat(400),
  // ids
  '00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff', '7b0e1c1c-6a0b-4c8f-9a3e-zzzzzzzzzzzz',
  '7B0E1C1C-6A0B-4C8F-9A3E-0123456789AB', '{7b0e1c1c-6a0b-4c8f-9a3e-0123456789ab}', '7b0e1c1c6a0b4c8f9a3e0123456789ab', '-'.repeat(36),
  // unicode
  '\u0000', 'a\u0000b', '\ud800', '\udfff', 'x\ud83d', '\u202eevil', '\ufeff', '\u200b', 'Zoë Siobhán Ní Dhuibhir', '😀'.repeat(300),
  'ß'.repeat(1000), '\u0301'.repeat(100), '\n\r\t\v\f', '\u2028\u2029',
  // sizes
  '', ' ', 'x'.repeat(255), 'x'.repeat(256), 'x'.repeat(10_000), 'x'.repeat(200_000),
  // cursors and encodings
  Buffer.from('{"c":"0000-01-01T00:00:00Z","i":"00000000-0000-0000-0000-000000000000"}').toString('base64url'),
  Buffer.from('{"c":"-100000-01-01T00:00:00Z","i":"00000000-0000-4000-8000-000000000000"}').toString('base64url'),
  Buffer.from('{"c":"2024-01-01T23:59:60Z","i":"00000000-0000-4000-8000-000000000000"}').toString('base64url'),
  Buffer.from('{"c":"2024-01-01T00:00:00Z","i":"------------------------------------"}').toString('base64url'),
  Buffer.from('{"c":{"$gt":""},"i":["x"]}').toString('base64url'), Buffer.from('[]').toString('base64url'), 'eyJ', '====',
  '0000-01-01T00:00:00Z', '2024-01-01T23:59:60Z', '9999-12-31T23:59:59.999Z', '2024-02-30T00:00:00Z', '1970-01-01T00:00:00+14:00',
  // dates at the edges of time: year 0, the last day of 9999 (whose next day PostgreSQL's text
  // cannot hold), year 10000 and the expanded years JavaScript writes past it
  '0000-06-15T12:00:00Z', '0001-01-01T00:00:00Z', '9999-12-31T00:00:00.001Z', '9999-12-31T23:59:59Z', '9999-12-31T23:59:59+00:00',
  '9999-12-31T23:59:59-14:00', '10000-01-01T00:00:00Z', '+010000-01-01T00:00:00.000Z', '+200000-01-01T00:00:00Z', '-000001-01-01T00:00:00Z',
  // cursors of both kinds (leads: c, deliveries: a) holding those dates
  ...['0000-01-01T00:00:00Z', '+200000-01-01T00:00:00Z', '9999-12-31T23:59:59.999Z', '+010000-01-01T00:00:00.000Z'].flatMap((d) => [
    Buffer.from(JSON.stringify({ c: d, i: '00000000-0000-4000-8000-000000000000' })).toString('base64url'),
    Buffer.from(JSON.stringify({ a: d, i: '00000000-0000-4000-8000-000000000000' })).toString('base64url'),
  ]),
];

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...HOSTILE_STRINGS), weight: 6 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 2 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }), weight: 1 },
);

const parse = (text: string) => JSON.parse(text) as unknown;

/** Nested `depth` levels: arrays or objects. */
export const nested = (depth: number, kind: 'array' | 'object') =>
  kind === 'array' ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

export const hostileJson: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: hostileString, weight: 4 },
  {
    arbitrary: fc.constantFrom<unknown>(
      null, true, false, 0, -1, 1.5, -1e308, 1e308, 2 ** 53 + 1, Number.MIN_VALUE, [], {}, [null], [[]], { '': '' },
      parse('{"__proto__": {"polluted": true}}'),
      parse('{"constructor": {"prototype": {"polluted": true}}}'),
      parse(nested(40, 'array')),
      parse(nested(40, 'object')),
      Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`k${i}`, i])),
      Array.from({ length: 2_000 }, (_, i) => i),
      // huge nested attributes: wide, long, and a large array of small arrays (each under 1 MiB)
      Object.fromEntries(Array.from({ length: 3_003 }, (_, i) => [`key_${i}`, 'v'])),
      { list: Array.from({ length: 50_000 }, (_, i) => [i, [i]]) },
      { a: { b: { c: 'x'.repeat(40_000) } } },
    ),
    weight: 3,
  },
  { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 2 },
);

/** Bodies that are not the JSON they claim to be, or JSON with a twist (duplicate keys, BOM). */
export function rawBodyVariants(validJson: string): fc.Arbitrary<string> {
  const obj = validJson.startsWith('{') && validJson.length > 2;
  const inner = obj ? validJson.slice(1, -1) : '';
  const firstKey = obj ? /^"((?:[^"\\]|\\.)*)"/.exec(inner)?.[1] : undefined;
  return fc.oneof(
    fc.constantFrom(
      '', ' ', '{', '}', '{"', 'null', '[]', '"x"', '1', 'true', '{"a":1}{"b":2}', '{"a":1,}', "{'a':1}", '{"a":NaN}', '{"a":1e999999}',
      '{"a":"\u0000"}', '{"a":"\\u0000"}', '{"a":"\\ud800"}', '{"__proto__":{"polluted":true}}', '{"constructor":{"prototype":{"polluted":true}}}',
      nested(100_000, 'array'), nested(20_000, 'object'), `{"a":${'1'.repeat(5000)}}`,
    ),
    fc.constant(`\ufeff${validJson}`),
    fc.constant(`${validJson} trailing`),
    fc.constant(`${validJson}\n`),
    // Numbers JSON.parse turns into Infinity, in the first field and as a budget.
    fc.constant(obj ? `{${inner},"${firstKey ?? 'x'}":1e309}` : validJson),
    fc.constant(obj ? `{${inner},"budget":-1e309}` : validJson),
    fc.constant(validJson.slice(0, Math.floor(validJson.length / 2))),
    // Duplicate keys: the hostile value first (the valid one wins), or last (the hostile one wins).
    hostileJson.map((v) => (obj ? `{"${firstKey ?? 'x'}":${JSON.stringify(v)},${inner}}` : validJson)),
    hostileJson.map((v) => (obj ? `{${inner},"${firstKey ?? 'x'}":${JSON.stringify(v)}}` : validJson)),
    fc.constantFrom('__proto__', 'constructor', 'prototype', 'company_id', 'id', 'quality_score', 'created_at', 'secret', 'key_hash').chain((k) =>
      hostileJson.map((v) => (obj ? `{${inner},"${k}":${JSON.stringify(v)}}` : `{"${k}":${JSON.stringify(v)}}`)),
    ),
  );
}

export const CONTENT_TYPES = [
  'application/json; charset=utf-8', 'APPLICATION/JSON', 'application/json;charset=latin1', 'application/json; charset=utf-16',
  'text/plain', 'text/html', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=xyz', 'application/xml',
  'application/merge-patch+json', 'application/vnd.api+json', 'application/octet-stream', '*/*', 'application/jsonx', 'json',
  'application/json; charset=UTF-16LE', 'application/json; charset="utf-32"', 'application/json; charset=iso-8859-1',
  'application/json;charset=windows-1252', 'application/json; charset=utf8', 'application/json; charset=', 'application/json; charset="UTF-8"',
];
