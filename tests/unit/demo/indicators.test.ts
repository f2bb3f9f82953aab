import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IndicatorReport } from '../../../src-shared/sfp/schemas.ts';
import { branchIndicatorReport, DEMO_INDICATORS, monthIndex, periodOf } from '../../../src-main/demo/indicators.ts';
import { renderAlertSnapshot, renderAlertSnapshotSvg } from '../../../src-main/demo/snapshot-svg.ts';
import { createRandom } from '../../../src-main/demo/random.ts';

const branches = Array.from({ length: 60 }, (_, i) => ({ orgId: `org-3701020010020${String(i).padStart(2, '0')}`, members: 20 + i, households: 300 + 15 * i }));
const months = Array.from({ length: 12 }, (_, i) => periodOf(monthIndex('2025-11') + i));

test('month periods convert both ways', () => {
  assert.equal(periodOf(monthIndex('2026-01')), '2026-01');
  assert.equal(monthIndex('2026-01') - monthIndex('2025-12'), 1);
  assert.deepEqual(months.slice(0, 3), ['2025-11', '2025-12', '2026-01']);
});

test('a branch report is valid, carries every indicator key, and is the same for the same seed', () => {
  const r = branchIndicatorReport(1, branches[0]!, '2026-03');
  assert.ok(IndicatorReport.safeParse(r).success);
  assert.deepEqual(Object.keys(r.values).sort(), DEMO_INDICATORS.map((d) => d.key).sort());
  assert.deepEqual(branchIndicatorReport(1, branches[0]!, '2026-03'), r);
  assert.notDeepEqual(branchIndicatorReport(2, branches[0]!, '2026-03').values, r.values);
  for (const b of branches)
    for (const period of months) {
      const v = branchIndicatorReport(1, b, period).values;
      for (const k of ['dues_on_time_share', 'members_reporting_share']) assert.ok(v[k]! >= 0 && v[k]! <= 1, `${k} ${v[k]}`);
      assert.ok(v['micro_wishes_done']! <= v['micro_wishes_received']!);
      assert.ok(v['station_open_days']! <= 31 && v['satisfaction_survey']! <= 100);
      for (const x of Object.values(v)) assert.ok(Number.isFinite(x) && x >= 0);
    }
});

test('branches improve slightly over a year, on average', () => {
  const mean = (period: string, key: string): number => branches.reduce((a, b) => a + branchIndicatorReport(1, b, period).values[key]!, 0) / branches.length;
  for (const key of ['members_reporting_share', 'volunteer_hours', 'micro_wishes_done', 'activities']) {
    const first = mean(months[0]!, key);
    const last = mean(months[11]!, key);
    assert.ok(last > first, `${key}: ${first} → ${last}`);
    assert.ok(last < first * 1.6, `${key}: only slightly`);
  }
});

test('an alert snapshot is a small SVG camera frame with the kind, the camera and the time, escaped', () => {
  const svg = renderAlertSnapshotSvg({ kind: 'street-vending', label: '占道经营', cameraName: '泉城路<芙蓉街>路口', time: '2026-11-23 08:01:02', confidence: 0.87 }, createRandom(3));
  assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  assert.ok(svg.includes('占道经营 87%'));
  assert.ok(svg.includes('泉城路&#60;芙蓉街&#62;路口'), 'camera names are escaped');
  assert.ok(svg.includes('2026-11-23 08:01:02'));
  for (const kind of ['crowd', 'fire-smoke', 'illegal-parking', 'street-vending', 'garbage-overflow', 'intrusion', 'fall', 'flood', 'unknown-kind']) {
    for (let seed = 0; seed < 20; seed++) {
      const uri = renderAlertSnapshot({ kind, label: '测试标签', cameraName: '某某社区小区南门摄像机', time: '2026-11-23 08:01:02', confidence: 0.99 }, createRandom(seed));
      assert.ok(uri.startsWith('data:image/svg+xml;base64,'));
      assert.ok(uri.length < 8 * 1024, `${kind}: ${uri.length} bytes`);
    }
  }
});
