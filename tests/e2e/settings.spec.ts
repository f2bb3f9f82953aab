// Issue 9 end to end: `superbrain web` on the demo shows the first-run banner, which opens the settings;
// a duty officer adds a real `superbrain subcentre` process — a wrong token is refused as "unauthorized"
// in words and code, the right one connects it (the demo is left) — and on a console with a config file
// the sections it sets are locked.
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ROOT, startSubcentreProcess, startWebConsole } from './fixtures.ts';

const SCREENSHOTS = path.join(ROOT, 'artifacts', 'screenshots');
const DEMO_PASSWORD = 'superbrain-demo';
const TOKEN = 'e2e-longdong-token-7f3a';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

function viewUrl(url: string, view: string): string {
  const u = new URL(url);
  u.searchParams.set('view', view);
  return u.toString();
}

async function signIn(page: Page, name: string, password: string): Promise<void> {
  await page.getByTestId('op-signin-name').fill(name);
  await page.getByTestId('op-signin-password').fill(password);
  await page.getByTestId('op-signin-submit').click();
  await expect(page.getByTestId('settings-who')).toBeVisible();
}

test.describe.configure({ mode: 'serial' });

test('first run: the demo banner (dismissible) opens the settings; a wrong token is "unauthorized", the right one connects the sub-centre', async ({ page }) => {
  test.setTimeout(240_000);
  mkdirSync(SCREENSHOTS, { recursive: true });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'superbrain-e2e-settings-'));
  const subcentre = await startSubcentreProcess({ street: '370102012', port: await freePort(), dataDir: path.join(dir, 'sub'), token: TOKEN, scenario: true, speed: 30, statusIntervalSeconds: 1 });
  const web = await startWebConsole();
  try {
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.goto(web.url);
    const banner = page.getByTestId('demo-banner');
    await expect(banner).toBeVisible({ timeout: 60_000 });
    await expect(banner).toContainText('演示模式');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'settings-demo-banner.png') });

    // Dismissed, it stays dismissed on this wall (this browser profile) …
    await page.getByTestId('demo-banner-dismiss').click();
    await expect(banner).toHaveCount(0);
    await page.reload();
    await expect(page.getByTestId('wall')).toBeVisible({ timeout: 60_000 });
    await page.waitForTimeout(1500);
    await expect(banner).toHaveCount(0);
    // … and another wall (no memory of it) shows it again.
    await page.evaluate(() => window.localStorage.removeItem('superbrain.demoBanner.dismissed'));
    await page.reload();
    await expect(banner).toBeVisible({ timeout: 60_000 });

    await page.getByTestId('demo-banner-open').click();
    await expect(page).toHaveURL(/view=settings/);
    await expect(page.getByTestId('settings-view')).toBeVisible();
    // Not signed in: everything visible, nothing editable, and why.
    await expect(page.getByTestId('settings-readonly')).toContainText('管理员或值班员');
    await expect(page.getByTestId('settings-demo-note')).toBeVisible();
    await expect(page.locator('[data-testid^="endpoint-"][data-origin="demo"]')).toHaveCount(13, { timeout: 30_000 });
    await expect(page.getByTestId('endpoint-add')).toHaveCount(0);

    await page.getByTestId('settings-sign-in').click();
    await signIn(page, 'duty', DEMO_PASSWORD);
    await expect(page.getByTestId('settings-readonly')).toHaveCount(0);

    await page.getByTestId('endpoint-add').click();
    await page.getByTestId('endpoint-id').fill('370102012');
    await page.getByTestId('endpoint-name').fill('龙洞街道分中心');
    await page.getByTestId('endpoint-url').fill(subcentre.url);
    await page.getByTestId('endpoint-token').fill('not-the-token');
    await page.getByTestId('endpoint-test').click();
    const result = page.getByTestId('endpoint-test-result');
    await expect(result).toHaveAttribute('data-outcome', 'unauthorized', { timeout: 20_000 });
    await expect(result).toContainText('unauthorized');
    await expect(result).toContainText('令牌被拒绝');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'settings-unauthorized.png') });

    // A bad address is refused by the host, next to the field.
    await page.getByTestId('endpoint-url').fill('ftp://10.1.12.5');
    await page.getByTestId('endpoint-save').click();
    await expect(page.locator('.st-field-bad .st-field-error')).toContainText('http');

    await page.getByTestId('endpoint-url').fill(subcentre.url);
    await page.getByTestId('endpoint-token').fill(TOKEN);
    await page.getByTestId('endpoint-test').click();
    await expect(result).toHaveAttribute('data-outcome', 'ok', { timeout: 20_000 });
    await expect(result).toContainText('龙洞街道');
    await expect(page.getByTestId('endpoint-save')).toContainText('退出演示');
    await page.getByTestId('endpoint-save').click();

    // The demo is left: one sub-centre, saved in the app, connected.
    const row = page.getByTestId('endpoint-370102012');
    await expect(row).toHaveAttribute('data-origin', 'app', { timeout: 30_000 });
    await expect(row).toHaveAttribute('data-link', 'connected', { timeout: 30_000 });
    await expect(page.locator('[data-testid^="endpoint-"][data-origin="demo"]')).toHaveCount(0);
    await expect(page.getByTestId('settings-demo-note')).toHaveCount(0);
    await expect(row).toContainText('已设置');
    await expect(row).not.toContainText(TOKEN);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'settings-connected.png') });

    // The wall: no banner any more, the street's link connected.
    await page.goto(web.url);
    await expect(page.getByTestId('link-row-370102012')).toHaveAttribute('data-state', 'connected', { timeout: 60_000 });
    await expect(page.getByTestId('demo-banner')).toHaveCount(0);
  } finally {
    await web.stop();
    await subcentre.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a console with a config file: its sub-centre and its wall sections are locked; accounts for the admin', async ({ page }) => {
  test.setTimeout(180_000);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'superbrain-e2e-settings-cfg-'));
  const subcentre = await startSubcentreProcess({ street: '370102012', port: await freePort(), dataDir: path.join(dir, 'sub'), token: TOKEN, statusIntervalSeconds: 1 });
  const configFile = path.join(dir, 'console.json');
  writeFileSync(
    configFile,
    JSON.stringify({
      consoleId: 'e2e-wall',
      subcentres: [{ id: '370102012', name: '龙洞', url: subcentre.url, token: TOKEN }],
      wall: { alarm: { incidentSeverities: ['red', 'yellow'], sound: 'chime' } },
    }),
  );
  const web = await startWebConsole(['--config', configFile]);
  try {
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.goto(viewUrl(web.url, 'settings'));
    // No account yet on a configured console: the first one is created here.
    await page.getByTestId('op-signin-name').fill('chief');
    await page.locator('input[name="displayName"]').fill('主任');
    await page.getByTestId('op-signin-password').fill('chief-password-1');
    await page.getByTestId('op-signin-submit').click();
    await expect(page.getByTestId('settings-who')).toBeVisible();

    const row = page.getByTestId('endpoint-370102012');
    await expect(row).toHaveAttribute('data-origin', 'config-file');
    await expect(row).toHaveAttribute('data-link', 'connected', { timeout: 30_000 });
    await expect(page.getByTestId('endpoint-edit-370102012')).toHaveCount(0);

    await page.getByTestId('settings-nav-alarm').click();
    const alarm = page.getByTestId('settings-section-alarm');
    await expect(alarm).toHaveAttribute('data-locked', 'true');
    await expect(alarm.getByTestId('settings-locked')).toContainText('由配置文件设定');
    await expect(page.getByTestId('alarm-sound')).toBeDisabled();
    await expect(page.getByTestId('alarm-sound')).toHaveValue('chime');
    await expect(page.getByTestId('settings-save-alarm')).toBeDisabled();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'settings-locked.png') });

    // An unlocked section saves; a bad value is refused next to its field.
    await page.getByTestId('settings-nav-display').click();
    await page.getByTestId('display-text-scale').fill('5');
    await page.getByTestId('settings-save-display').click();
    await expect(page.locator('.st-field-bad .st-field-error')).toBeVisible();
    await page.getByTestId('display-text-scale').fill('1.25');
    await page.getByTestId('settings-save-display').click();
    await expect(page.getByTestId('settings-section-display')).toContainText('已保存');

    await page.getByTestId('settings-nav-accounts').click();
    await expect(page.getByTestId('account-chief')).toBeVisible();
    await page.getByTestId('account-toggle-chief').click();
    await expect(page.getByTestId('accounts-message')).toContainText('最后一个启用的管理员');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'settings-accounts.png') });

    // The language applies at once here, and to another window (the wall) that has no language of its own.
    const wall = await page.context().newPage();
    await wall.goto(web.url);
    await expect(wall.getByTestId('wall')).toBeVisible({ timeout: 60_000 });
    await page.getByTestId('settings-nav-language').click();
    await page.getByTestId('language-en').check();
    await page.getByTestId('settings-save-language').click();
    await expect(page.locator('.st-title')).toHaveText('Settings');
    await expect(wall.locator('html')).toHaveAttribute('lang', 'en', { timeout: 15_000 });
    await wall.close();
  } finally {
    await web.stop();
    await subcentre.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
