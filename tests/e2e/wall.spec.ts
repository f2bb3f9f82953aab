// The map wall end to end: `superbrain web` (the embedded Lixia demo, or real `superbrain subcentre`
// processes through --config) driven in Chromium. What a duty officer sees: the district drawn, incidents
// arriving, sub-centre links going stale / down / back, the language switch, and the wall at 1080p and 4K.
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ROOT, startSubcentreProcess, startWebConsole } from './fixtures.ts';

const SCREENSHOTS = path.join(ROOT, 'artifacts', 'screenshots');

function mapOf(page: Page) {
  return page.getByTestId('wall-map');
}

async function numberAttr(page: Page, testId: string, attr: string): Promise<number> {
  const v = await page.getByTestId(testId).getAttribute(attr);
  return Number(v ?? Number.NaN);
}

/** Opens the wall and waits until the district is drawn. */
async function openWall(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await expect(page.getByTestId('wall-title')).toBeVisible();
  await expect(mapOf(page)).toHaveAttribute('data-boundaries', 'loaded', { timeout: 60_000 });
}

/** How many distinct colours (quantised) an image has, decoded by the page itself. */
async function colourVariety(page: Page, png: Buffer): Promise<{ colours: number; nonBackground: number }> {
  return page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = img.naturalWidth;
    canvas.height = img.naturalHeight;
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(img, 0, 0);
    const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    const seen = new Set<number>();
    const bg = [data[0]!, data[1]!, data[2]!];
    let differ = 0;
    for (let i = 0; i < data.length; i += 4) {
      const r = data[i]!;
      const g = data[i + 1]!;
      const b = data[i + 2]!;
      seen.add(((r >> 3) << 10) | ((g >> 3) << 5) | (b >> 3));
      if (Math.abs(r - bg[0]!) + Math.abs(g - bg[1]!) + Math.abs(b - bg[2]!) > 24) differ++;
    }
    return { colours: seen.size, nonBackground: differ / (data.length / 4) };
  }, png.toString('base64'));
}

/** What the top bar cuts off: the centre's name, or view links hidden past the end of the bar. */
async function topBarCut(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const cut: string[] = [];
    const name = document.querySelector<HTMLElement>('.topbar-centre');
    if (name && name.scrollWidth > name.clientWidth + 1) cut.push(`name: ${name.textContent}`);
    const nav = document.querySelector<HTMLElement>('.view-nav');
    if (nav) {
      const box = nav.getBoundingClientRect();
      for (const a of Array.from(nav.querySelectorAll<HTMLElement>('.view-link'))) {
        const r = a.getBoundingClientRect();
        if (r.right > box.right + 1 || r.left < box.left - 1) cut.push(`link: ${a.textContent}`);
      }
    }
    return cut;
  });
}

