// The briefing map's projection: the district fills the width, north is up, points outside the
// district's box are left out and red ones are drawn last (on top).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pointPaths, svgMap } from '../../../src-renderer/briefing/map-svg.ts';
import type { Boundaries, BoundaryFeature } from '../../../src-shared/api.ts';

const square = (id: string, level: BoundaryFeature['properties']['level'], w: number, s: number, e: number, n: number): BoundaryFeature => ({
  type: 'Feature',
  properties: { id, name: id, level, approximate: level !== 'district' },
  geometry: { type: 'Polygon', coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] },
});

const B: Boundaries = {
  district: square('d', 'district', 117, 36.6, 117.2, 36.7),
  streets: [square('s1', 'street', 117, 36.6, 117.1, 36.7), { ...square('s2', 'street', 117.1, 36.6, 117.2, 36.7), geometry: { type: 'MultiPolygon', coordinates: [[[[117.1, 36.6], [117.2, 36.6], [117.2, 36.7], [117.1, 36.7], [117.1, 36.6]]]] } }],
  communities: [],
  bbox: [117, 36.6, 117.2, 36.7],
  source: 'test',
};

test('projects the district into the box, north up, with street labels at their centres', () => {
  const m = svgMap(B, { total: 3, lon: [117.15, 117.05, 118], lat: [36.65, 36.69, 36.65], severity: [0, 2, 1], closed: [0, 1, 0] }, 1000, 10);
  assert.equal(m.width, 1000);
  const k = Math.cos((36.65 * Math.PI) / 180);
  assert.equal(m.height, Math.round((0.1 * 980) / (0.2 * k) + 20));
  assert.ok(m.district.d.startsWith('M10.0,'));
  assert.equal(m.streets.length, 2);
  assert.ok(m.streets[1]!.d.startsWith('M'));
  // s1's label sits in the middle of its left half
  assert.ok(Math.abs(m.labels[0]!.x - (10 + 245)) < 0.01);
  assert.ok(Math.abs(m.labels[0]!.y - m.height / 2) < 0.5);
  // the point at lon 118 is outside: left out; the red one comes last
  assert.equal(m.points.length, 2);
  assert.deepEqual(m.points.map((p) => [p.severity, p.closed]), [[2, true], [0, false]]);
  // north up: the point at 36.69 is higher (smaller y) than the one at 36.65
  assert.ok(m.points[0]!.y < m.points[1]!.y);
  assert.equal(m.approximate, true);
});

test('the points become one path per severity and state, green first and red last', () => {
  const pts = [
    { x: 10, y: 10, severity: 0, closed: false },
    { x: 20, y: 20, severity: 2, closed: true },
    { x: 30, y: 30, severity: 0, closed: false },
    { x: 40, y: 40, severity: 1, closed: false },
  ];
  const paths = pointPaths(pts, 2);
  assert.deepEqual(paths.map((p) => [p.severity, p.closed]), [[2, true], [1, false], [0, false]]);
  assert.equal(paths[2]!.d, 'M8.0,10.0a2,2 0 1,0 4,0a2,2 0 1,0 -4,0M28.0,30.0a2,2 0 1,0 4,0a2,2 0 1,0 -4,0');
});
