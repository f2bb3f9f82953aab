// The strength-index view end to end on the demo district: the ranking shows the red and black lists,
// a branch profile opens from the ranking and its breakdown adds up to the score shown, two streets side
// by side; screenshots at 1920×1080 in artifacts/screenshots/index-*.png.
import { expect, test } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { ROOT, startWebConsole } from './fixtures.ts';

const SCREENSHOTS = path.join(ROOT, 'artifacts', 'screenshots');
const centi = (text: string | null): number => Math.round(Number(text) * 100);

test('ranking with red and black lists, a profile whose breakdown adds up, two streets', async ({ page }) => {
  test.setTimeout(180_000);
  mkdirSync(SCREENSHOTS, { recursive: true });
  const web = await startWebConsole(['--seed', '11']);
  try {
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.goto(`${web.url}&view=index`);
    await expect(page.getByTestId('index-view')).toBeVisible();
    // The demo publishes a year of reports on start; the host scores them as they arrive. Wait for all
    // 12 months (the period menu lists them after the newest one as its default).
    await expect(async () => {
      await page.reload();
      await expect(page.getByTestId('index-period').locator('option')).toHaveCount(13, { timeout: 3000 });
      await expect(page.getByTestId('index-red-item')).toHaveCount(10, { timeout: 3000 });
    }).toPass({ timeout: 90_000 });
    const red = page.getByTestId('index-red-item');
    const black = page.getByTestId('index-black-item');
    await expect(black).toHaveCount(10);
    const redIds = await red.evaluateAll((els) => els.map((e) => e.getAttribute('data-org')));
    const blackIds = await black.evaluateAll((els) => els.map((e) => e.getAttribute('data-org')));
    expect(redIds.filter((id) => blackIds.includes(id))).toEqual([]);
    const rows = page.getByTestId('index-ranking-row');
    expect(await rows.count()).toBeGreaterThan(800);
    // The red list is the top of the ranking table, the black list its bottom (worst first).
    const tableIds = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-org')));
    expect(redIds).toEqual(tableIds.slice(0, 10));
    expect(blackIds).toEqual(tableIds.slice(-10).reverse());
    await expect(page.getByTestId('index-district')).toBeVisible();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'index-ranking.png') });

    // A branch profile opens from the ranking (the 3rd of the black list).
    const pick = black.nth(2);
    const pickedId = await pick.getAttribute('data-org');
    await pick.click();
    const profile = page.getByTestId('index-profile');
    await expect(profile).toBeVisible();
    await expect(profile).toHaveAttribute('data-org', pickedId!);
    const score = centi(await page.getByTestId('index-profile-score').textContent());
    const points = await page.getByTestId('index-breakdown-row').evaluateAll((els) => els.map((e) => Math.round(Number(e.getAttribute('data-points')) * 100)));
    expect(points.length).toBeGreaterThanOrEqual(20);
    expect(points.reduce((a, b) => a + b, 0)).toBe(score);
    expect(centi(await page.getByTestId('index-breakdown-total').textContent())).toBe(score);
    await expect(page.getByTestId('index-radar').locator('canvas')).toBeVisible();
    await expect(page.getByTestId('index-trend').locator('canvas')).toBeVisible();
    await expect(page.getByTestId('index-weakest').locator('li')).toHaveCount(5);
    await expect(page.getByTestId('index-incidents')).toBeVisible();
    await page.waitForTimeout(800);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'index-profile.png') });

    // The map's way in: ?grid=<gridId> opens that grid's branch profile.
    const firstRow = page.getByTestId('index-ranking-row').first();
    await page.getByTestId('index-back').click();
    const gridId = await firstRow.getAttribute('data-grid');
    const orgId = await firstRow.getAttribute('data-org');
    await page.goto(`${web.url}&view=index&grid=${encodeURIComponent(gridId!)}`);
    await expect(page.getByTestId('index-profile')).toHaveAttribute('data-org', orgId!);

    // A community's profile aggregates its branches; its breakdown adds up too.
    await page.getByTestId('index-level-community-committee').click();
    await page.getByTestId('index-red-item').first().click();
    await expect(page.getByTestId('index-child').first()).toBeVisible();
    const cScore = centi(await page.getByTestId('index-profile-score').textContent());
    const cPoints = await page.getByTestId('index-breakdown-row').evaluateAll((els) => els.map((e) => Math.round(Number(e.getAttribute('data-points')) * 100)));
    expect(cPoints.reduce((a, b) => a + b, 0)).toBe(cScore);

    // Two streets side by side.
    await page.getByTestId('index-mode-compare').click();
    await expect(page.getByTestId('index-compare-card')).toHaveCount(2);
    await expect(page.getByTestId('index-compare-radar').locator('canvas')).toBeVisible();
    await page.waitForTimeout(800); // let the charts' short entry animation finish for the screenshot
    await page.screenshot({ path: path.join(SCREENSHOTS, 'index-compare.png') });

    // The same profile in English (every string through i18n).
    await page.evaluate(() => localStorage.setItem('superbrain.locale', 'en'));
    await page.goto(`${web.url}&view=index&org=${encodeURIComponent(pickedId!)}`);
    await expect(page.getByTestId('index-breakdown')).toContainText('Breakdown of the score');
    await expect(page.getByTestId('index-breakdown')).toContainText('Dues paid on time');
    await page.waitForTimeout(800);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'index-profile-en.png') });
  } finally {
    await web.stop();
  }
});
