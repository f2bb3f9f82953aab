import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkArea, checkPoint, findSelfIntersection } from '../../../src-shared/domain/area-check.ts';
import { wgs84ToGcj02 } from '../../../src-shared/domain/gcj02.ts';
import { square } from './fixtures.ts';

const poly = (ring: unknown) => ({ type: 'Polygon', coordinates: [ring] });

test('a closed square in Jinan passes and keeps [lon, lat] only', () => {
  const ring = square(117.02, 36.65).map(([x, y]) => [x!, y!, 12]);
  const r = checkArea(poly(ring));
  assert.deepEqual(r.problems, []);
  assert.deepEqual((r.geometry!.coordinates as number[][][])[0]![1], [117.03, 36.65]);
});

test('every kind of broken geometry is named with its path', () => {
  const reasons = (g: unknown) => checkArea(g).problems.map((p) => `${p.path}: ${p.reason}`);
  assert.match(reasons(null)[0]!, /^geometry: missing/);
  assert.match(reasons({ type: 'Point', coordinates: [117, 36] })[0]!, /^geometry.type: must be Polygon or MultiPolygon/);
  assert.match(reasons({ type: 'Polygon', coordinates: [] })[0]!, /non-empty/);
  const open = square(117.02, 36.65).slice(0, 4);
  assert.match(reasons(poly(open))[0]!, /geometry.coordinates\[0\]: the ring is not closed/);
  assert.match(reasons(poly([[117, 36], [117.1, 36], [117, 36]]))[0]!, /at least 4 positions/);
  assert.match(reasons(poly([[117, 36], [117.1, 'x'], [117.1, 36.1], [117, 36]]))[0]!, /geometry.coordinates\[0\]\[1\]: a position must be \[lon, lat\] with finite numbers/);
  assert.match(reasons(poly([[117, 36], [Infinity, 36], [117.1, 36.1], [117, 36]]))[0]!, /finite/);
  const swapped = square(36.65, 117.02);
  const outside = reasons(poly(swapped));
  assert.equal(outside.length, 1, 'one problem per ring, not one per position');
  assert.match(outside[0]!, /outside China.*swapped/);
  assert.match(reasons(poly([[117, 36], [117.1, 36], [117.2, 36], [117, 36]]))[0]!, /no area/);
  const bowtie = [[117, 36], [117.1, 36.1], [117.1, 36], [117, 36.1], [117, 36]];
  assert.match(reasons(poly(bowtie))[0]!, /crosses itself \(edges 0 and 2\)/);
  const multi = { type: 'MultiPolygon', coordinates: [[square(117, 36)], [open]] };
  assert.match(reasons(multi)[0]!, /^geometry.coordinates\[1\]\[0\]: the ring is not closed/);
});

test('self-intersection: a square has none, a figure eight has one, touching at a vertex counts', () => {
  assert.equal(findSelfIntersection(square(0, 0, 1) as [number, number][]), null);
  assert.deepEqual(findSelfIntersection([[0, 0], [2, 0], [2, 2], [1, 0], [0, 2], [0, 0]] as [number, number][]), [0, 2]);
});

test('GCJ-02 coordinates are converted to WGS-84 on request', () => {
  const wgs = [117.02, 36.65];
  const gcj = wgs84ToGcj02(wgs[0]!, wgs[1]!);
  const p = checkPoint(gcj[0], gcj[1], true)!;
  assert.ok(Math.abs(p[0] - wgs[0]!) < 1e-6 && Math.abs(p[1] - wgs[1]!) < 1e-6, `${p}`);
  assert.notDeepEqual(checkPoint(gcj[0], gcj[1], false), p);
  const ring = square(117.02, 36.65).map(([x, y]) => wgs84ToGcj02(x!, y!));
  const r = checkArea(poly(ring), { gcj02: true });
  assert.deepEqual(r.problems, []);
  const first = (r.geometry!.coordinates as number[][][])[0]![0]!;
  assert.ok(Math.abs(first[0]! - 117.02) < 1e-6 && Math.abs(first[1]! - 36.65) < 1e-6);
  assert.equal(checkPoint(2.35, 48.85, false), null, 'Paris is not in the district');
});
