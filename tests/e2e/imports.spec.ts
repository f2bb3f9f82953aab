// Issue 9 end to end: on `superbrain web` (the 13-sub-centre demo) a duty officer imports a GeoJSON of
// grids made here, inside real demo communities: the preview counts them, the import replaces the demo
// grids on the wall (live, through the change notice). A file with errors is refused with its list of
// problems, and the cache's imported data, import history and import audit entries stay as they were.
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { ROOT, startWebConsole } from './fixtures.ts';

const SCREENSHOTS = path.join(ROOT, 'artifacts', 'screenshots');
const DEMO_PASSWORD = 'superbrain-demo';

type Console = Awaited<ReturnType<typeof startWebConsole>>;
let web: Console;

function viewUrl(url: string, view: string): string {
  const u = new URL(url);
  u.searchParams.set('view', view);
  return u.toString();
}

/** A small square grid inside each of the first `n` real demo communities (resources/demo/lixia). */
function gridsFixture(n: number): { type: string; features: unknown[] } {
  const communities = JSON.parse(readFileSync(path.join(ROOT, 'resources', 'demo', 'lixia', 'communities.geojson'), 'utf8')) as {
    features: Array<{ properties: { id: string; name: string }; geometry: { type: string; coordinates: number[][][] | number[][][][] } }>;
  };
  return {
    type: 'FeatureCollection',
    features: communities.features.slice(0, n).map((c, i) => {
      const ring = (c.geometry.type === 'Polygon' ? c.geometry.coordinates[0] : (c.geometry.coordinates as number[][][][])[0]![0]) as number[][];
      const lon = ring.reduce((s, p) => s + p[0]!, 0) / ring.length;
      const lat = ring.reduce((s, p) => s + p[1]!, 0) / ring.length;
      const d = 0.002;
      return {
        type: 'Feature',
        properties: { gridId: `${c.properties.id}9${String(i + 1).padStart(2, '0')}`, name: `${c.properties.name}导入网格`, communityId: c.properties.id, households: 500 + i, gridWorker: '李四' },
        geometry: { type: 'Polygon', coordinates: [[[lon - d, lat - d], [lon + d, lat - d], [lon + d, lat + d], [lon - d, lat + d], [lon - d, lat - d]]] },
      };
    }),
  };
}

async function openImports(page: Page): Promise<void> {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto(viewUrl(web.url, 'imports'));
  await expect(page.getByTestId('imports-view')).toBeVisible({ timeout: 60_000 });
  await page.getByTestId('imports-sign-in').click();
  await page.getByTestId('op-signin-name').fill('duty');
  await page.getByTestId('op-signin-password').fill(DEMO_PASSWORD);
  await page.getByTestId('op-signin-submit').click();
  await expect(page.getByTestId('imports-who')).toBeVisible();
  await expect(page.getByTestId('imports-readonly')).toHaveCount(0);
}

/** What an import may change in the cache (the live demo keeps writing everything else). */
function importState(): string {
  const db = new Database(path.join(web.dataDir, 'console.db'), { readonly: true, fileMustExist: true });
  try {
    return JSON.stringify({
      imported: db.prepare(`SELECT * FROM imported ORDER BY kind, id`).raw().all(),
      imports: db.prepare(`SELECT * FROM imports ORDER BY id`).raw().all(),
      audit: db.prepare(`SELECT * FROM audit WHERE action LIKE 'import%' ORDER BY id`).raw().all(),
    });
  } finally {
    db.close();
  }
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  web = await startWebConsole();
});

test.afterAll(async () => {
  await web?.stop();
});

