import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { openTileReader, validTile } from '../../../src-main/tiles/readers.ts';
import { createTileService } from '../../../src-main/tiles/tile-service.ts';
import { tileOf } from '../../../src-shared/tiles.ts';
import { makePng, tilesCovering, writeMbtiles, writePmtiles } from '../../fixtures/tiles.ts';
import { tempDir } from '../store/fixtures.ts';

const LIXIA: [number, number, number, number] = [117.0, 36.62, 117.2, 36.72];
const colourOf = (z: number, x: number, y: number): [number, number, number] => [z * 10, x % 256, y % 256];
const tiles = tilesCovering(LIXIA, 10, 12, (z, x, y) => makePng(8, () => colourOf(z, x, y)));

test('MBTiles: tiles by XYZ (rows flipped from TMS), metadata, missing tiles as null', async () => {
  const d = tempDir();
  try {
    const file = path.join(d.dir, 'lixia.mbtiles');
    writeMbtiles(file, tiles, { name: '历下 test', format: 'png', minzoom: '10', maxzoom: '12', bounds: LIXIA.join(','), attribution: '© test' });
    const r = await openTileReader({ kind: 'mbtiles', path: file, coordinateSystem: 'gcj02', attribution: '' });
    assert.ok(r);
    assert.equal(r.info.tileType, 'raster');
    assert.equal(r.info.format, 'png');
    assert.deepEqual([r.info.minZoom, r.info.maxZoom], [10, 12]);
    assert.deepEqual(r.info.bounds, LIXIA);
    assert.equal(r.info.name, '历下 test');
    assert.equal(r.info.attribution, '© test');
    assert.equal(r.info.coordinateSystem, 'gcj02');
    const t = tileOf(117.06, 36.66, 12);
    const bytes = await r.getTile(t.z, t.x, t.y);
    assert.deepEqual(Buffer.from(bytes!), makePng(8, () => colourOf(t.z, t.x, t.y)));
    assert.equal(await r.getTile(12, 0, 0), null, 'a tile the file does not have');
    assert.equal(await r.getTile(3, 9, 0), null, 'x outside the zoom level');
    r.close();
  } finally {
    d.cleanup();
  }
});

test('MBTiles with gzipped vector tiles are served uncompressed; the vector layers are listed', async () => {
  const d = tempDir();
  try {
    const file = path.join(d.dir, 'v.mbtiles');
    const pbf = new Uint8Array([0x1a, 0x05, 0x0a, 0x03, 0x72, 0x6f, 0x61]);
    writeMbtiles(file, [{ z: 5, x: 26, y: 12, data: pbf }], { format: 'pbf', json: JSON.stringify({ vector_layers: [{ id: 'water' }, { id: 'transportation' }] }) }, { gzip: true });
    const r = (await openTileReader({ kind: 'mbtiles', path: file, coordinateSystem: 'wgs84', attribution: '' }))!;
    assert.equal(r.info.tileType, 'vector');
    assert.deepEqual(r.info.vectorLayers, ['water', 'transportation']);
    assert.deepEqual(await r.getTile(5, 26, 12), pbf);
    r.close();
  } finally {
    d.cleanup();
  }
});

test('PMTiles: header, metadata and tiles read from a local archive', async () => {
  const d = tempDir();
  try {
    const file = path.join(d.dir, 'lixia.pmtiles');
    writePmtiles(file, tiles, { tileType: 2, bounds: LIXIA, metadata: { name: 'pm test', attribution: '© pm' } });
    const r = (await openTileReader({ kind: 'pmtiles', path: file, coordinateSystem: 'wgs84', attribution: '' }))!;
    assert.equal(r.info.format, 'png');
    assert.deepEqual([r.info.minZoom, r.info.maxZoom], [10, 12]);
    assert.equal(r.info.name, 'pm test');
    assert.equal(r.info.attribution, '© pm');
    for (const t of [tiles[0]!, tiles[tiles.length - 1]!, tiles[Math.floor(tiles.length / 2)]!]) {
      assert.deepEqual(Buffer.from((await r.getTile(t.z, t.x, t.y))!), Buffer.from(t.data), `tile ${t.z}/${t.x}/${t.y}`);
    }
    assert.equal(await r.getTile(9, 0, 0), null);
    r.close();
  } finally {
    d.cleanup();
  }
});

test('a wrong path or a file that is no tile archive is refused with what is wrong', async () => {
  const d = tempDir();
  try {
    await assert.rejects(openTileReader({ kind: 'mbtiles', path: path.join(d.dir, 'missing.mbtiles'), coordinateSystem: 'wgs84', attribution: '' }), /cannot open the MBTiles file .*missing\.mbtiles/);
    await assert.rejects(openTileReader({ kind: 'pmtiles', path: path.join(d.dir, 'missing.pmtiles'), coordinateSystem: 'wgs84', attribution: '' }), /cannot open the PMTiles file .*ENOENT/);
    const junk = path.join(d.dir, 'junk.bin');
    writeFileSync(junk, 'this is not a tile archive at all, just some text '.repeat(20));
    await assert.rejects(openTileReader({ kind: 'pmtiles', path: junk, coordinateSystem: 'wgs84', attribution: '' }), /is not a PMTiles archive: Wrong magic number/);
    await assert.rejects(openTileReader({ kind: 'mbtiles', path: junk, coordinateSystem: 'wgs84', attribution: '' }), /MBTiles|not a database/);
  } finally {
    d.cleanup();
  }
});

