import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatShanghaiIso, shanghaiDateKey } from '../../../src-shared/domain/time.ts';

test('formats a UTC instant as Shanghai time with an explicit +08:00 offset', () => {
  assert.equal(formatShanghaiIso(new Date('2026-11-23T00:01:02.123Z')), '2026-11-23T08:01:02.123+08:00');
});

test('rolls over to the next Shanghai day, month and year after 16:00 UTC', () => {
  assert.equal(formatShanghaiIso(new Date('2026-12-31T16:00:00.000Z')), '2027-01-01T00:00:00.000+08:00');
  assert.equal(shanghaiDateKey(new Date('2026-12-31T16:00:00.000Z')), '20270101');
  assert.equal(shanghaiDateKey(new Date('2026-12-31T15:59:59.999Z')), '20261231');
});

test('pads milliseconds and small fields', () => {
  assert.equal(formatShanghaiIso(new Date('2026-01-02T03:04:05.007Z')), '2026-01-02T11:04:05.007+08:00');
});

test('the formatted time parses back to the same instant', () => {
  const d = new Date('2026-07-15T21:43:10.999Z');
  assert.equal(Date.parse(formatShanghaiIso(d)), d.getTime());
});

test('refuses an invalid date', () => {
  assert.throws(() => formatShanghaiIso(new Date('nope')), RangeError);
});