test.describe('the wall on the embedded demo district', () => {
  test.describe.configure({ mode: 'serial' });
  let demo: Awaited<ReturnType<typeof startWebConsole>> | null = null;

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    demo = await startWebConsole();
  });

  test.afterAll(async () => {
    await demo?.stop();
  });

  test('the map draws the Lixia district from the offline boundaries', async ({ page }) => {
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await openWall(page, demo!.url);
    const map = mapOf(page);
    await expect(map.locator('canvas').first()).toBeVisible();
    await expect(page.getByTestId('boundary-note')).toContainText('示意');
    const shot = await map.screenshot();
    const variety = await colourVariety(page, shot);
    expect(variety.colours, 'the map is not one flat colour').toBeGreaterThan(20);
    expect(variety.nonBackground, 'the district covers a good part of the map').toBeGreaterThan(0.08);
    // Offline: nothing but the console's own origin (no tiles, glyphs or fonts from the internet).
    const origin = new URL(demo!.url).origin;
    const foreign = requests.filter((u) => !u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:'));
    expect(foreign).toEqual([]);
  });

  test('the English switch changes the title and labels, is remembered, and switches back', async ({ page }) => {
    await openWall(page, demo!.url);
    const title = page.getByTestId('wall-title');
    await expect(title).toContainText('城市超脑');
    await expect(title).toContainText('历下区城市运行指挥中心');
    await expect(page.getByTestId('kpi-open')).toContainText('在办事件');
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    expect(await topBarCut(page), 'the centre\'s name and every view link whole').toEqual([]);

    await page.getByTestId('lang-switch').click();
    await expect(title).toContainText('Superbrain');
    await expect(title).toContainText('Lixia District');
    await expect(title).not.toContainText('城市超脑');
    await expect(page.getByTestId('kpi-open')).toContainText('Open incidents');
    await expect(page.getByTestId('kpi-overdue')).toContainText('Overdue');
    await expect(page.locator('.links-panel .panel-title')).toHaveText('Sub-centre links');
    await expect(page.getByTestId('link-row-370102012')).toContainText('Longdong');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');

    await expect.poll(() => topBarCut(page), { message: 'English at 1920 wide: the name and every view link whole' }).toEqual([]);

    await page.reload();
    await expect(page.getByTestId('wall-title')).toContainText('Superbrain');

    await page.getByTestId('lang-switch').click();
    await expect(page.getByTestId('wall-title')).toContainText('城市超脑');
    await expect(page.getByTestId('kpi-open')).toContainText('在办事件');
    await expect(page.getByTestId('link-row-370102012')).toContainText('龙洞街道');
  });

  for (const [width, height] of [
    [1920, 1080],
    [3840, 2160],
  ] as const) {
    test.describe(`at ${width}×${height}`, () => {
      test.use({ viewport: { width, height }, deviceScaleFactor: 1 });

      test(`the wall at ${width}×${height} after live data has arrived (screenshot)`, async ({ page }) => {
        test.setTimeout(180_000);
        await openWall(page, demo!.url);
        await expect.poll(() => numberAttr(page, 'wall-map', 'data-incidents-drawn'), { timeout: 60_000 }).toBeGreaterThan(0);
        await expect(page.getByTestId('ticker-item').nth(4)).toBeVisible({ timeout: 60_000 });
        await expect(page.locator('[data-testid^="link-row-"][data-state="connected"]')).toHaveCount(13, { timeout: 60_000 });
        await expect.poll(() => numberAttr(page, 'kpi-open', 'data-value')).toBeGreaterThan(0);
        // Type follows the display: the same proportions at 4K, and nothing small enough to miss from 3 m.
        const sizes = await page.evaluate(() => {
          const px = (el: Element | null) => (el ? Number.parseFloat(getComputedStyle(el).fontSize) : 0);
          let smallest = Infinity;
          for (const el of document.querySelectorAll('body *')) {
            if (!(el instanceof HTMLElement) || el.childElementCount > 0 || !el.textContent?.trim()) continue;
            const r = el.getBoundingClientRect();
            if (r.width === 0 || r.height === 0) continue;
            smallest = Math.min(smallest, px(el));
          }
          return { root: px(document.documentElement), kpi: px(document.querySelector('.kpi-value')), smallest };
        });
        const scale = height / 1080;
        expect(sizes.root).toBeGreaterThan(17 * scale);
        expect(sizes.kpi).toBeGreaterThan(45 * scale);
        expect(sizes.smallest).toBeGreaterThanOrEqual(14 * scale);
        // Nothing spills out of the screen.
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth > innerWidth || document.documentElement.scrollHeight > innerHeight);
        expect(overflow).toBe(false);
        await page.waitForTimeout(1500); // let a few more frames and events land
        mkdirSync(SCREENSHOTS, { recursive: true });
        await page.screenshot({ path: path.join(SCREENSHOTS, `wall-${width}x${height}.png`) });
      });
    });
  }
});

// The demo runs on a clock 60 times faster here, so that incidents are reported within seconds even in
// the quiet hours of the night (the scenario follows a day/night rhythm).
test.describe('live incidents on a fast demo clock', () => {
  let fast: Awaited<ReturnType<typeof startWebConsole>> | null = null;

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    fast = await startWebConsole(['--speed', '60']);
  });

  test.afterAll(async () => {
    await fast?.stop();
  });

  test('incidents arrive live: the map, the KPIs and the ticker fill up and keep growing', async ({ page }) => {
    await openWall(page, fast!.url);
    await expect.poll(() => numberAttr(page, 'wall-map', 'data-incidents-drawn'), { timeout: 60_000 }).toBeGreaterThan(0);
    await expect.poll(() => numberAttr(page, 'kpi-open', 'data-value')).toBeGreaterThan(0);
    await expect(page.getByTestId('ticker-item').first()).toBeVisible();
    const drawn0 = await numberAttr(page, 'wall-map', 'data-incidents-drawn');
    const new0 = await numberAttr(page, 'kpi-new-today', 'data-value');
    const top0 = await page.getByTestId('ticker-item').first().textContent();
    // While watching, new incidents are reported: more drawn or more reported today, and new ticker lines.
    await expect
      .poll(
        async () => {
          const drawn = await numberAttr(page, 'wall-map', 'data-incidents-drawn');
          const newToday = await numberAttr(page, 'kpi-new-today', 'data-value');
          return drawn > drawn0 || newToday > new0;
        },
        { timeout: 60_000 },
      )
      .toBe(true);
    await expect.poll(() => page.getByTestId('ticker-item').first().textContent(), { timeout: 60_000 }).not.toBe(top0);
    const probe = await page.evaluate(() => window.__superbrainWall);
    expect(probe?.incidents).toBeGreaterThan(0);
    expect(probe?.frames).toBeGreaterThan(0);
    // The 13 demo sub-centres are listed and connected.
    await expect(page.locator('[data-testid^="link-row-"]')).toHaveCount(13);
    await expect(page.locator('[data-testid^="link-row-"][data-state="connected"]')).toHaveCount(13, { timeout: 60_000 });
  });

});

