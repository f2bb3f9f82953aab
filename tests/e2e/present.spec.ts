// Presentation mode end to end: a demo cache (fixed seed) frozen by restarting the console with no
// sub-centres; the slides advance with the keys a presenter remote sends (PageDown/PageUp, arrows,
// Space, Home/End), the overview's figures equal the briefing's (getBriefing, as the dashboard shows
// them, and the total as plain SQL counts it), Esc goes back to the briefing; screenshots of every
// slide at 1920×1080 and 3840×2160.
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, startWebConsole } from './fixtures.ts';

const SCREENSHOTS = path.join(ROOT, 'artifacts', 'screenshots');
const DAY_MS = 86_400_000;
const KPIS = ['total', 'closureRate', 'onTimeRate', 'avgClose', 'inGridRate', 'satisfaction', 'alerts', 'falsePositiveRate'];
const shanghaiDay = (ms: number): string => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);

async function slideNumber(page: Page): Promise<number> {
  return Number(await page.getByTestId('present').getAttribute('data-slide'));
}

async function shootAll(page: Page, size: string): Promise<void> {
  await page.keyboard.press('Home');
  for (let i = 1; i <= 5; i++) {
    await expect(page.getByTestId('present')).toHaveAttribute('data-slide', String(i));
    const name = await page.getByTestId('present').getAttribute('data-slide-name');
    if (name === 'map') await expect(page.getByTestId('present-map-svg')).toBeVisible();
    if (name === 'streets') await expect(page.getByTestId('present-chart-streets').locator('svg')).toBeVisible();
    await page.screenshot({ path: path.join(SCREENSHOTS, `present-${size}-${i}-${name}.png`) });
    if (i < 5) await page.keyboard.press('PageDown');
  }
}

