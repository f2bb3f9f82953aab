// Issue 4: the map's layers, legend, filters and picking, end to end in Chromium against `superbrain web`
// on the embedded 13-sub-centre demo. Each layer toggles and its legend group follows; a filter change
// changes what is drawn; hovering a red incident (and a video alert, with its snapshot) shows its card, and a
// click opens the incident in the operator window, the alert in its triage, pins a station's card;
// clicking a grid opens its branch's
// strength-index profile in a new window. Screenshots at 1920×1080 and 3840×2160.
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { ROOT, startWebConsole } from './fixtures.ts';

const SCREENSHOTS = path.join(ROOT, 'artifacts', 'screenshots');
const DEFAULT_LAYERS = ['grids', 'heat', 'incidents', 'alerts', 'subcentres', 'labels'];
const MAP_LAYER_COUNT = 9; // the layer panel's entries: the legend's layers and the place names
const LEGEND_LAYERS = ['grids', 'heat', 'incidents', 'arcs', 'cameras', 'stations', 'alerts', 'subcentres'] as const;

async function openWall(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await expect(page.getByTestId('wall-map')).toHaveAttribute('data-boundaries', 'loaded', { timeout: 60_000 });
  await expect(page.getByTestId('layer-panel')).toBeVisible();
  await expect.poll(() => page.evaluate(() => window.__superbrainWall?.incidents ?? 0), { timeout: 60_000 }).toBeGreaterThan(0);
}

/**
 * The wall's alarm banner (a new red item) covers the top of the map until acknowledged: acknowledge
 * whatever is up (key A, as a duty officer would) so that the map's own controls and points can be reached.
 */
async function acknowledgeAlarms(page: Page): Promise<void> {
  for (let i = 0; i < 20 && (await page.getByTestId('alarm-banner').count()) > 0; i++) {
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('a');
    await page.waitForTimeout(300);
  }
}

/**
 * Hovers one of the newest open red incidents (or video alerts) until its card shows. A point may be
 * hidden on screen by a panel, the legend or an alarm banner raised meanwhile, or be closed by the demo
 * between sampling and hovering: each candidate is checked with elementFromPoint (the map's canvas must be
 * what is there) and the next one is tried when the card does not come.
 */
async function hoverNewest(page: Page, kind: 'incident' | 'alert' | 'station'): Promise<void> {
  const box = (await page.getByTestId('wall-map').boundingBox())!;
  const card = page.getByTestId('hover-card');
  for (let skip = 0; skip < 40; skip++) {
    const at = await page.evaluate(
      ([k, n]) => {
        const probe = window.__superbrainMap!;
        const p = k === 'alert' ? probe.sampleAlert(n as number) : k === 'station' ? probe.sampleStation(n as number) : probe.sampleIncident(n as number);
        if (!p) return null;
        const xy = probe.project!(p.lon, p.lat);
        const map = document.querySelector('[data-testid="wall-map"]')!;
        const r = map.getBoundingClientRect();
        const el = document.elementFromPoint(r.left + xy[0], r.top + xy[1]);
        const onCanvas = el instanceof HTMLCanvasElement && map.contains(el);
        return { x: r.left + xy[0], y: r.top + xy[1], onCanvas };
      },
      [kind, skip] as const,
    );
    if (!at) break;
    if (!at.onCanvas || at.x < box.x + 4 || at.y < box.y + 4 || at.x > box.x + box.width - 4 || at.y > box.y + box.height - 4) continue;
    await page.mouse.move(box.x + 2, box.y + box.height - 2);
    await page.mouse.move(at.x, at.y);
    try {
      await expect(card).toHaveAttribute('data-kind', kind, { timeout: 4_000 });
      return;
    } catch {
      // closed meanwhile, or drawn under another point: the next one
    }
  }
  throw new Error(`no open ${kind} on the map could be hovered`);
}

/** Signs in to an operator window opened from the wall, as the demo's duty officer. */
async function signInOperator(op: Page): Promise<void> {
  await op.getByTestId('op-signin-name').fill('duty');
  await op.getByTestId('op-signin-password').fill('superbrain-demo');
  await op.getByTestId('op-signin-submit').click();
  await expect(op.getByTestId('operator-view')).toBeVisible({ timeout: 30_000 });
}

/** Clicks a control by dispatching the click on it: an alarm raised meanwhile may cover it on screen. */
async function press(page: Page, testId: string): Promise<void> {
  await page.getByTestId(testId).dispatchEvent('click');
}

