/// <reference lib="dom" />
// Briefing benchmarks (issue 7): the dashboard of a month of a busy district (incident rows inserted
// straight into a fresh cache: 13 streets, 900 grids, full SFP/1 bodies with history), and the time to
// make the PDF briefing of that month in Debian's Chromium (print page loaded, charts in, page.pdf).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { waitForUrl } from './wall.ts';
import { openStore } from '../src-main/store/store.ts';
import { getBriefing, getBriefingMapPoints } from '../src-main/store/briefing-queries.ts';
import { briefingWorkbookBase64 } from '../src-main/briefing/briefing-workbook.ts';
import { LIXIA_STREETS } from '../src-shared/domain/lixia.ts';
import { formatShanghaiIso } from '../src-main/store/time.ts';

const root = path.resolve(import.meta.dirname, '..');
const DAY = 86_400_000;
const HOUR = 3_600_000;
const CATEGORIES = [
  ['市容环境', '0101', '暴露垃圾'],
  ['街面秩序', '0201', '占道经营'],
  ['街面秩序', '0202', '违章停车'],
  ['施工管理', '0301', '施工扰民'],
  ['突发事件', '0501', '积水内涝'],
  ['矛盾纠纷', '0601', '邻里纠纷'],
  ['安全隐患', '0701', '消防通道堵塞'],
  ['民生服务', '0801', '路灯不亮'],
] as const;
const SOURCES = ['grid-worker', 'hotline-12345', 'video', 'patrol', 'resident', 'department'] as const;
const KINDS = ['crowd', 'fire-smoke', 'illegal-parking', 'street-vending', 'garbage-overflow', 'intrusion', 'fall', 'flood'] as const;

