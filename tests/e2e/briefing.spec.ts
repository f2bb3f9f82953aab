// The leaders' briefing end to end: a demo cache filled by `superbrain web` (fixed seed), frozen by
// restarting the console on the same data dir with no sub-centres, then the dashboard's figures checked
// against SQL written here, the print page made into a PDF by Chromium (page.pdf) with the expected pages
// rendered to PNG, and the CSV export.
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, startWebConsole } from './fixtures.ts';

const SCREENSHOTS = path.join(ROOT, 'artifacts', 'screenshots');
const PDF_DIR = path.join(ROOT, 'artifacts', 'briefing');
const DAY_MS = 86_400_000;

const shanghaiDay = (ms: number): string => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);

async function attr(page: Page, testId: string, name: string): Promise<number | null> {
  const v = await page.getByTestId(testId).getAttribute(name);
  return v === null || v === '' ? null : Number(v);
}

/** The figures, computed here from the tables without the host's queries. */
function expectedFigures(db: Database.Database, from: number, to: number, now: number) {
  type Row = { status: string; reported_at: number; due_at: number | null; closed_at: number | null; raw: string };
  const rows = db.prepare('SELECT status, reported_at, due_at, closed_at, raw FROM incidents WHERE reported_at >= ? AND reported_at < ?').all(from, to) as Row[];
  const closed = rows.filter((r) => r.status === 'closed' && r.closed_at !== null && r.closed_at < to);
  const withDue = closed.filter((r) => r.due_at !== null);
  const body = (r: Row) => JSON.parse(r.raw) as { satisfaction?: number; history: Array<{ action: string }> };
  const inGrid = closed.filter((r) => !body(r).history.some((h) => h.action === 'incident.dispatch' || h.action === 'incident.escalate'));
  const ratings = closed.map((r) => body(r).satisfaction).filter((s): s is number => typeof s === 'number' && s >= 1 && s <= 5);
  const cutoff = Math.min(now, to);
  const overdue = rows.filter((r) => r.status !== 'rejected' && r.due_at !== null && r.due_at < cutoff && !(r.status === 'closed' && r.closed_at !== null && r.closed_at < cutoff));
  const rejected = rows.filter((r) => r.status === 'rejected').length;
  const alerts = db.prepare('SELECT state, raw FROM alerts WHERE raised_at >= ? AND raised_at < ?').all(from, to) as Array<{ state: string; raw: string }>;
  const judged = alerts.filter((a) => a.state !== 'open').length;
  const fp = alerts.filter((a) => a.state === 'dismissed' && (JSON.parse(a.raw) as { dismissReason?: string }).dismissReason === 'false-positive').length;
  return {
    total: rows.length,
    closureRate: closed.length / (rows.length - rejected),
    onTimeRate: withDue.filter((r) => r.closed_at! <= r.due_at!).length / withDue.length,
    avgClose: closed.reduce((a, r) => a + (r.closed_at! - r.reported_at), 0) / closed.length,
    inGridRate: inGrid.length / closed.length,
    satisfaction: ratings.reduce((a, b) => a + b, 0) / ratings.length,
    overdue: overdue.length,
    alerts: alerts.length,
    falsePositiveRate: judged ? fp / judged : null,
  };
}

