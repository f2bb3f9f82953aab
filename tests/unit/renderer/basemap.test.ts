import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Boundaries, BoundaryFeature } from '../../../src-shared/api.ts';
import { buildBasemapStyle, gridCollection } from '../../../src-renderer/map/basemap-style.ts';
import { featureLabelPoint, labelPoint, outsideMask, pointInPolygon, polygonsOf } from '../../../src-renderer/map/geometry.ts';
import type { PolygonRings } from '../../../src-renderer/map/geometry.ts';
import { boundaryLabels, shortPlaceName } from '../../../src-renderer/map/labels.ts';

function square(x0: number, y0: number, size: number): number[][] {
  return [
    [x0, y0],
    [x0 + size, y0],
    [x0 + size, y0 + size],
    [x0, y0 + size],
    [x0, y0],
  ];
}

function feature(id: string, name: string, level: BoundaryFeature['properties']['level'], coordinates: unknown, type: 'Polygon' | 'MultiPolygon' = 'Polygon'): BoundaryFeature {
  return { type: 'Feature', properties: { id, name, level }, geometry: { type, coordinates } };
}

const boundaries: Boundaries = {
  district: feature('370102', '历下区', 'district', [square(117, 36.6, 0.2)]),
  streets: [feature('370102012', '龙洞街道', 'street', [square(117, 36.6, 0.1)]), feature('bad', '坏数据', 'street', 'not coordinates')],
  communities: [feature('370102012001', '龙洞社区', 'community', [square(117, 36.6, 0.05)])],
  bbox: [117, 36.6, 117.2, 36.8],
  source: 'approximate demo boundaries',
};

test('the basemap style makes no network request: GeoJSON sources only, no glyphs, sprite, tiles or symbols', () => {
  const style = buildBasemapStyle(boundaries, 1.5, gridCollection([]));
  const json = JSON.stringify(style);
  assert.equal('glyphs' in style, false);
  assert.equal('sprite' in style, false);
  assert.doesNotMatch(json, /https?:|"tiles"|"url"/);
  for (const source of Object.values(style.sources)) assert.equal(source.type, 'geojson');
  for (const layer of style.layers) assert.ok(['background', 'fill', 'line'].includes(layer.type), `${layer.id} is ${layer.type}`);
  const streets = style.sources.streets as unknown as { data: { features: unknown[] } };
  assert.equal(streets.data.features.length, 1, 'a street with broken geometry is left out');
  const line = style.layers.find((l) => l.id === 'district-line') as { paint: Record<string, unknown> };
  assert.equal(line.paint['line-width'], 3.6, 'line weights follow the type scale');
});

test('grids become a FeatureCollection; polygons that are not usable are left out', () => {
  const fc = gridCollection([
    { gridId: 'g1', subcentreId: 's', name: '第1网格', communityId: 'c', households: null, gridWorker: null, polygon: { type: 'Polygon', coordinates: [square(117, 36.6, 0.01)] } },
    { gridId: 'g2', subcentreId: 's', name: '第2网格', communityId: 'c', households: null, gridWorker: null, polygon: { type: 'Polygon', coordinates: [[[1, 2]]] } },
  ]);
  assert.deepEqual(
    fc.features.map((f) => f.properties.id),
    ['g1'],
  );
});

test('polygonsOf reads Polygon and MultiPolygon and drops malformed parts', () => {
  assert.equal(polygonsOf({ type: 'Polygon', coordinates: [square(0, 0, 1)] }).length, 1);
  assert.equal(polygonsOf({ type: 'MultiPolygon', coordinates: [[square(0, 0, 1)], 'x', [[[0, 0]]], [square(5, 5, 1)]] }).length, 2);
  assert.deepEqual(polygonsOf({ type: 'Point', coordinates: [1, 2] }), []);
  assert.deepEqual(polygonsOf(null), []);
  assert.deepEqual(polygonsOf({ type: 'Polygon', coordinates: [[[0, 0], [1, 'a'], [1, 1], [0, 0]]] }), []);
});

test('a label point lies inside a concave (U-shaped) polygon where the centroid does not', () => {
  // A U: the bounding-box centre (2, 2) is in the notch, outside the shape.
  const u: PolygonRings = [
    [
      [0, 0],
      [4, 0],
      [4, 4],
      [3, 4],
      [3, 1],
      [1, 1],
      [1, 4],
      [0, 4],
      [0, 0],
    ],
  ];
  assert.equal(pointInPolygon(2, 2, u), false);
  const p = labelPoint(u)!;
  assert.ok(pointInPolygon(p[0], p[1], u), `label at ${p} is inside`);
  // A square with a hole in the middle: the label avoids the hole.
  const holed: PolygonRings = [square(0, 0, 4) as PolygonRings[number], square(1, 1, 2) as PolygonRings[number]];
  const q = labelPoint(holed)!;
  assert.ok(pointInPolygon(q[0], q[1], holed));
});

test('a MultiPolygon is labelled in its largest part', () => {
  const p = featureLabelPoint({ type: 'MultiPolygon', coordinates: [[square(0, 0, 1)], [square(10, 10, 3)]] })!;
  assert.ok(p[0] > 10 && p[0] < 13 && p[1] > 10 && p[1] < 13);
});

test('the outside mask is a frame with the district cut out', () => {
  const mask = outsideMask(boundaries.district.geometry, boundaries.bbox, 1);
  assert.equal(mask.coordinates.length, 2);
  assert.deepEqual(mask.coordinates[0]![0], [116, 35.6]);
});

test('map labels drop the administrative suffix but never leave a one-character name', () => {
  assert.equal(shortPlaceName('解放路街道'), '解放路');
  assert.equal(shortPlaceName('龙洞社区'), '龙洞');
  assert.equal(shortPlaceName('甲社区'), '甲社区');
  assert.equal(shortPlaceName('Longdong'), 'Longdong');
  const labels = boundaryLabels(boundaries.streets);
  assert.deepEqual(
    labels.map((l) => l.text),
    ['龙洞'],
  );
});

test('the demo boundaries in resources/ give every street a label inside its own polygon', { skip: !safeRead('resources/demo/lixia/streets.geojson') }, () => {
  const fc = JSON.parse(safeRead('resources/demo/lixia/streets.geojson')!) as { features: BoundaryFeature[] };
  const labels = boundaryLabels(fc.features);
  assert.equal(labels.length, fc.features.length);
  fc.features.forEach((f, i) => {
    const [x, y] = labels[i]!.position;
    assert.ok(polygonsOf(f.geometry).some((p) => pointInPolygon(x, y, p)), `${f.properties.name} label inside`);
  });
});

function safeRead(rel: string): string | null {
  try {
    return readFileSync(path.join(import.meta.dirname, '..', '..', '..', rel), 'utf8');
  } catch {
    return null;
  }
}