/** Mulberry32: deterministic, so that every run inserts the same month. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fills a fresh cache with `perMonth` incidents over 30 days before `end` and 30 days before that. */
export function fill(file: string, perMonth: number, end: number): { rows: number; ms: number } {
  const started = performance.now();
  const store = openStore(file);
  const r = rng(7);
  const db = store.db;
  const gridsPerStreet = 70;
  const insGrid = db.prepare(`INSERT INTO grids (grid_id, subcentre_id, rev, name, community_id, raw, lv) VALUES (?, ?, 1, ?, ?, '{}', 0)`);
  const ins = db.prepare(`INSERT INTO incidents (incident_id, subcentre_id, rev, category_major, category_minor, category_name, title, source, severity, level, status,
    lon, lat, grid_id, address, department, alert_id, reported_at, updated_at, due_at, closed_at, raw, lv) VALUES
    (@id, @street, 3, @major, @minor, @name, @title, @source, @severity, 'grid', @status, 117.05, 36.67, @grid, NULL, @department, NULL, @reported, @updated, @due, @closed, @raw, 0)`);
  const insAlert = db.prepare(`INSERT INTO alerts (alert_id, subcentre_id, rev, camera_id, kind, confidence, severity, state, lon, lat, grid_id, raised_at, updated_at, incident_id, has_snapshot, raw, lv)
    VALUES (?, ?, 2, 'cam', ?, 0.8, 'yellow', ?, 117.05, 36.67, ?, ?, ?, NULL, 0, ?, 0)`);
  let rows = 0;
  db.transaction(() => {
    for (const s of LIXIA_STREETS) for (let g = 0; g < gridsPerStreet; g++) insGrid.run(`${s.id}-g${g}`, s.id, `${s.name.slice(0, 2)}第${g + 1}网格`, `${s.id}-c${g % 7}`);
    const total = perMonth * 2;
    for (let i = 0; i < total; i++) {
      const street = LIXIA_STREETS[Math.floor(r() * LIXIA_STREETS.length)]!;
      const grid = `${street.id}-g${Math.floor(r() * gridsPerStreet)}`;
      const [major, minor, name] = CATEGORIES[Math.floor(r() * CATEGORIES.length)]!;
      const reported = end - 60 * DAY + Math.floor(r() * 60 * DAY);
      const severity = r() < 0.1 ? 'red' : r() < 0.5 ? 'yellow' : 'green';
      const due = reported + (severity === 'red' ? 2 : severity === 'yellow' ? 24 : 72) * HOUR;
      const x = r();
      const status = x < 0.03 ? 'rejected' : x < 0.85 ? 'closed' : x < 0.9 ? 'resolved' : 'handling';
      const inGrid = r() < 0.45;
      const closed = status === 'closed' ? reported + Math.floor(r() * (due - reported) * 1.3) : null;
      const history = [{ at: formatShanghaiIso(reported), action: 'report', by: { id: 'gw', name: '网格员' } }, { at: formatShanghaiIso(reported + 60_000), action: 'incident.accept' }];
      if (!inGrid) history.push({ at: formatShanghaiIso(reported + 120_000), action: 'incident.dispatch' }, { at: formatShanghaiIso(reported + 600_000), action: 'handle' });
      if (closed) history.push({ at: formatShanghaiIso(closed - 60_000), action: 'incident.resolve' }, { at: formatShanghaiIso(closed), action: 'incident.close' });
      const id = `${street.id}-${i}`;
      const source = SOURCES[Math.floor(r() * SOURCES.length)]!;
      const body = {
        incidentId: id, rev: 3, category: { major, minor, name }, title: `${name} ${i}`, description: `${street.name}${name}，请尽快处理。`.repeat(3), source, severity, level: 'grid', status,
        location: { lon: 117.05, lat: 36.67, gridId: grid, address: `${street.name}某路${i % 300}号` }, reportedAt: formatShanghaiIso(reported), dueAt: formatShanghaiIso(due),
        updatedAt: formatShanghaiIso(closed ?? reported), ...(closed ? { closedAt: formatShanghaiIso(closed), satisfaction: r() < 0.8 ? 5 : r() < 0.7 ? 4 : 3 } : {}), ...(inGrid ? {} : { department: '城管' }), history,
      };
      ins.run({ id, street: street.id, major, minor, name, title: body.title, source, severity, status, grid, department: inGrid ? null : '城管', reported, updated: closed ?? reported, due, closed, raw: JSON.stringify(body) });
      rows++;
      if (i % 10 === 0) {
        const state = r() < 0.5 ? 'confirmed' : r() < 0.85 ? 'dismissed' : 'open';
        const raised = reported;
        insAlert.run(`a-${i}`, street.id, KINDS[i % KINDS.length]!, state, grid, raised, raised, JSON.stringify({ alertId: `a-${i}`, state, ...(state === 'dismissed' ? { dismissReason: r() < 0.6 ? 'false-positive' : 'duplicate' } : {}) }));
      }
    }
  })();
  store.close();
  return { rows, ms: performance.now() - started };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const f0 = (n: number): string => Math.round(n).toLocaleString('en-US');

export async function benchBriefing(options: { perMonth: number }): Promise<{ markdown: string }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sb-bench-briefing-'));
  const file = path.join(dir, 'console.db');
  // The month: the 30 Shanghai days up to today's midnight.
  const end = Math.floor((Date.now() + 8 * HOUR) / DAY) * DAY - 8 * HOUR;
  const from = end - 30 * DAY;
  let child: ChildProcess | null = null;
  try {
    const filled = fill(file, options.perMonth, end);
    const store = openStore(file);
    const times: number[] = [];
    const mapTimes: number[] = [];
    const xlsxTimes: number[] = [];
    let xlsxBytes = 0;
    let monthTotal = 0;
    try {
      for (let i = 0; i < 5; i++) {
        const t0 = performance.now();
        const b = getBriefing(store, { from, to: end }, Date.now());
        times.push(performance.now() - t0);
        monthTotal = b.current.total;
      }
      // the print page and the presentation also ask for the incidents' positions (withMap)
      for (let i = 0; i < 5; i++) {
        const t0 = performance.now();
        getBriefingMapPoints(store, { from, to: end });
        mapTimes.push(performance.now() - t0);
      }
      // the Excel workbook: the briefing, then exceljs on the host
      const b = getBriefing(store, { from, to: end }, Date.now());
      for (let i = 0; i < 3; i++) {
        const t0 = performance.now();
        xlsxBytes = Buffer.from(await briefingWorkbookBase64(b, { id: '370102', name: '历下区' }), 'base64').length;
        xlsxTimes.push(performance.now() - t0);
      }
    } finally {
      store.close();
    }

    // The PDF: a console on this cache with no sub-centres, the print page in Chromium.
    const config = path.join(dir, 'frozen.json');
    writeFileSync(config, JSON.stringify({ subcentres: [] }));
    child = spawn(process.execPath, [path.join(root, 'bin', 'superbrain.mjs'), 'web', '--port', '0', '--config', config, '--data-dir', dir], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    const url = new URL(await waitForUrl(child));
    const day = (ms: number): string => new Date(ms + 8 * HOUR).toISOString().slice(0, 10);
    url.searchParams.set('view', 'briefing');
    url.searchParams.set('print', '1');
    url.searchParams.set('from', day(from));
    url.searchParams.set('to', day(end - 1));
    const browser = await chromium.launch({ executablePath: process.env.SUPERBRAIN_CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
    const runs: Array<{ ready: number; pdf: number; bytes: number }> = [];
    try {
      for (let i = 0; i < 3; i++) {
        const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
        const t0 = performance.now();
        await page.goto(url.toString());
        await page.waitForSelector('[data-testid="briefing-print"][data-ready="1"]', { timeout: 120_000 });
        const t1 = performance.now();
        await page.emulateMedia({ media: 'print' });
        const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
        const t2 = performance.now();
        runs.push({ ready: t1 - t0, pdf: t2 - t1, bytes: pdf.length });
        await page.close();
      }
    } finally {
      await browser.close();
    }
    const table = [
      '| what | value |',
      '| --- | --- |',
      `| incidents in the cache (two months) | ${f0(filled.rows)} (inserted in ${f0(filled.ms)} ms) |`,
      `| incidents in the month briefed | ${f0(monthTotal)} |`,
      `| \`getBriefing\` for the month, median of 5 (first run) | ${f0(median(times))} ms (${f0(times[0]!)} ms) |`,
      `| the map's points (withMap, at most 5,000), median of 5 | ${f0(median(mapTimes))} ms |`,
      `| Excel workbook (exceljs, a sheet per table) from the briefing, median of 3 | ${f0(median(xlsxTimes))} ms (${f0(xlsxBytes / 1024)} KiB) |`,
      `| print page: open → data and charts in, median of 3 | ${f0(median(runs.map((r) => r.ready)))} ms |`,
      `| \`page.pdf()\` (Chromium printing), median of 3 | ${f0(median(runs.map((r) => r.pdf)))} ms |`,
      `| PDF briefing, open → file, median of 3 | ${f0(median(runs.map((r) => r.ready + r.pdf)))} ms (${f0(runs[0]!.bytes / 1024)} KiB) |`,
    ].join('\n');
    return {
      markdown: `## Briefing (issue 7)\n\nA month of a busy district: ${f0(options.perMonth)} incidents a month (plus the month before, for the comparison) over 13 streets and 910 grids, full SFP/1 bodies with history, and one alert per ten incidents, inserted straight into a fresh cache. \`getBriefing\` computes every figure, chart series, ranking and the overdue list for the month and the month before. The PDF is the print page of that month in Debian's Chromium made by \`page.pdf()\` (the same Chromium printing Electron's \`printToPDF\` uses), against \`superbrain web\` on that cache.\n\n${table}`,
    };
  } finally {
    if (child && child.exitCode === null) {
      const c = child;
      await new Promise<void>((resolve) => {
        c.once('exit', () => resolve());
        c.kill('SIGTERM');
      });
    }
    rmSync(dir, { recursive: true, force: true });
  }
}
