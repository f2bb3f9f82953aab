import { test } from 'node:test';
import assert from 'node:assert/strict';
import { wgs84ToGcj02 } from '../../../src-shared/domain/gcj02.ts';
import { NO_TILES } from '../../../src-shared/tiles.ts';
import type { TileSourceInfo } from '../../../src-shared/tiles.ts';
import { buildBasemapStyle, tileProblem, usableTiles } from '../../../src-renderer/map/basemap-style.ts';
import { globalPixel, warpPlan } from '../../../src-renderer/map/gcj-warp.ts';
import { BOUNDARIES } from '../api/fixtures.ts';

const raster: TileSourceInfo = { ...NO_TILES, kind: 'mbtiles', revision: 3, tileType: 'raster', format: 'png', minZoom: 8, maxZoom: 16, tileSize: 256, attribution: '© test' };

test('without tiles the style has no tile source and the district is opaque', () => {
  const style = buildBasemapStyle(BOUNDARIES, 1);
  assert.equal(style.sources['basemap-tiles'], undefined);
  assert.ok(!style.layers.some((l) => l.id.startsWith('basemap-')));
  const fill = style.layers.find((l) => l.id === 'district-fill') as { paint: Record<string, unknown> };
  assert.equal(fill.paint['fill-opacity'], 1);
});

test('raster tiles come through sbtiles:// with the revision, under the district tint', () => {
  const style = buildBasemapStyle(BOUNDARIES, 1, undefined, raster);
  const source = style.sources['basemap-tiles'] as { type: string; tiles: string[]; minzoom: number; maxzoom: number; tileSize: number };
  assert.equal(source.type, 'raster');
  assert.deepEqual(source.tiles, ['sbtiles://r3/{z}/{x}/{y}']);
  assert.deepEqual([source.minzoom, source.maxzoom, source.tileSize], [8, 16, 256]);
  const ids = style.layers.map((l) => l.id);
  assert.ok(ids.indexOf('basemap-raster') > ids.indexOf('background') && ids.indexOf('basemap-raster') < ids.indexOf('district-fill'));
  const fill = style.layers.find((l) => l.id === 'district-fill') as { paint: Record<string, unknown> };
  assert.ok((fill.paint['fill-opacity'] as number) < 1, 'the basemap shows through');
  // Nothing in the style points at the network.
  assert.doesNotMatch(JSON.stringify(style), /https?:\/\//);
});

test('vector tiles get the built-in dark layers; GCJ-02 vector tiles and failed sources are not drawn, with a reason', () => {
  const vector: TileSourceInfo = { ...raster, tileType: 'vector', format: 'pbf' };
  const style = buildBasemapStyle(BOUNDARIES, 1, undefined, vector);
  assert.equal((style.sources['basemap-tiles'] as { type: string }).type, 'vector');
  const layers = style.layers.filter((l) => l.id.startsWith('basemap-')) as Array<{ 'source-layer': string; type: string }>;
  assert.ok(layers.some((l) => l['source-layer'] === 'water' && l.type === 'fill'));
  assert.ok(layers.some((l) => l['source-layer'] === 'roads' && l.type === 'line'), 'Protomaps names');
  assert.ok(layers.some((l) => l['source-layer'] === 'transportation' && l.type === 'line'), 'OpenMapTiles names');
  assert.ok(!layers.some((l) => l.type === 'symbol'), 'no glyphs needed');
  assert.equal(usableTiles({ ...vector, coordinateSystem: 'gcj02' }), null);
  assert.match(tileProblem({ ...vector, coordinateSystem: 'gcj02' }) ?? '', /raster tiles only/);
  assert.equal(usableTiles({ ...raster, error: 'cannot open' }), null);
  assert.equal(tileProblem({ ...raster, error: 'cannot open' }), 'cannot open');
  assert.equal(tileProblem(raster), null);
  assert.equal(tileProblem(NO_TILES), null);
});

test('a GCJ-02 raster tile is cut from the source tiles shifted by the offset at its centre', () => {
  const size = 256;
  for (const z of [10, 13, 16]) {
    const lon = 117.06;
    const lat = 36.66;
    const [px, py] = globalPixel(lon, lat, z, size);
    const x = Math.floor(px / size);
    const y = Math.floor(py / size);
    const plan = warpPlan(z, x, y, size);
    assert.ok(plan.length >= 1 && plan.length <= 4, `z${z}: ${plan.length} pieces`);
    // Where the output shows the point (lon, lat), the source shows its GCJ-02 position.
    const [gx, gy] = globalPixel(...wgs84ToGcj02(lon, lat), z, size);
    const outX = px - x * size;
    const outY = py - y * size;
    const piece = plan.find((p) => outX >= p.dx && outX < p.dx + size && outY >= p.dy && outY < p.dy + size)!;
    const srcX = piece.x * size + (outX - piece.dx);
    const srcY = piece.y * size + (outY - piece.dy);
    const errorPx = Math.hypot(srcX - gx, srcY - gy);
    assert.ok(errorPx < 0.5, `z${z}: ${errorPx.toFixed(3)} px off`);
  }
});

test('across one tile the GCJ-02 offset changes by less than a pixel at every zoom the wall uses', () => {
  const size = 256;
  for (let z = 8; z <= 18; z++) {
    const [cx, cy] = globalPixel(117.06, 36.66, z, size);
    const tx = Math.floor(cx / size);
    const ty = Math.floor(cy / size);
    const n = 2 ** z;
    const lonOf = (gx: number) => (gx / (size * n)) * 360 - 180;
    const latOf = (gy: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * gy) / (size * n)))) * 180) / Math.PI;
    const offset = (gx: number, gy: number) => {
      const [a, b] = globalPixel(...wgs84ToGcj02(lonOf(gx), latOf(gy)), z, size);
      return [a - gx, b - gy] as const;
    };
    const [ox, oy] = offset((tx + 0.5) * size, (ty + 0.5) * size);
    for (const [dx, dy] of [[0, 0], [size, 0], [0, size], [size, size]]) {
      const [ax, ay] = offset(tx * size + dx!, ty * size + dy!);
      assert.ok(Math.hypot(ax - ox, ay - oy) < 1, `z${z} corner ${dx},${dy}: ${Math.hypot(ax - ox, ay - oy).toFixed(3)} px`);
    }
  }
});
