// Web mode's transport in a real browser: the page loads under the strict CSP without violations, its
// own origin may open the API socket with the token, and without the token the socket is refused.
import { test, expect } from '@playwright/test';
import { startWebConsole } from './fixtures.ts';

test.describe('web transport', () => {
  let console_: Awaited<ReturnType<typeof startWebConsole>> | null = null;

  test.beforeAll(async () => {
    console_ = await startWebConsole(['--demo', '--speed', '30']);
  });
  test.afterAll(async () => {
    await console_?.stop();
  });

  test('serves the page under the strict CSP without violations, and the API answers the page over its socket', async ({ page }) => {
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
    });
    const response = await page.goto(console_!.url);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.waitForLoadState('load');

    const answer = await page.evaluate(async () => {
      const token = new URLSearchParams(location.search).get('token');
      const ws = new WebSocket(`ws://${location.host}/api?token=${token}`);
      return await new Promise<{ transport: string; demo: boolean }>((resolve, reject) => {
        ws.onerror = () => reject(new Error('socket error'));
        ws.onopen = () => ws.send(JSON.stringify({ kind: 'call', id: 1, method: 'getInfo' }));
        ws.onmessage = (ev) => {
          const m = JSON.parse(String(ev.data)) as { kind: string; id?: number; value?: { transport: string; demo: boolean } };
          if (m.kind === 'result' && m.id === 1) {
            ws.close();
            resolve(m.value!);
          }
        };
      });
    });
    expect(answer).toMatchObject({ transport: 'web', demo: true });

    const refused = await page.evaluate(
      () =>
        new Promise<string>((resolve) => {
          const ws = new WebSocket(`ws://${location.host}/api?token=wrong`);
          ws.onopen = () => resolve('opened');
          ws.onclose = () => resolve('refused');
        }),
    );
    expect(refused).toBe('refused');
    expect(await page.evaluate(() => typeof (window as unknown as { superbrain?: unknown }).superbrain)).toBe('undefined');
    expect(violations).toEqual([]);
  });
});