test('the briefing equals independent SQL, prints to a PDF of the expected pages, and exports CSV', async ({ page }) => {
  test.setTimeout(240_000);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'superbrain-e2e-briefing-'));
  mkdirSync(SCREENSHOTS, { recursive: true });
  rmSync(PDF_DIR, { recursive: true, force: true });
  mkdirSync(PDF_DIR, { recursive: true });
  for (const f of readdirSync(SCREENSHOTS)) if (f.startsWith('briefing-pdf')) rmSync(path.join(SCREENSHOTS, f));
  try {
    // 1. Fill a cache from the demo (six demo hours of backfill, then 600× until enough have closed).
    const filling = await startWebConsole(['--data-dir', dataDir, '--speed', '600', '--seed', '7']);
    const dbFile = path.join(dataDir, 'console.db');
    await expect
      .poll(() => {
        const db = new Database(dbFile, { readonly: true, fileMustExist: true });
        try {
          return (db.prepare("SELECT count(*) AS n FROM incidents WHERE status = 'closed'").get() as { n: number }).n;
        } finally {
          db.close();
        }
      }, { timeout: 90_000 })
      .toBeGreaterThan(60);
    await filling.stop();

    // 2. The same cache, frozen: a console with no sub-centres.
    const config = path.join(dataDir, 'frozen.json');
    writeFileSync(config, JSON.stringify({ consoleId: 'briefing-e2e', district: { id: '370102', name: '历下区' }, subcentres: [] }));
    const frozen = await startWebConsole(['--config', config, '--data-dir', dataDir]);
    try {
      const url = new URL(frozen.url);
      // Yesterday and today (Shanghai): the demo's backfill spans both at most times of day.
      const today = shanghaiDay(Date.now());
      const yesterday = shanghaiDay(Date.now() - DAY_MS);
      url.searchParams.set('view', 'briefing');
      url.searchParams.set('from', yesterday);
      url.searchParams.set('to', today);
      await page.goto(url.toString());
      const root = page.getByTestId('briefing');
      await expect(root).toHaveAttribute('data-ready', '1', { timeout: 30_000 });
      const from = (await attr(page, 'briefing', 'data-from'))!;
      const to = (await attr(page, 'briefing', 'data-to'))!;
      const generatedAt = (await attr(page, 'briefing', 'data-generated-at'))!;
      expect(to - from).toBe(2 * DAY_MS);

      const db = new Database(path.join(dataDir, 'console.db'), { readonly: true });
      let expected: ReturnType<typeof expectedFigures>;
      try {
        expected = expectedFigures(db, from, to, generatedAt);
      } finally {
        db.close();
      }
      expect(expected.total).toBeGreaterThan(60);
      for (const [key, value] of Object.entries(expected)) {
        const shown = await attr(page, `kpi-${key}`, 'data-value');
        if (value === null) expect(shown, key).toBeNull();
        else expect(shown, key).toBeCloseTo(value, 9);
      }
      await expect(page.getByTestId('chart-byDay').locator('svg')).toBeVisible();
      await expect(page.getByTestId('chart-byStreet').locator('svg')).toBeVisible();
      await page.screenshot({ path: path.join(SCREENSHOTS, 'briefing-dashboard.png') });
      await page.getByTestId('briefing-overdue').scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(SCREENSHOTS, 'briefing-dashboard-lower.png') });

      // 3. CSV export.
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
      const csvPath = path.join(PDF_DIR, 'briefing.csv');
      await download.saveAs(csvPath);
      const csv = readFileSync(csvPath, 'utf8');
      expect(csv.startsWith('\uFEFF主要指标')).toBe(true);
      expect(csv).toContain(`事件总数,${expected.total},`);
      expect(csv).toContain('超期事件清单');

      // 3b. The Excel workbook (made on the host with exceljs): one sheet per table, the figures as numbers.
      const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-xlsx').click()]);
      expect(xlsx.suggestedFilename()).toBe(`briefing-${yesterday}-${today}.xlsx`);
      const xlsxPath = path.join(PDF_DIR, 'briefing.xlsx');
      await xlsx.saveAs(xlsxPath);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(xlsxPath);
      expect(wb.worksheets.map((w) => w.name)).toEqual(expect.arrayContaining(['主要指标', '每日事件量', '各街道事件量', '超期事件清单', '组织力指数-红榜']));
      expect(wb.getWorksheet('主要指标')!.getCell('A2').value).toBe('事件总数');
      expect(wb.getWorksheet('主要指标')!.getCell('B2').value).toBe(expected.total);
      expect(wb.getWorksheet('主要指标')!.getCell('B3').value).toBeCloseTo(expected.closureRate, 9);

      // 3c. The strength-index ranking of the month (红黑榜 and the streets).
      await expect(page.getByTestId('briefing-index')).toBeVisible();
      await expect(page.getByTestId('index-red').locator('tbody tr').first()).toBeVisible();
      await expect(page.getByTestId('index-streets').locator('tbody tr')).not.toHaveCount(0);
      await page.getByTestId('briefing-index').scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(SCREENSHOTS, 'briefing-dashboard-index.png') });

      // 4. The print page, made into a PDF by Chromium.
      const printUrl = await page.getByTestId('open-print').getAttribute('href');
      expect(printUrl).toContain('print=1');
      const print = await page.context().newPage();
      await print.goto(new URL(printUrl!, url).toString());
      await expect(print.getByTestId('briefing-print')).toHaveAttribute('data-ready', '1', { timeout: 30_000 });
      const pages = Number(await print.getByTestId('briefing-print').getAttribute('data-pages'));
      await expect(print.getByTestId('print-cover')).toContainText(`${yesterday} 至 ${today}`);
      await print.emulateMedia({ media: 'print' });
      const pdfPath = path.join(PDF_DIR, 'briefing.pdf');
      await print.pdf({ path: pdfPath, preferCSSPageSize: true, printBackground: true });
      const info = execFileSync('pdfinfo', [pdfPath], { encoding: 'utf8' });
      expect(Number(/Pages:\s+(\d+)/.exec(info)?.[1])).toBe(pages);
      // A4 landscape: 842 × 595 pt
      const size = /Page size:\s+([\d.]+) x ([\d.]+)/.exec(info)!;
      expect(Math.round(Number(size[1]))).toBe(842);
      expect(Math.round(Number(size[2]))).toBe(595);
      execFileSync('pdftoppm', ['-png', '-r', '70', pdfPath, path.join(SCREENSHOTS, 'briefing-pdf')]);
      const pngs = readdirSync(SCREENSHOTS).filter((f) => f.startsWith('briefing-pdf') && f.endsWith('.png'));
      expect(pngs.length).toBeGreaterThanOrEqual(pages);
      // The map page (the 4th sheet: cover, overview, structure, map) has its title and is not blank:
      // rendered to PNG, a good share of its pixels are not white (the district's land is tinted).
      expect(execFileSync('pdftotext', ['-f', '4', '-l', '4', pdfPath, '-'], { encoding: 'utf8' })).toContain('三、事件分布');
      const mapPng = path.join(SCREENSHOTS, 'briefing-pdf-map');
      execFileSync('pdftoppm', ['-png', '-r', '50', '-f', '4', '-l', '4', '-singlefile', '-gray', pdfPath, mapPng]);
      const gray = execFileSync('pdftoppm', ['-r', '30', '-f', '4', '-l', '4', '-singlefile', '-gray', pdfPath]);
      // a PGM: header "P5\n<w> <h>\n255\n", then one byte per pixel
      const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(gray.subarray(0, 40).toString('latin1'))!;
      const pixels = gray.subarray(header[0].length);
      let inked = 0;
      for (const v of pixels) if (v < 250) inked++;
      expect(inked / pixels.length, 'share of non-white pixels on the map page').toBeGreaterThan(0.15);
      expect(execFileSync('pdftotext', ['-f', '6', '-l', '6', pdfPath, '-'], { encoding: 'utf8' })).toContain('五、组织力指数');

      // 4b. The desktop app's path: with a shell (Electron's preload gives `superbrainShell`), the dashboard
      // lays itself out as the same print page in place, waits for charts and map, then asks the shell to
      // print; here the shell's printToPdf is Chromium's page.pdf (what Electron's printToPDF calls).
      const shell = await page.context().newPage();
      let printedName: string | null = null;
      const shellPdf = path.join(PDF_DIR, 'briefing-shell.pdf');
      await shell.exposeFunction('__testPrintToPdf', async (name: string) => {
        printedName = name;
        await shell.emulateMedia({ media: 'print' });
        await shell.pdf({ path: shellPdf, preferCSSPageSize: true, printBackground: true });
        await shell.emulateMedia({ media: 'screen' });
        return shellPdf;
      });
      await shell.addInitScript(() => {
        (window as unknown as { superbrainShell: unknown }).superbrainShell = { printToPdf: (name: string) => (window as unknown as { __testPrintToPdf(n: string): Promise<string> }).__testPrintToPdf(name) };
      });
      await shell.goto(url.toString());
      await expect(shell.getByTestId('briefing')).toHaveAttribute('data-ready', '1', { timeout: 30_000 });
      await expect(shell.getByTestId('open-print')).toHaveCount(0);
      await shell.getByTestId('export-pdf').click();
      await expect(shell.getByTestId('briefing-notice')).toContainText(shellPdf, { timeout: 60_000 });
      expect(printedName).toBe(`briefing-${yesterday}-${today}.pdf`);
      const shellInfo = execFileSync('pdfinfo', [shellPdf], { encoding: 'utf8' });
      expect(Number(/Pages:\s+(\d+)/.exec(shellInfo)?.[1])).toBe(pages);
      expect(execFileSync('pdftotext', ['-f', '4', '-l', '4', shellPdf, '-'], { encoding: 'utf8' })).toContain('三、事件分布');
      // back on the dashboard afterwards
      await expect(shell.getByTestId('briefing')).toBeVisible();
      await shell.close();

      // 5. The wall replays one demo hour: the incidents of that hour appear in order.
      const log = new Database(path.join(dataDir, 'console.db'), { readonly: true });
      let firstSeen: Map<string, number>;
      const reportedAt = new Map<string, number>();
      try {
        firstSeen = new Map();
        const rows = log.prepare(`SELECT entity_id AS id, raw FROM event_log WHERE type = 'incident.upsert' ORDER BY id`).all() as Array<{ id: string; raw: string }>;
        for (const r of rows) {
          const b = (JSON.parse(r.raw) as { body: { updatedAt: string; reportedAt: string } }).body;
          const seen = Math.max(Date.parse(b.updatedAt), Date.parse(b.reportedAt));
          firstSeen.set(r.id, Math.min(firstSeen.get(r.id) ?? Infinity, seen));
          reportedAt.set(r.id, Date.parse(b.reportedAt));
        }
      } finally {
        log.close();
      }
      const visibleAt = (t: number): number => [...firstSeen.values()].filter((s) => s <= t).length;
      // the hour around the middle of the demo's incidents
      const seen = [...firstSeen.values()].sort((x, y) => x - y);
      const hourFrom = Math.floor((seen[Math.floor(seen.length / 2)]! - 1_800_000) / 60_000) * 60_000;
      const hourTo = hourFrom + 3_600_000;
      const wallUrl = new URL(frozen.url);
      wallUrl.searchParams.set('view', 'wall');
      wallUrl.searchParams.set('replay', `${hourFrom}-${hourTo}`);
      await page.goto(wallUrl.toString());
      const bar = page.getByTestId('replay-bar');
      await expect(bar).toHaveAttribute('data-status', 'ready', { timeout: 30_000 });
      expect(Number(await bar.getAttribute('data-visible'))).toBe(visibleAt(hourFrom));
      const counts: number[] = [];
      for (const frac of [0.25, 0.5, 0.75, 1]) {
        const t = hourFrom + Math.round((3_600_000 * frac) / 1000) * 1000;
        await page.getByTestId('replay-timeline').fill(String(t));
        await expect(bar).toHaveAttribute('data-cursor', String(t));
        const visible = Number(await bar.getAttribute('data-visible'));
        expect(visible, `incidents on the map at ${new Date(t).toISOString()}`).toBe(visibleAt(t));
        counts.push(visible);
      }
      expect(counts[3]!, `visible at the quarters: ${counts.join(', ')}`).toBeGreaterThan(counts[0]!);
      // The map's time filter runs on the replayed clock: "last hour" at the end of the replayed hour is the
      // incidents reported in that hour (the filter's float32 seconds make its edges good to ~16 s).
      await page.getByTestId('filter-status').selectOption('all');
      await page.getByTestId('filter-window').selectOption('1h');
      const inLastHour = (slack: number) => [...firstSeen.entries()].filter(([id, s]) => s <= hourTo && reportedAt.get(id)! >= hourFrom + slack && reportedAt.get(id)! <= hourTo).length;
      expect(inLastHour(0), 'the replayed hour has incidents reported in it').toBeGreaterThan(0);
      await expect
        .poll(async () => Number(await page.getByTestId('wall-map').getAttribute('data-incidents-passing')), { timeout: 20_000 })
        .toBeGreaterThanOrEqual(inLastHour(20_000));
      expect(Number(await page.getByTestId('wall-map').getAttribute('data-incidents-passing'))).toBeLessThanOrEqual(inLastHour(-20_000));
      await page.getByTestId('filter-reset').dispatchEvent('click');
      await expect(page.getByTestId('wall-map')).toHaveAttribute('data-boundaries', 'loaded', { timeout: 60_000 });
      await page.screenshot({ path: path.join(SCREENSHOTS, 'briefing-replay.png') });
      // Playing moves the cursor; Esc returns to live.
      await page.getByTestId('replay-timeline').fill(String(hourFrom));
      await page.getByTestId('replay-speed').selectOption('600');
      await page.getByTestId('replay-toggle').click();
      await expect.poll(async () => Number(await bar.getAttribute('data-cursor'))).toBeGreaterThan(hourFrom + 60_000);
      await page.keyboard.press('Escape');
      await expect(bar).toHaveCount(0);
      await expect(page.getByTestId('replay-open')).toBeVisible();
      await page.screenshot({ path: path.join(SCREENSHOTS, 'briefing-wall-back-to-live.png') });
    } finally {
      await frozen.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
