import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { geometryBbox, loadBoundaries } from '../../../src-main/runtime/boundaries.ts';
import { DEFAULT_RESOURCES_DIR } from '../../../src-main/runtime/paths.ts';

test('loads the Lixia demo boundaries: one district, 13 streets, its communities, and the bbox of the outline', () => {
  const b = loadBoundaries(path.join(DEFAULT_RESOURCES_DIR, 'demo', 'lixia'));
  assert.equal(b.district.properties.id, '370102');
  assert.equal(b.streets.length, 13);
  assert.ok(b.communities.length > 50);
  assert.ok(b.communities.every((c) => c.properties.level === 'community' && c.properties.parentId?.startsWith('370102')));
  const [minLon, minLat, maxLon, maxLat] = b.bbox;
  assert.ok(minLon > 116.9 && maxLon < 117.3 && minLat > 36.5 && maxLat < 36.8, `bbox ${b.bbox} is around Jinan`);
  assert.match(b.source, /approximate/);
});

test('a missing or broken boundary file is a clear BoundariesUnavailable error', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'superbrain-bounds-'));
  try {
    assert.throws(() => loadBoundaries(dir), { name: 'BoundariesUnavailable', message: /district\.geojson: ENOENT/ });
    writeFileSync(path.join(dir, 'district.geojson'), '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"1","name":"x","level":"planet"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}]}');
    assert.throws(() => loadBoundaries(dir), { name: 'BoundariesUnavailable', message: /level/ });
    writeFileSync(path.join(dir, 'district.geojson'), '{oops');
    assert.throws(() => loadBoundaries(dir), { name: 'BoundariesUnavailable', message: /not valid JSON/ });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the bbox covers every ring of a MultiPolygon', () => {
  const box = geometryBbox({ type: 'MultiPolygon', coordinates: [[[[1, 2], [3, 2], [3, 4], [1, 2]]], [[[-5, 0], [0, 0], [0, 9], [-5, 0]]]] });
  assert.deepEqual(box, [-5, 0, 3, 9]);
});