test('XYZ: the host fetches the intranet server; 404 is no tile, other failures say what failed', async () => {
  const png = makePng(4, () => [1, 2, 3]);
  const pbf = Buffer.from([0x1a, 0x02, 0x0a, 0x00]);
  const server = createServer((req, res) => {
    if (req.url === '/t/3/4/2.png') return void res.writeHead(200, { 'content-type': 'image/png' }).end(png);
    if (req.url === '/v/3/4/2.pbf') return void res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end(gzipSync(pbf));
    if (req.url === '/t/3/4/3.png') return void res.writeHead(500).end('boom');
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  try {
    const r = (await openTileReader({ kind: 'xyz', url: `http://127.0.0.1:${port}/t/{z}/{x}/{y}.png`, tileType: 'raster', tileSize: 256, minZoom: 0, maxZoom: 18, coordinateSystem: 'wgs84', attribution: '' }))!;
    assert.deepEqual(Buffer.from((await r.getTile(3, 4, 2))!), png);
    assert.equal(await r.getTile(3, 4, 1), null);
    await assert.rejects(r.getTile(3, 4, 3), /HTTP 500/);
    const v = (await openTileReader({ kind: 'xyz', url: `http://127.0.0.1:${port}/v/{z}/{x}/{y}.pbf`, tileType: 'vector', tileSize: 512, minZoom: 0, maxZoom: 14, coordinateSystem: 'wgs84', attribution: '' }))!;
    assert.deepEqual(Buffer.from((await v.getTile(3, 4, 2))!), pbf, 'gzip taken off');
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const down = (await openTileReader({ kind: 'xyz', url: `http://127.0.0.1:${closedPort}/{z}/{x}/{y}.png`, tileType: 'raster', tileSize: 256, minZoom: 0, maxZoom: 18, coordinateSystem: 'wgs84', attribution: '' }))!;
    await assert.rejects(down.getTile(3, 4, 2), new RegExp(`127\\.0\\.0\\.1:${closedPort}.*ECONNREFUSED`));
  } finally {
    server.close();
  }
});

test('validTile bounds z, x and y', () => {
  assert.ok(validTile(0, 0, 0));
  assert.ok(validTile(12, 4095, 4095));
  assert.ok(!validTile(12, 4096, 0));
  assert.ok(!validTile(-1, 0, 0));
  assert.ok(!validTile(25, 0, 0));
  assert.ok(!validTile(1.5, 0, 0));
});

test('the tile service reopens on a new setting, keeps revisions apart and reports an unusable source', async () => {
  const d = tempDir();
  const service = createTileService();
  try {
    const file = path.join(d.dir, 'a.mbtiles');
    writeMbtiles(file, tiles, { format: 'png' });
    const a = await service.configure({ kind: 'mbtiles', path: file, coordinateSystem: 'wgs84', attribution: '' });
    assert.equal(a.error, null);
    const t = tiles[0]!;
    const got = await service.getTile(t.z, t.x, t.y, a.revision);
    assert.equal(got?.contentType, 'image/png');
    assert.deepEqual(Buffer.from(got!.data, 'base64'), Buffer.from(t.data));
    const again = await service.configure({ kind: 'mbtiles', path: file, coordinateSystem: 'wgs84', attribution: '' });
    assert.equal(again.revision, a.revision, 'the same setting does not reopen');
    const bad = await service.configure({ kind: 'pmtiles', path: path.join(d.dir, 'nope.pmtiles'), coordinateSystem: 'wgs84', attribution: '' });
    assert.ok(bad.revision > a.revision);
    assert.match(bad.error ?? '', /cannot open the PMTiles file/);
    assert.equal(await service.getTile(t.z, t.x, t.y), null);
    assert.equal(await service.getTile(t.z, t.x, t.y, a.revision), null, 'a tile of an old revision is not served');
    const tested = await service.test({ kind: 'mbtiles', path: file, coordinateSystem: 'wgs84', attribution: '' }, [117.06, 36.66]);
    assert.ok(tested.ok && tested.sample && tested.sample.z === 12 && tested.sample.bytes > 0);
    const failed = await service.test({ kind: 'mbtiles', path: path.join(d.dir, 'x.mbtiles'), coordinateSystem: 'wgs84', attribution: '' });
    assert.ok(!failed.ok && /cannot open/.test(failed.error));
  } finally {
    service.close();
    d.cleanup();
  }
});
