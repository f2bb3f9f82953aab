import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gcj02ToWgs84, wgs84ToGcj02 } from '../../../src-shared/domain/gcj02.ts';

// Published test points of the GCJ-02 transform (wgsLat, wgsLng, gcjLat, gcjLng).
const POINTS: Array<[number, number, number, number]> = [
  [31.1774276, 121.5272106, 31.17530398364597, 121.531541859215], // Shanghai
  [22.543847, 113.912316, 22.540796131694766, 113.9171764808363], // Shenzhen
  [39.911954, 116.377817, 39.91334545536069, 116.38404722455657], // Beijing
];

test('WGS-84 → GCJ-02 matches the published points', () => {
  for (const [wLat, wLon, gLat, gLon] of POINTS) {
    const [lon, lat] = wgs84ToGcj02(wLon, wLat);
    assert.ok(Math.abs(lon - gLon) < 1e-9 && Math.abs(lat - gLat) < 1e-9, `${lon},${lat}`);
  }
});

test('GCJ-02 → WGS-84 inverts it to well under a metre', () => {
  for (const [wLat, wLon, gLat, gLon] of POINTS) {
    const [lon, lat] = gcj02ToWgs84(gLon, gLat);
    assert.ok(Math.abs(lon - wLon) < 1e-7 && Math.abs(lat - wLat) < 1e-7, `${lon},${lat}`);
  }
});

test('in Jinan the shift is a few hundred metres, and nothing moves outside China', () => {
  const [lon, lat] = gcj02ToWgs84(117.07, 36.66);
  const dx = (117.07 - lon) * 111.32 * Math.cos((36.66 * Math.PI) / 180);
  const dy = (36.66 - lat) * 111.32;
  const km = Math.hypot(dx, dy);
  assert.ok(km > 0.2 && km < 0.8, `${km} km`);
  assert.deepEqual(gcj02ToWgs84(2.35, 48.85), [2.35, 48.85]);
});
