// Issue 8: what the page may not do in web mode, tried in a real browser. A new window (window.open, a
// target=_blank link), an outside navigation (a link, a middle click, a form post) and permission
// requests (geolocation, camera) are each refused; the API socket refuses a missing or wrong token.
import { test, expect } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { startWebConsole } from './fixtures.ts';

test.describe('web mode security', () => {
  let console_: Awaited<ReturnType<typeof startWebConsole>> | null = null;

  test.beforeAll(async () => {
    console_ = await startWebConsole(['--demo', '--speed', '10']);
  });
  test.afterAll(async () => {
    await console_?.stop();
  });

  test('new windows, outside navigation and permission requests are refused', async ({ page, context }) => {
    const popups: string[] = [];
    context.on('page', (p) => popups.push(p.url()));
    const outsideRequests: string[] = [];
    await context.route((url) => !/^(https?|wss?):\/\/127\.0\.0\.1[:/]/.test(url.toString()) && !url.protocol.startsWith('data') && !url.protocol.startsWith('blob'), (route) => {
      outsideRequests.push(route.request().url());
      return route.abort();
    });
    await page.goto(console_!.url);
    await page.waitForLoadState('load');
    const home = page.url();

    // window.open to another origin: refused (null), no window appears.
    expect(await page.evaluate(() => window.open('https://example.com/', '_blank') === null)).toBe(true);

    // Links to another origin: a click, a middle click, a target=_blank click — nothing happens.
    await page.evaluate(() => {
      for (const [id, target, top] of [['out-self', '', 0], ['out-blank', '_blank', 60]] as const) {
        const a = document.createElement('a');
        a.id = id;
        a.href = 'https://example.com/phish';
        if (target) a.target = target;
        a.textContent = id;
        a.style.cssText = `position:fixed;top:${top}px;left:0;z-index:99999;background:#fff;padding:8px`;
        document.body.append(a);
      }
    });
    await page.click('#out-self');
    await page.click('#out-self', { button: 'middle' });
    await page.click('#out-blank');
    // A form that would post the page elsewhere: blocked by the CSP (form-action 'self').
    const formBlocked = await page.evaluate(
      () =>
        new Promise<string>((resolve) => {
          document.addEventListener('securitypolicyviolation', (e) => resolve(e.violatedDirective), { once: true });
          const f = document.createElement('form');
          f.action = 'https://example.com/collect';
          f.method = 'post';
          document.body.append(f);
          f.submit();
          setTimeout(() => resolve('not blocked'), 3000);
        }),
    );
    expect(formBlocked).toBe('form-action');
    await page.waitForTimeout(500);
    expect(page.url()).toBe(home);
    expect(popups).toEqual([]);
    expect(outsideRequests).toEqual([]);

    // Permission requests: denied by the Permissions-Policy header, without asking anyone.
    const geolocation = await page.evaluate(
      () =>
        new Promise<string>((resolve) => {
          navigator.geolocation.getCurrentPosition(() => resolve('granted'), (err) => resolve(err.code === err.PERMISSION_DENIED ? 'denied' : `error ${err.code}`));
          setTimeout(() => resolve('no answer'), 5000);
        }),
    );
    expect(geolocation).toBe('denied');
    // The camera and microphone (a machine without devices would answer NotFoundError to getUserMedia
    // before any policy, so ask the permission state the policy sets).
    const states = await page.evaluate(async () => {
      const q = async (name: string) => (await navigator.permissions.query({ name } as PermissionDescriptor).catch(() => ({ state: 'unsupported' }))).state;
      return { camera: await q('camera'), microphone: await q('microphone'), geolocation: await q('geolocation') };
    });
    expect(states).toEqual({ camera: 'denied', microphone: 'denied', geolocation: 'denied' });
    mkdirSync('artifacts/screenshots', { recursive: true });
    await page.screenshot({ path: 'artifacts/screenshots/security-after-attempts.png' });
  });

  test('the API socket refuses a missing or wrong token, and plain HTTP on /api', async ({ page }) => {
    const base = new URL(console_!.url);
    await page.goto(`${base.origin}/`); // the page itself holds no data: served without the token
    const outcomes = await page.evaluate(async (token) => {
      const tryWs = (query: string) =>
        new Promise<string>((resolve) => {
          const ws = new WebSocket(`ws://${location.host}/api${query}`);
          ws.onopen = () => {
            ws.close();
            resolve('opened');
          };
          ws.onclose = () => resolve('refused');
        });
      return {
        none: await tryWs(''),
        empty: await tryWs('?token='),
        wrong: await tryWs(`?token=${token.slice(0, -1)}x`),
        right: await tryWs(`?token=${token}`),
        http: (await fetch('/api')).status,
      };
    }, base.searchParams.get('token')!);
    expect(outcomes).toEqual({ none: 'refused', empty: 'refused', wrong: 'refused', right: 'opened', http: 426 });
  });
});
