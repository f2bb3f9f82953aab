import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRandom } from '../../../src-main/demo/random.ts';
import { HOURLY_PROFILE, burstWindow, nextArrival, nextShanghaiMidnight, rateAt, shanghaiHour, shanghaiMinuteOfDay, type RateModel } from '../../../src-main/demo/rates.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// 2026-11-23 00:00 in Shanghai.
const MIDNIGHT = Date.parse('2026-11-23T00:00:00+08:00');

function arrivalsByHour(model: RateModel, days: number, seed = 7): number[] {
  const rnd = createRandom(seed);
  const counts = new Array<number>(24).fill(0);
  for (let t = nextArrival(rnd, model, MIDNIGHT); t < MIDNIGHT + days * DAY; t = nextArrival(rnd, model, t)) counts[shanghaiHour(t)]!++;
  return counts;
}

test('the hourly profile averages 1 over a day, quiet at night and peaking mid-morning and mid-afternoon', () => {
  const mean = HOURLY_PROFILE.reduce((a, b) => a + b, 0) / 24;
  assert.ok(Math.abs(mean - 1) < 1e-9);
  const night = Math.max(...HOURLY_PROFILE.slice(0, 6));
  assert.ok(night < 0.35);
  assert.ok(HOURLY_PROFILE[10]! > 1.5 && HOURLY_PROFILE[15]! > 1.4);
  assert.ok(HOURLY_PROFILE[10]! > HOURLY_PROFILE[13]! && HOURLY_PROFILE[15]! > HOURLY_PROFILE[13]!);
});

test('Shanghai clock helpers work in +08:00 whatever the machine zone', () => {
  assert.equal(shanghaiHour(Date.parse('2026-11-23T09:30:00+08:00')), 9);
  assert.equal(shanghaiHour(Date.parse('2026-11-23T23:59:00Z')), 7);
  assert.equal(shanghaiMinuteOfDay(Date.parse('2026-11-23T01:02:00+08:00')), 62);
  assert.equal(nextShanghaiMidnight(Date.parse('2026-11-23T10:00:00+08:00')), Date.parse('2026-11-24T00:00:00+08:00'));
  assert.equal(nextShanghaiMidnight(MIDNIGHT), MIDNIGHT + DAY);
});

test('arrivals follow the day/night rhythm and the daily rate', () => {
  const days = 40;
  const counts = arrivalsByHour({ perDay: 2500, rhythm: 1 }, days);
  const total = counts.reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(total / days - 2500) < 2500 * 0.03, `${total / days} a day`);
  const night = (counts.slice(0, 6).reduce((a, b) => a + b, 0) / 6);
  const morningPeak = (counts.slice(9, 12).reduce((a, b) => a + b, 0) / 3);
  const afternoonPeak = (counts.slice(14, 18).reduce((a, b) => a + b, 0) / 4);
  assert.ok(night < 0.2 * morningPeak, `night ${night} vs peak ${morningPeak}`);
  assert.ok(afternoonPeak > 1.5 * counts[22]!, 'afternoon busier than late evening');
  // Each hour within 10 % of what the profile says.
  for (let h = 0; h < 24; h++) {
    const expected = (2500 * days * HOURLY_PROFILE[h]!) / 24;
    assert.ok(Math.abs(counts[h]! - expected) < expected * 0.1 + 30, `hour ${h}: ${counts[h]} vs ${expected}`);
  }
});

test('a flat model ignores the hour of day', () => {
  const counts = arrivalsByHour({ perDay: 2400, rhythm: 0 }, 20);
  for (const c of counts) assert.ok(Math.abs(c - 2000) < 250, String(c));
});

test('a burst multiplies the rate inside its window only', () => {
  const burst = burstWindow({ startInMinutes: 10 * 60, durationMinutes: 120, factor: 20 }, MIDNIGHT);
  assert.deepEqual(burst, { fromMs: MIDNIGHT + 10 * HOUR, toMs: MIDNIGHT + 12 * HOUR, factor: 20 });
  const model: RateModel = { perDay: 2500, rhythm: 1, burst };
  assert.equal(rateAt(model, MIDNIGHT + 11 * HOUR), 20 * rateAt({ perDay: 2500, rhythm: 1 }, MIDNIGHT + 11 * HOUR));
  assert.equal(rateAt(model, MIDNIGHT + 12 * HOUR), rateAt({ perDay: 2500, rhythm: 1 }, MIDNIGHT + 12 * HOUR));
  const counts = arrivalsByHour(model, 1);
  const inBurst = counts[10]! + counts[11]!;
  const expected = (20 * 2500 * (HOURLY_PROFILE[10]! + HOURLY_PROFILE[11]!)) / 24;
  assert.ok(Math.abs(inBurst - expected) < expected * 0.1, `${inBurst} in the burst, expected about ${expected}`);
  assert.ok(inBurst > 4000, 'a storm of thousands');
  assert.throws(() => burstWindow({ startInMinutes: 0, durationMinutes: 0, factor: 2 }, MIDNIGHT), RangeError);
});

test('no arrival at a zero rate', () => {
  assert.equal(nextArrival(createRandom(1), { perDay: 0, rhythm: 1 }, MIDNIGHT, 2 * DAY), Number.POSITIVE_INFINITY);
});

test('the seeded generator repeats itself for a seed and differs between seeds', () => {
  const a = createRandom(42), b = createRandom(42), c = createRandom(43);
  const sa = Array.from({ length: 20 }, () => a.next());
  assert.deepEqual(sa, Array.from({ length: 20 }, () => b.next()));
  assert.notDeepEqual(sa, Array.from({ length: 20 }, () => c.next()));
  for (const x of sa) assert.ok(x >= 0 && x < 1);
  const f1 = createRandom(42).fork('x'), f2 = createRandom(42).fork('x'), f3 = createRandom(42).fork('y');
  assert.equal(f1.next(), f2.next());
  assert.notEqual(createRandom(42).fork('x').next(), f3.next());
  const r = createRandom(5);
  for (let i = 0; i < 200; i++) {
    const n = r.int(3, 7);
    assert.ok(Number.isInteger(n) && n >= 3 && n <= 7);
  }
  assert.equal(r.weighted(['a', 'b'], [0, 1]), 'b');
  assert.throws(() => r.pick([]), /empty/);
});