/** A TCP port that was free a moment ago (the sub-centre must come back on the same one). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

// The drill runs with a 3 s stale limit, so the sub-centres send `status` every second (a healthy link is
// never silent for 3 s, whatever its scenario has to say).
const SPEED = 1;
const STATUS_EVERY_S = 1;

test('a sub-centre that stops turns stale, then down when it dies, and connected again when restarted', async ({ page }) => {
  test.setTimeout(240_000);
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'superbrain-wall-links-'));
  const streets = [
    { id: '370102012', name: '龙洞街道', token: 'token-longdong' },
    { id: '370102013', name: '智远街道', token: 'token-zhiyuan' },
  ];
  const running: Array<Awaited<ReturnType<typeof startSubcentreProcess>>> = [];
  let web: Awaited<ReturnType<typeof startWebConsole>> | null = null;
  try {
    const specs = [];
    for (const s of streets) {
      const port = await freePort();
      const dataDir = path.join(tmp, s.id);
      mkdirSync(dataDir, { recursive: true });
      specs.push({ ...s, port, dataDir });
      running.push(await startSubcentreProcess({ street: s.id, port, dataDir, token: s.token, scenario: true, speed: SPEED, statusIntervalSeconds: STATUS_EVERY_S }));
    }
    const config = path.join(tmp, 'console.json');
    writeFileSync(
      config,
      JSON.stringify({
        consoleId: 'e2e-wall',
        subcentres: specs.map((s) => ({ id: s.id, name: s.name, url: `http://127.0.0.1:${s.port}`, token: s.token })),
        staleAfterSeconds: 3,
      }),
    );
    web = await startWebConsole(['--config', config]);
    await openWall(page, web.url);
    const victim = page.getByTestId(`link-row-${streets[0]!.id}`);
    const other = page.getByTestId(`link-row-${streets[1]!.id}`);
    await expect(victim).toHaveAttribute('data-state', 'connected', { timeout: 60_000 });
    await expect(other).toHaveAttribute('data-state', 'connected', { timeout: 60_000 });
    await expect(victim).toContainText('在线');

    running[0]!.kill('SIGSTOP'); // frozen: the socket stays open but nothing is heard
    await expect(victim).toHaveAttribute('data-state', 'stale', { timeout: 30_000 });
    await expect(victim).toContainText('滞后');

    running[0]!.kill('SIGKILL'); // dead: the connection drops
    await running[0]!.stop();
    await expect(victim).toHaveAttribute('data-state', 'down', { timeout: 60_000 });
    await expect(victim).toContainText('中断');
    await expect(other).toHaveAttribute('data-state', 'connected');

    const v = specs[0]!;
    running[0] = await startSubcentreProcess({ street: v.id, port: v.port, dataDir: v.dataDir, token: v.token, scenario: true, speed: SPEED, statusIntervalSeconds: STATUS_EVERY_S });
    await expect(victim).toHaveAttribute('data-state', 'connected', { timeout: 90_000 });
    await expect(victim).toContainText('在线');
    await expect(page.getByTestId('host-state')).toHaveAttribute('data-state', 'connected');

    // The host itself goes away: the wall says so plainly and keeps its last picture.
    await expect.poll(() => numberAttr(page, 'wall-map', 'data-incidents-drawn'), { timeout: 30_000 }).toBeGreaterThan(0);
    await web.stop();
    await expect(page.getByTestId('host-state')).toHaveAttribute('data-state', 'disconnected', { timeout: 30_000 });
    await expect(page.getByTestId('host-lost')).toBeVisible();
    await expect(page.getByTestId('host-lost')).toContainText('连接已中断');
    const drawnAfter = await numberAttr(page, 'wall-map', 'data-incidents-drawn');
    expect(drawnAfter).toBeGreaterThan(0);
    await expect(page.locator('[data-testid^="link-row-"]')).toHaveCount(2);
    await expect(page.getByTestId('kpi-open')).not.toHaveAttribute('data-value', '');
  } finally {
    await web?.stop();
    for (const p of running) {
      p.kill('SIGCONT');
      await p.stop();
    }
    rmSync(tmp, { recursive: true, force: true });
  }
});