test('slides advance with a presenter remote\'s keys and the overview equals the briefing', async ({ page, browser }) => {
  test.setTimeout(240_000);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'superbrain-e2e-present-'));
  mkdirSync(SCREENSHOTS, { recursive: true });
  for (const f of readdirSync(SCREENSHOTS)) if (f.startsWith('present-')) rmSync(path.join(SCREENSHOTS, f));
  try {
    const filling = await startWebConsole(['--data-dir', dataDir, '--speed', '600', '--seed', '11']);
    const dbFile = path.join(dataDir, 'console.db');
    await expect
      .poll(() => {
        const db = new Database(dbFile, { readonly: true, fileMustExist: true });
        try {
          const closed = (db.prepare("SELECT count(*) AS n FROM incidents WHERE status = 'closed'").get() as { n: number }).n;
          const scores = (db.prepare('SELECT count(*) AS n FROM index_scores').get() as { n: number }).n;
          return Math.min(closed, scores);
        } finally {
          db.close();
        }
      }, { timeout: 90_000 })
      .toBeGreaterThan(30);
    await filling.stop();

    const config = path.join(dataDir, 'frozen.json');
    writeFileSync(config, JSON.stringify({ consoleId: 'present-e2e', district: { id: '370102', name: '历下区' }, subcentres: [] }));
    const frozen = await startWebConsole(['--config', config, '--data-dir', dataDir]);
    try {
      const today = shanghaiDay(Date.now());
      const yesterday = shanghaiDay(Date.now() - DAY_MS);
      // The briefing's figures for the period, as getBriefing answered the dashboard.
      const url = new URL(frozen.url);
      url.searchParams.set('view', 'briefing');
      url.searchParams.set('from', yesterday);
      url.searchParams.set('to', today);
      await page.goto(url.toString());
      await expect(page.getByTestId('briefing')).toHaveAttribute('data-ready', '1', { timeout: 30_000 });
      const from = Number(await page.getByTestId('briefing').getAttribute('data-from'));
      const to = Number(await page.getByTestId('briefing').getAttribute('data-to'));
      const dashboard: Record<string, string | null> = {};
      for (const k of KPIS) dashboard[k] = await page.getByTestId(`kpi-${k}`).getAttribute('data-value');
      const db = new Database(dbFile, { readonly: true });
      let total: number;
      try {
        total = (db.prepare('SELECT count(*) AS n FROM incidents WHERE reported_at >= ? AND reported_at < ?').get(from, to) as { n: number }).n;
      } finally {
        db.close();
      }
      expect(Number(dashboard.total)).toBe(total);
      expect(total).toBeGreaterThan(30);

      // The dashboard's button turns the view into the presentation of the same period, in place (the
      // desktop shell allows no navigation); the address says so for a reload.
      await page.getByTestId('open-present').click();
      const root = page.getByTestId('present');
      expect(new URL(page.url()).searchParams.get('view')).toBe('present');
      await expect(root).toHaveAttribute('data-ready', '1', { timeout: 30_000 });
      expect(await slideNumber(page)).toBe(1);
      await expect(page.getByTestId('present-period')).toHaveText(`${yesterday} 至 ${today}`);
      await expect(page.getByTestId('present-number')).toHaveText('1 / 5');
      for (const k of KPIS) expect(await page.getByTestId(`present-kpi-${k}`).getAttribute('data-value'), k).toBe(dashboard[k]);
      await expect(page.getByTestId('present-kpi-total')).toContainText(total.toLocaleString('zh-CN'));

      // A remote: PageDown / PageUp; a keyboard: arrows, Space, Home, End; clamped at the ends.
      await page.keyboard.press('PageDown');
      expect(await slideNumber(page)).toBe(2);
      await expect(page.getByTestId('present-title')).toHaveText('事件分布');
      const points = Number(await page.getByTestId('present-map-svg').getAttribute('data-points'));
      expect(points).toBeGreaterThan(0);
      expect(points).toBeLessThanOrEqual(total);
      await page.keyboard.press('ArrowRight');
      expect(await slideNumber(page)).toBe(3);
      await page.keyboard.press('Space');
      expect(await slideNumber(page)).toBe(4);
      await expect(page.getByTestId('index-red').locator('tbody tr').first()).toBeVisible();
      await page.keyboard.press('PageUp');
      expect(await slideNumber(page)).toBe(3);
      await page.keyboard.press('End');
      expect(await slideNumber(page)).toBe(5);
      await expect(page.getByTestId('present-number')).toHaveText('5 / 5');
      await page.keyboard.press('PageDown');
      expect(await slideNumber(page)).toBe(5);
      await page.keyboard.press('ArrowLeft');
      expect(await slideNumber(page)).toBe(4);
      await page.keyboard.press('Home');
      expect(await slideNumber(page)).toBe(1);
      // F asks for full screen (headless Chromium grants it).
      await page.keyboard.press('f');
      await expect.poll(() => page.evaluate(() => document.fullscreenElement !== null)).toBe(true);
      await page.keyboard.press('f');
      await expect.poll(() => page.evaluate(() => document.fullscreenElement !== null)).toBe(false);

      await shootAll(page, '1920x1080');

      // The same slides on a 4K wall.
      // The standalone view (?view=present&from=…&to=…), on a 4K wall.
      const presentUrl = new URL(frozen.url);
      presentUrl.searchParams.set('view', 'present');
      presentUrl.searchParams.set('from', yesterday);
      presentUrl.searchParams.set('to', today);
      const big = await browser.newContext({ viewport: { width: 3840, height: 2160 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
      try {
        const p4k = await big.newPage();
        await p4k.goto(presentUrl.toString());
        await expect(p4k.getByTestId('present')).toHaveAttribute('data-ready', '1', { timeout: 30_000 });
        await shootAll(p4k, '3840x2160');
      } finally {
        await big.close();
      }

      // Esc goes back to the briefing of the same period.
      await page.keyboard.press('Escape');
      await expect(page.getByTestId('briefing')).toHaveAttribute('data-ready', '1', { timeout: 30_000 });
      expect(Number(await page.getByTestId('briefing').getAttribute('data-from'))).toBe(from);
      expect(Number(await page.getByTestId('briefing').getAttribute('data-to'))).toBe(to);
      expect(new URL(page.url()).searchParams.get('view')).toBe('briefing');
    } finally {
      await frozen.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