/** Waits until deck.gl has drawn a few more frames (SwiftShader is slow to draw the first ones). */
async function settle(page: Page): Promise<void> {
  const f0 = await page.evaluate(() => window.__superbrainWall?.frames ?? 0);
  await expect.poll(() => page.evaluate(() => window.__superbrainWall?.frames ?? 0), { timeout: 60_000 }).toBeGreaterThan(f0 + 3);
  await page.waitForTimeout(1000);
}

async function passing(page: Page): Promise<number> {
  return Number(await page.getByTestId('wall-map').getAttribute('data-incidents-passing'));
}

async function setLayers(page: Page, on: readonly string[]): Promise<void> {
  for (const id of ['grids', 'heat', 'incidents', 'arcs', 'cameras', 'stations', 'alerts', 'subcentres', 'labels']) {
    const box = page.getByTestId(`layer-toggle-${id}`);
    if ((await box.isChecked()) !== on.includes(id)) await box.dispatchEvent('click');
  }
}

/** Zooms the map in by `levels` around its centre, and waits for it to settle. */
async function zoomIn(page: Page, levels: number): Promise<void> {
  await page.evaluate((d) => window.__superbrainMap!.zoomBy!(d), levels);
  await page.waitForTimeout(1500);
}

test.describe('map layers, filters and picking on the demo district', () => {
  test.describe.configure({ mode: 'serial' });
  let demo: Awaited<ReturnType<typeof startWebConsole>> | null = null;

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    demo = await startWebConsole();
    mkdirSync(SCREENSHOTS, { recursive: true });
  });

  test.afterAll(async () => {
    await demo?.stop();
  });

  test('each layer toggles, its legend appears and disappears, and the choice is remembered', async ({ page }) => {
    test.setTimeout(120_000);
    await openWall(page, demo!.url);
    const map = page.getByTestId('wall-map');
    for (const id of LEGEND_LAYERS) {
      const box = page.getByTestId(`layer-toggle-${id}`);
      const legend = page.getByTestId(`legend-${id}`);
      const wasOn = await box.isChecked();
      await box.dispatchEvent('click');
      if (wasOn) {
        await expect(legend).toHaveCount(0);
        await expect(map).not.toHaveAttribute('data-layers', new RegExp(`\\b${id}\\b`));
      } else {
        await expect(legend).toBeVisible();
        await expect(map).toHaveAttribute('data-layers', new RegExp(`\\b${id}\\b`));
      }
      await box.dispatchEvent('click');
      if (wasOn) await expect(legend).toBeVisible();
      else await expect(legend).toHaveCount(0);
    }
    // Cameras and stations are off by default; with them on, their data is drawn.
    await press(page, 'layer-toggle-cameras');
    await press(page, 'layer-toggle-stations');
    await expect.poll(() => page.evaluate(() => window.__superbrainMap?.deckLayers ?? [])).toEqual(expect.arrayContaining(['cameras', 'stations', 'subcentres']));
    await expect.poll(() => page.evaluate(() => window.__superbrainMap?.cameras ?? 0)).toBeGreaterThan(0);
    await expect.poll(() => page.evaluate(() => window.__superbrainMap?.subcentres ?? 0)).toBe(13);
    await page.reload();
    await expect(page.getByTestId('layer-toggle-cameras')).toBeChecked({ timeout: 60_000 });
    await expect(page.getByTestId('legend-stations')).toBeVisible();
    // The grid measure picker changes the legend's classes.
    await page.getByTestId('grid-measure').selectOption('index');
    await expect(page.getByTestId('legend-grids')).toContainText('60/70/80/90');
    await page.getByTestId('grid-measure').selectOption('open');
    await expect(page.getByTestId('legend-grids')).toContainText('五分位');
    await press(page, 'layer-toggle-cameras');
    await press(page, 'layer-toggle-stations');
    // The legend and the layer list fold to their titles (the map's west and east are free), and a wall
    // keeps that after a reload; unfolded, they come back as they were.
    await press(page, 'legend-toggle');
    await press(page, 'layers-toggle');
    await expect(page.getByTestId('map-legend')).toHaveAttribute('data-open', 'false');
    await expect(page.getByTestId('legend-incidents')).toHaveCount(0);
    await expect(page.getByTestId('layer-toggle-grids')).toHaveCount(0);
    await expect(page.getByTestId('layers-toggle')).toContainText(`${DEFAULT_LAYERS.length}/${MAP_LAYER_COUNT}`);
    await page.reload();
    await expect(page.getByTestId('wall-map')).toHaveAttribute('data-boundaries', 'loaded', { timeout: 60_000 });
    await expect(page.getByTestId('map-legend')).toHaveAttribute('data-open', 'false');
    await expect(page.getByTestId('layer-panel')).toHaveAttribute('data-open', 'false');
    const drawn = (await page.getByTestId('wall-map').getAttribute('data-layers'))!.split(' ').sort();
    expect(drawn, 'folding the panel changes no layer').toEqual([...DEFAULT_LAYERS].sort());
    await acknowledgeAlarms(page);
    await settle(page);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'map-folded-1920x1080.png') });
    await press(page, 'legend-toggle');
    await press(page, 'layers-toggle');
    await expect(page.getByTestId('legend-incidents')).toBeVisible();
    await expect(page.getByTestId('layer-toggle-grids')).toBeChecked();
  });

  test('a filter change changes what is drawn, on the GPU filter, without new data', async ({ page }) => {
    await openWall(page, demo!.url);
    await expect.poll(() => passing(page), { timeout: 30_000 }).toBeGreaterThan(0);
    const all = await passing(page);
    await page.getByTestId('filter-severity').selectOption('red');
    await expect.poll(() => passing(page)).toBeLessThan(all);
    const red = await passing(page);
    // Open ones only (the default): the closed incidents are not even uploaded; asking for them adds their layer.
    const deckLayers = () => page.evaluate(() => window.__superbrainMap?.deckLayers ?? []);
    expect(await deckLayers()).toContain('incidents-base');
    expect(await deckLayers()).not.toContain('incidents-closed');
    await page.getByTestId('filter-status').selectOption('all');
    await expect.poll(() => passing(page)).toBeGreaterThanOrEqual(red);
    await expect.poll(deckLayers).toContain('incidents-closed');
    await page.getByTestId('filter-window').selectOption('1h');
    await page.getByTestId('filter-street').selectOption('370102012');
    await expect(page.getByTestId('filter-count')).toBeVisible();
    const narrowed = await passing(page);
    expect(narrowed).toBeLessThanOrEqual(red + all);
    const state = await page.evaluate(() => window.__superbrainMap?.filter);
    expect(state).toEqual({ window: '1h', category: null, severity: 'red', status: 'all', street: '370102012' });
    // What is drawn changes: the map's pixels differ between "all open" and "red only" at the same data.
    await press(page, 'filter-reset');
    await expect.poll(() => passing(page)).toBeGreaterThan(red);
    await setLayers(page, ['incidents']);
    await acknowledgeAlarms(page);
    await page.waitForTimeout(500);
    const before = await page.getByTestId('wall-map').screenshot();
    await page.getByTestId('filter-severity').selectOption('green');
    await page.waitForTimeout(800);
    const after = await page.getByTestId('wall-map').screenshot();
    expect(before.equals(after)).toBe(false);
    await press(page, 'filter-reset');
    await setLayers(page, DEFAULT_LAYERS);
  });

  test('hovering shows a card; clicking opens the detail: an incident or alert in the operator window, a station pinned, a grid its profile', async ({ page, context }) => {
    test.setTimeout(240_000);
    await openWall(page, demo!.url);
    await setLayers(page, ['incidents']);
    await acknowledgeAlarms(page);
    const map = page.getByTestId('wall-map');
    const box = (await map.boundingBox())!;
    await expect.poll(() => page.evaluate(() => window.__superbrainMap?.sampleIncident() ?? null), { timeout: 60_000, message: 'the demo has an open red incident' }).not.toBeNull();
    await hoverNewest(page, 'incident');
    const card = page.getByTestId('hover-card');
    await expect(card).toContainText('类别', { timeout: 10_000 });
    await expect(card).toContainText('红');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'map-hover-incident.png') });
    // Clicking it opens the operator window on its detail (signed in there as the duty officer).
    const incidentId = (await card.getAttribute('data-id'))!;
    expect(incidentId).toBeTruthy();
    const opened = context.waitForEvent('page');
    await page.mouse.down();
    await page.mouse.up();
    const op = await opened;
    await op.waitForLoadState();
    expect(new URL(op.url()).searchParams.get('view')).toBe('operator');
    expect(new URL(op.url()).searchParams.get('incident')).toBe(incidentId);
    await signInOperator(op);
    await expect(op.getByTestId('op-detail')).toHaveAttribute('data-incident-id', incidentId, { timeout: 60_000 });
    await op.close();
    await page.mouse.move(box.x + 2, box.y + box.height - 2);
    await expect(card).toHaveCount(0);

    // A video alert at its camera: the card shows the kind and the snapshot.
    await setLayers(page, ['alerts']);
    await acknowledgeAlarms(page);
    await expect.poll(() => page.evaluate(() => window.__superbrainMap?.sampleAlert() ?? null), { timeout: 60_000 }).not.toBeNull();
    await hoverNewest(page, 'alert');
    await expect(card).toContainText('告警类型');
    await expect(page.getByTestId('hover-snapshot')).toBeVisible({ timeout: 10_000 });
    expect(await page.getByTestId('hover-snapshot').getAttribute('src')).toMatch(/^data:image\//);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'map-hover-alert.png') });
    // Clicking it opens the operator window's triage on that alert (marked, or said to be triaged already).
    const alertId = (await card.getAttribute('data-id'))!;
    const triage = context.waitForEvent('page');
    await page.mouse.down();
    await page.mouse.up();
    const op2 = await triage;
    await op2.waitForLoadState();
    expect(new URL(op2.url()).searchParams.get('alert')).toBe(alertId);
    await signInOperator(op2);
    await expect(op2.getByTestId('op-tab-alerts')).toHaveAttribute('aria-selected', 'true');
    await expect(op2.locator('[data-focused="true"], [data-testid="op-alert-gone"]').first()).toBeVisible({ timeout: 60_000 });
    if ((await op2.locator('[data-focused="true"]').count()) > 0) await expect(op2.locator('[data-focused="true"]')).toHaveAttribute('data-alert-id', alertId);
    await op2.close();
    await page.mouse.move(box.x + 2, box.y + box.height - 2);
    await expect(card).toHaveCount(0);

    // A service station: its card pins on a click (the station's detail is the card) and closes with Esc.
    await setLayers(page, ['stations']);
    await acknowledgeAlarms(page);
    await expect.poll(() => page.evaluate(() => window.__superbrainMap?.stations ?? 0), { timeout: 60_000 }).toBeGreaterThan(0);
    await hoverNewest(page, 'station');
    await expect(card).toContainText('点击固定');
    await page.mouse.down();
    await page.mouse.up();
    const pinnedCard = page.getByTestId('pinned-card');
    await expect(pinnedCard).toHaveAttribute('data-kind', 'station');
    await page.mouse.move(box.x + 2, box.y + box.height - 2);
    await expect(card).toHaveCount(0);
    await expect(pinnedCard).toBeVisible();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'map-pinned-station.png') });
    await page.keyboard.press('Escape');
    await expect(pinnedCard).toHaveCount(0);

    await setLayers(page, ['grids']);
    await acknowledgeAlarms(page);
    const grid = await page.evaluate(() => window.__superbrainMap?.sampleGrid() ?? null);
    expect(grid).not.toBeNull();
    const g = await page.evaluate(([lon, lat]) => window.__superbrainMap!.project!(lon!, lat!), [grid!.lon, grid!.lat]);
    // An alarm raised meanwhile may cover the grid with its banner: acknowledge it and hover again.
    await expect(async () => {
      await acknowledgeAlarms(page);
      await page.mouse.move(box.x + 2, box.y + box.height - 2);
      await page.mouse.move(box.x + g[0], box.y + g[1]);
      await expect(card).toHaveAttribute('data-kind', 'grid', { timeout: 4_000 });
    }).toPass({ timeout: 30_000 });
    const popup = context.waitForEvent('page');
    await page.mouse.click(box.x + g[0], box.y + g[1]);
    const profile = await popup;
    await profile.waitForLoadState();
    const url = new URL(profile.url());
    expect(url.searchParams.get('view')).toBe('index');
    expect(url.searchParams.get('grid')).toBe(grid!.gridId);
    expect(url.searchParams.get('token')).toBe(new URL(demo!.url).searchParams.get('token'));
    await profile.close();
    await setLayers(page, DEFAULT_LAYERS);
  });

  for (const [width, height] of [
    [1920, 1080],
    [3840, 2160],
  ] as const) {
    test.describe(`${width}×${height}`, () => {
      test.use({ viewport: { width, height }, deviceScaleFactor: 1 });
      test(`the map wall with its layers at ${width}×${height} (screenshots)`, async ({ page }) => {
        test.setTimeout(120_000);
        await openWall(page, demo!.url);
        await page.waitForTimeout(4000);
        await acknowledgeAlarms(page);
        await settle(page);
        await page.screenshot({ path: path.join(SCREENSHOTS, `map-${width}x${height}-district.png`) });
        await setLayers(page, [...DEFAULT_LAYERS, 'arcs', 'stations']);
        await zoomIn(page, 1.5);
        await expect.poll(() => page.evaluate(() => window.__superbrainMap?.heat)).toBe(false);
        await settle(page);
        await page.screenshot({ path: path.join(SCREENSHOTS, `map-${width}x${height}-zoomed.png`) });
      });
    });
  }
});
