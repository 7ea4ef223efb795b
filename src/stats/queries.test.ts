import assert from 'node:assert/strict';
import { test } from 'node:test';
import { splitRange } from './queries.ts';

const at = (iso: string) => new Date(iso);

test('splitRange: whole UTC days go to the rollup, partial edges to the leads table', () => {
  const cases: [string, Date | undefined, Date | undefined, ReturnType<typeof splitRange>][] = [
    ['unbounded', undefined, undefined, { days: { first: undefined, endExclusive: undefined }, edges: [] }],
    ['midnight to last ms of a day', at('2026-03-01T00:00:00.000Z'), at('2026-03-03T23:59:59.999Z'),
      { days: { first: '2026-03-01', endExclusive: '2026-03-04' }, edges: [] }],
    ['mid-day edges', at('2026-03-01T10:00:00.000Z'), at('2026-03-04T09:00:00.000Z'),
      { days: { first: '2026-03-02', endExclusive: '2026-03-04' }, edges: [
        { start: at('2026-03-01T10:00:00.000Z'), end: at('2026-03-02T00:00:00.000Z') },
        { start: at('2026-03-04T00:00:00.000Z'), end: at('2026-03-04T09:00:00.001Z') },
      ] }],
    ['to exactly at midnight counts that instant', at('2026-03-01T00:00:00.000Z'), at('2026-03-02T00:00:00.000Z'),
      { days: { first: '2026-03-01', endExclusive: '2026-03-02' }, edges: [
        { start: at('2026-03-02T00:00:00.000Z'), end: at('2026-03-02T00:00:00.001Z') },
      ] }],
    ['inside one day', at('2026-03-01T10:00:00.000Z'), at('2026-03-01T11:00:00.000Z'),
      { days: null, edges: [{ start: at('2026-03-01T10:00:00.000Z'), end: at('2026-03-01T11:00:00.001Z') }] }],
    ['across one midnight, no whole day', at('2026-03-01T10:00:00.000Z'), at('2026-03-02T11:00:00.000Z'),
      { days: null, edges: [{ start: at('2026-03-01T10:00:00.000Z'), end: at('2026-03-02T11:00:00.001Z') }] }],
    ['from only', at('2026-03-01T10:00:00.000Z'), undefined,
      { days: { first: '2026-03-02', endExclusive: undefined }, edges: [
        { start: at('2026-03-01T10:00:00.000Z'), end: at('2026-03-02T00:00:00.000Z') },
      ] }],
    ['to only', undefined, at('2026-03-01T10:00:00.000Z'),
      { days: { first: undefined, endExclusive: '2026-03-01' }, edges: [
        { start: at('2026-03-01T00:00:00.000Z'), end: at('2026-03-01T10:00:00.001Z') },
      ] }],
    ['from after to is empty', at('2026-03-02T00:00:00.000Z'), at('2026-03-01T00:00:00.000Z'), { days: null, edges: [] }],
  ];
  for (const [name, from, to, expected] of cases) assert.deepEqual(splitRange(from, to), expected, name);
});
