/// <reference lib="dom" />
// Wall benchmarks (issue 3): the time from `npm start` to the first wall frame with live data, and the
// renderer's frame time with the demo at 10× speed, in Debian's Chromium. Without a GPU machine this is
// SwiftShader (software WebGL on the CPU): an upper bound for a real wall PC with a GPU.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from '@playwright/test';

const root = path.resolve(import.meta.dirname, '..');
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--enable-unsafe-swiftshader', '--use-angle=swiftshader', '--ignore-gpu-blocklist'];

/** Resolves with the URL a `superbrain web` (or `npm start`) child prints on its SUPERBRAIN_URL= line. */
export function waitForUrl(child: ChildProcess, timeoutMs = 120_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new Error('no SUPERBRAIN_URL line in time')), timeoutMs);
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (chunk: string) => {
      buf += chunk;
      const m = /SUPERBRAIN_URL=(\S+)/.exec(buf);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code} before printing its URL`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

async function firstLiveFrame(browser: Browser, url: string, width: number, height: number) {
  const page = await browser.newPage({ viewport: { width, height } });
  await page.goto(url);
  await page.waitForFunction(() => (window.__superbrainWall?.incidents ?? 0) > 0 && (window.__superbrainWall?.frames ?? 0) > 0, undefined, { timeout: 120_000, polling: 50 });
  return page;
}

declare global {
  interface Window {
    __superbrainWall?: { incidents: number; alerts: number; frames: number };
  }
}

interface FrameStats { n: number; p50: number; p95: number; deckFrames: number; incidents: number; arrived: number; longTasks: number; longestTask: number; busyShare: number }

const MEASURE_FRAMES = `async function (ms) {
  const deltas = [];
  const probe = window.__superbrainWall;
  const frames0 = probe.frames, incidents0 = probe.incidents;
  const longTasks = [];
  const observer = new PerformanceObserver(function (list) { for (const e of list.getEntries()) longTasks.push(e.duration); });
  observer.observe({ type: 'longtask' });
  await new Promise(function (resolve) {
    const t0 = performance.now();
    let last = t0;
    function step(t) {
      deltas.push(t - last);
      last = t;
      if (t - t0 < ms) requestAnimationFrame(step); else resolve();
    }
    requestAnimationFrame(step);
  });
  observer.disconnect();
  deltas.shift();
  deltas.sort(function (a, b) { return a - b; });
  const busy = longTasks.reduce(function (a, b) { return a + b; }, 0);
  function q(p) { return deltas[Math.min(deltas.length - 1, Math.floor(p * deltas.length))]; }
  return { n: deltas.length, p50: q(0.5), p95: q(0.95), deckFrames: probe.frames - frames0, incidents: probe.incidents, arrived: probe.incidents - incidents0, longTasks: longTasks.length, longestTask: longTasks.length ? Math.max.apply(null, longTasks) : 0, busyShare: busy / ms };
}`;

export async function benchWall(options: { seconds: number }): Promise<{ markdown: string }> {
  const browser = await chromium.launch({ executablePath: process.env.SUPERBRAIN_CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const dirs: string[] = [];
  const children: ChildProcess[] = [];
  const tmp = () => {
    const d = mkdtempSync(path.join(os.tmpdir(), 'sb-bench-wall-'));
    dirs.push(d);
    return d;
  };
  try {
    // 1. `npm start` (no display here, so it prints the URL) → the first frame with live incidents.
    const env = { ...process.env };
    delete env.DISPLAY;
    delete env.WAYLAND_DISPLAY;
    const t0 = performance.now();
    const start = spawn(process.execPath, [path.join(root, 'scripts/start.mjs'), '--data-dir', tmp()], { cwd: root, env, stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(start);
    const url = await waitForUrl(start);
    const tUrl = performance.now() - t0;
    const page0 = await firstLiveFrame(browser, url, 1920, 1080);
    const tFrame = performance.now() - t0;
    await page0.close();
    await stop(start);
    console.log(`npm start → URL ${(tUrl / 1000).toFixed(2)} s, → first live frame ${(tFrame / 1000).toFixed(2)} s`);

    // 2. Frame time with the demo at 10× speed.
    const web = spawn(process.execPath, [path.join(root, 'bin/superbrain.mjs'), 'web', '--demo', '--speed', '10', '--port', '0', '--data-dir', tmp()], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(web);
    const webUrl = await waitForUrl(web);
    const rows: string[] = [];
    for (const [w, h] of [[1920, 1080], [3840, 2160]] as const) {
      const page = await firstLiveFrame(browser, webUrl, w, h);
      await page.waitForTimeout(3000); // let the first chunks settle
      // A string, not a function: tsx's transform would add helpers the page does not have.
      const r = (await page.evaluate(`(${MEASURE_FRAMES})(${options.seconds * 1000})`)) as FrameStats;
      console.log(JSON.stringify(r));
      rows.push(`| ${w}×${h} | ${r.incidents.toLocaleString('en-US')} | ${r.arrived} | ${r.n} | ${r.p50.toFixed(1)} ms | ${r.p95.toFixed(1)} ms | ${(r.deckFrames / options.seconds).toFixed(1)} | ${r.longTasks} (longest ${r.longestTask.toFixed(0)} ms) | ${(r.busyShare * 100).toFixed(1)}% |`);
      console.log(rows.at(-1));
      await page.close();
    }
    await stop(web);
    const markdown = [
      '## Wall: start-up and frame time (issue 3)',
      '',
      `Debian Chromium ${browser.version()} headless with SwiftShader (software WebGL on this machine's 2 CPU cores; no GPU was lent to this task), so these are upper bounds for a wall PC with a GPU.`,
      '',
      '| from `npm start` (build already done, fresh data dir) | seconds |',
      '| --- | ---: |',
      `| to the printed URL (13 demo sub-centres up, host listening) | ${(tUrl / 1000).toFixed(2)} |`,
      `| to the first wall frame with live incidents (browser pre-launched) | ${(tFrame / 1000).toFixed(2)} |`,
      '',
      `Frame time over ${options.seconds} s with the demo at 10× speed (\`superbrain web --demo --speed 10\`), measured as requestAnimationFrame intervals on the page's main thread (every browser frame, whether the map redraws or not: the p95 shows the frames held up by data pulls and redraws); deck.gl redraws/s counts the frames in which the map layers were actually redrawn (live data arriving, the pulse of new incidents); the last two columns are the page's long tasks (PerformanceObserver), i.e. how long the main thread could not answer the operator:`,
      '',
      '| viewport | open incidents on the map | change while measuring | frames | p50 | p95 | deck.gl redraws/s | main-thread tasks > 50 ms | main thread in such tasks |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...rows,
    ].join('\n');
    return { markdown };
  } finally {
    for (const c of children) await stop(c);
    await browser.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
}