test('importing a GeoJSON of grids replaces the demo grids on the wall', async ({ page, context }) => {
  test.setTimeout(180_000);
  const wall = await context.newPage();
  await wall.setViewportSize({ width: 1920, height: 1080 });
  await wall.goto(web.url);
  const map = wall.getByTestId('wall-map');
  await expect(map).toHaveAttribute('data-boundaries', 'loaded', { timeout: 60_000 });
  await expect.poll(async () => Number(await map.getAttribute('data-grids-drawn')), { timeout: 60_000 }).toBeGreaterThan(100);
  const demoGrids = Number(await map.getAttribute('data-grids-drawn'));

  await openImports(page);
  await page.getByTestId('imports-kind').selectOption('grids');
  await page.getByTestId('imports-file').setInputFiles({ name: 'lixia-grids.geojson', mimeType: 'application/geo+json', buffer: Buffer.from(JSON.stringify(gridsFixture(4))) });
  await page.getByTestId('imports-check').click();
  await expect(page.getByTestId('imports-result')).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
  await expect(page.getByTestId('imports-count-total')).toHaveAttribute('data-value', '4');
  await expect(page.getByTestId('imports-count-new')).toHaveAttribute('data-value', '4');
  await expect(page.getByTestId('imports-result')).toContainText(String(demoGrids));
  await page.screenshot({ path: path.join(SCREENSHOTS, 'imports-preview.png') });

  await page.getByTestId('imports-apply').click();
  await expect(page.getByTestId('imports-result')).toHaveAttribute('data-state', 'applied', { timeout: 30_000 });
  await expect(page.getByTestId('imports-history')).toContainText('lixia-grids.geojson');
  await page.screenshot({ path: path.join(SCREENSHOTS, 'imports-applied.png') });

  // The wall follows without a reload: four imported grids instead of the demo's.
  await expect(map).toHaveAttribute('data-grids-drawn', '4', { timeout: 30_000 });
  await wall.screenshot({ path: path.join(SCREENSHOTS, 'imports-wall.png') });
  await wall.close();
});

test('an import file with errors is refused with its list of problems, and the cache is unchanged', async ({ page }) => {
  test.setTimeout(120_000);
  await openImports(page);
  const before = importState();
  const bad = gridsFixture(3) as { features: Array<{ properties: Record<string, unknown>; geometry: { coordinates: number[][][] } }> };
  bad.features[1]!.properties.communityId = '370102001999'; // no such community
  bad.features[2]!.properties.gridId = bad.features[0]!.properties.gridId; // duplicate id
  bad.features[2]!.geometry.coordinates[0]!.pop(); // ring not closed
  await page.getByTestId('imports-file').setInputFiles({ name: 'bad-grids.geojson', mimeType: 'application/geo+json', buffer: Buffer.from(JSON.stringify(bad)) });
  await page.getByTestId('imports-check').click();
  await expect(page.getByTestId('imports-result')).toHaveAttribute('data-state', 'refused', { timeout: 30_000 });
  const problems = page.getByTestId('imports-problem');
  await expect(problems).toHaveCount(3);
  await expect(problems.nth(0)).toContainText('370102001999');
  await expect(problems.nth(1)).toContainText('网格编号重复');
  await expect(problems.nth(2)).toContainText('环未闭合');
  // The host's own wording stays at hand (tooltip), as the CLI prints it.
  await expect(problems.nth(2).locator('td').last()).toHaveAttribute('title', /the ring is not closed/);
  await expect(page.getByTestId('imports-state')).toContainText('3 个问题');
  await expect(page.getByTestId('imports-apply')).toBeDisabled();
  await page.screenshot({ path: path.join(SCREENSHOTS, 'imports-refused.png') });
  expect(importState()).toBe(before);
  await page.getByTestId('imports-cancel').click();
  await expect(page.getByTestId('imports-check')).toBeVisible();
  expect(importState()).toBe(before);
});

test('removing the imported grids puts the demo grids back on the wall', async ({ page, context }) => {
  test.setTimeout(120_000);
  const wall = await context.newPage();
  await wall.setViewportSize({ width: 1920, height: 1080 });
  await wall.goto(web.url);
  const map = wall.getByTestId('wall-map');
  await expect(map).toHaveAttribute('data-grids-drawn', '4', { timeout: 60_000 });
  await openImports(page);
  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByTestId('imports-clear-grids').click();
  await expect(page.getByTestId('imports-history')).toContainText('撤销导入');
  await expect(page.getByTestId('imports-clear-grids')).toHaveCount(0);
  await expect.poll(async () => Number(await map.getAttribute('data-grids-drawn')), { timeout: 30_000 }).toBeGreaterThan(100);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'imports-cleared.png') });
  await wall.close();
});
