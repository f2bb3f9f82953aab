// Briefing periods in Shanghai time, whatever the machine's zone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { daysOf, parseShanghaiDay, periodOf, previousPeriod, relativeChange, shanghaiDay } from '../../../src-shared/domain/briefing-period.ts';

const t = (s: string): number => Date.parse(s);

test('today, this week (from Monday) and this month follow the Shanghai calendar', () => {
  // 2026-11-23 01:30 in Shanghai is still 2026-11-22 in UTC
  const now = t('2026-11-23T01:30:00+08:00');
  assert.deepEqual(periodOf('today', now), { kind: 'today', from: t('2026-11-23T00:00:00+08:00'), to: t('2026-11-24T00:00:00+08:00') });
  assert.deepEqual(periodOf('week', now), { kind: 'week', from: t('2026-11-23T00:00:00+08:00'), to: t('2026-11-30T00:00:00+08:00') });
  assert.deepEqual(periodOf('week', t('2026-11-29T23:59:00+08:00')).from, t('2026-11-23T00:00:00+08:00'));
  assert.deepEqual(periodOf('month', now), { kind: 'month', from: t('2026-11-01T00:00:00+08:00'), to: t('2026-12-01T00:00:00+08:00') });
  assert.deepEqual(periodOf('month', t('2026-12-31T23:00:00+08:00')).to, t('2027-01-01T00:00:00+08:00'));
  assert.throws(() => periodOf('custom', now, { from: 5, to: 5 }), /from < to/);
});

test('the previous period has the same length and ends where the period starts', () => {
  assert.deepEqual(previousPeriod({ from: 100, to: 160 }), { from: 40, to: 100 });
});

test('days, day keys and relative change', () => {
  assert.equal(shanghaiDay(t('2026-11-22T16:00:00Z')), '2026-11-23');
  assert.equal(parseShanghaiDay('2026-11-23'), t('2026-11-23T00:00:00+08:00'));
  assert.ok(Number.isNaN(parseShanghaiDay('2026-02-30')));
  assert.ok(Number.isNaN(parseShanghaiDay('23/11/2026')));
  assert.deepEqual(daysOf({ from: t('2026-11-30T00:00:00+08:00'), to: t('2026-12-02T00:00:00+08:00') }), ['2026-11-30', '2026-12-01']);
  assert.equal(relativeChange(12, 10), 0.2);
  assert.equal(relativeChange(5, 0), null);
  assert.equal(relativeChange(null, 3), null);
});
