// The wall's basemap tile sources end to end (issue 4): a local MBTiles file and a PMTiles archive set in
// the console's settings are drawn under the district, every tile comes through the console's own API
// (the page asks nothing of the network), a GCJ-02 source is re-cut onto WGS-84, and a source that cannot
// be opened leaves the district map in place with the reason shown.
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore } from '../../src-main/store/store.ts';
import { writeSection } from '../../src-main/store/settings.ts';
import type { TileSourceSettings } from '../../src-shared/settings.ts';
import { makePng, tilesCovering, writeMbtiles, writePmtiles } from '../fixtures/tiles.ts';
import { ROOT, startWebConsole } from './fixtures.ts';

const SCREENSHOTS = path.join(ROOT, 'artifacts', 'screenshots');
const LIXIA: [number, number, number, number] = [116.98, 36.6, 117.22, 36.74];

/** A light "street map" look: pale ground, a road grid every 32 px, a tile-specific tint. */
function mapLikeTile(z: number, x: number, y: number): Uint8Array {
  return makePng(256, (px, py) => {
    if (px % 32 === 0 || py % 32 === 0) return [250, 250, 250];
    if ((px + py) % 97 < 3) return [120, 170, 220];
    return [222 - (z % 3) * 8, 226 - (x % 5) * 4, 214 - (y % 4) * 5];
  });
}

async function withTileSetting(setting: TileSourceSettings | null, fn: (page: Page, dataDir: string) => Promise<void>, page: Page): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'superbrain-e2e-tiles-'));
  const store = openStore(path.join(dataDir, 'console.db'));
  if (setting) writeSection(store, 'tileSource', setting, { actor: { name: 'e2e' }, at: Date.now() });
  store.close();
  const consoleProcess = await startWebConsole(['--data-dir', dataDir]);
  const origin = new URL(consoleProcess.url).origin;
  const foreign: string[] = [];
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:')) foreign.push(u);
  });
  try {
    await page.goto(consoleProcess.url);
    await expect(page.getByTestId('wall-map')).toHaveAttribute('data-boundaries', 'loaded', { timeout: 60_000 });
    await fn(page, dataDir);
    expect(foreign, 'the page fetched nothing but its own console').toEqual([]);
  } finally {
    await consoleProcess.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

test.describe('basemap tile sources', () => {
  let dir: string;
  test.beforeAll(() => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    dir = mkdtempSync(path.join(os.tmpdir(), 'superbrain-tiles-'));
    const tiles = tilesCovering(LIXIA, 10, 14, mapLikeTile);
    writeMbtiles(path.join(dir, 'lixia.mbtiles'), tiles, { name: 'test basemap', format: 'png', attribution: '© 测试底图' });
    writePmtiles(path.join(dir, 'lixia.pmtiles'), tiles, { tileType: 2, bounds: LIXIA, metadata: { name: 'pm', attribution: '© PMTiles 测试' } });
  });
  test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('an MBTiles file is drawn under the district through the API', async ({ page }) => {
    await withTileSetting({ kind: 'mbtiles', path: path.join(dir, 'lixia.mbtiles'), coordinateSystem: 'wgs84', attribution: '' }, async (p) => {
      await expect(p.getByTestId('wall-map')).toHaveAttribute('data-basemap-tiles', 'loaded', { timeout: 60_000 });
      const counts = await p.evaluate('window.__superbrainTiles');
      expect((counts as { served: number }).served).toBeGreaterThan(0);
      await expect(p.getByTestId('boundary-note')).toContainText('© 测试底图');
      await p.waitForTimeout(1500);
      await p.screenshot({ path: path.join(SCREENSHOTS, 'tiles-mbtiles-1080p.png') });
      // A new type scale restyles the map with the same tile source (so do grids arriving late): the tiles
      // stay loaded, not 'loading' for ever (CI once waited a minute on that).
      await p.setViewportSize({ width: 1600, height: 900 });
      await p.waitForTimeout(3000);
      await expect(p.getByTestId('wall-map')).toHaveAttribute('data-basemap-tiles', 'loaded');
      await p.setViewportSize({ width: 1920, height: 1080 });
    }, page);
  });

  test('a PMTiles archive in GCJ-02 is re-cut onto WGS-84', async ({ page }) => {
    await withTileSetting({ kind: 'pmtiles', path: path.join(dir, 'lixia.pmtiles'), coordinateSystem: 'gcj02', attribution: '' }, async (p) => {
      await expect(p.getByTestId('wall-map')).toHaveAttribute('data-basemap-tiles', 'loaded', { timeout: 60_000 });
      const counts = (await p.evaluate('window.__superbrainTiles')) as { served: number; warped: number };
      expect(counts.warped).toBeGreaterThan(0);
      expect(counts.warped).toBe(counts.served);
    }, page);
  });

  test('a tile source that cannot be opened leaves the district map and says why', async ({ page }) => {
    await withTileSetting({ kind: 'mbtiles', path: path.join(dir, 'missing.mbtiles'), coordinateSystem: 'wgs84', attribution: '' }, async (p) => {
      await expect(p.getByTestId('wall-map')).toHaveAttribute('data-basemap-tiles', 'error');
      await expect(p.getByTestId('tile-problem')).toContainText('missing.mbtiles');
      await expect(p.getByTestId('wall-map')).toHaveAttribute('data-boundaries', 'loaded');
    }, page);
  });
});
