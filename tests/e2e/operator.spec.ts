// The operator's work end to end (issue 5): `superbrain web` on the Lixia demo (or a real `superbrain
// subcentre` process through --config), driven in Chromium: sign in, act on incidents and see the new
// state arrive through the feed, street scope, an action queued while the sub-centre is down and applied
// once after it is back, video-alert triage, the audit log.
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ROOT, startSubcentreProcess, startWebConsole } from './fixtures.ts';

const SCREENSHOTS = path.join(ROOT, 'artifacts', 'screenshots');
const DEMO_PASSWORD = 'superbrain-demo';

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

function operatorUrl(url: string): string {
  const u = new URL(url);
  u.searchParams.set('view', 'operator');
  return u.toString();
}

async function signIn(page: Page, name: string, password = DEMO_PASSWORD): Promise<void> {
  await page.getByTestId('op-signin-name').fill(name);
  await page.getByTestId('op-signin-password').fill(password);
  await page.getByTestId('op-signin-submit').click();
  await expect(page.getByTestId('operator-view')).toBeVisible();
  await expect(page.getByTestId('op-queue-row').first()).toBeVisible({ timeout: 60_000 });
}

/** Shows only incidents in `status` (code name) and selects the first one; returns its id. */
async function selectFirstWithStatus(page: Page, statusIndex: number): Promise<string> {
  await page.getByTestId('op-filter-status').selectOption(String(statusIndex));
  const row = page.getByTestId('op-queue-row').first();
  await expect(row).toBeVisible({ timeout: 60_000 });
  await page.getByTestId('op-queue-body').focus();
  await page.keyboard.press('ArrowDown');
  const id = await page.locator('[data-testid="op-queue-row"][aria-selected="true"]').getAttribute('data-incident-id');
  expect(id).toBeTruthy();
  await expect(page.getByTestId('op-detail')).toHaveAttribute('data-incident-id', id!);
  return id!;
}

test('a duty officer signs in, accepts, dispatches and escalates a demo incident and sees each new state arrive', async ({ page }) => {
  test.setTimeout(180_000);
  const web = await startWebConsole(['--speed', '1']);
  try {
    await page.goto(operatorUrl(web.url));
    await expect(page.getByTestId('op-signin')).toBeVisible();
    // A wrong password is refused.
    await page.getByTestId('op-signin-name').fill('duty');
    await page.getByTestId('op-signin-password').fill('not the password');
    await page.getByTestId('op-signin-submit').click();
    await expect(page.getByTestId('op-signin-error')).toBeVisible();
    await signIn(page, 'duty');
    await expect(page.getByTestId('op-who')).toContainText('值班员');
    await expect(page.getByTestId('op-keys')).toContainText('A 受理');

    // reported (0) → accept with the keyboard shortcut.
    const id = await selectFirstWithStatus(page, 0);
    const detail = page.getByTestId('op-detail');
    await page.keyboard.press('a');
    await expect(detail.getByTestId('op-command').first()).toBeVisible();
    await expect(detail.getByTestId('op-detail-status')).toHaveText('已受理', { timeout: 30_000 });
    await expect(detail.getByTestId('op-detail-branch')).toContainText('党支部');
    await expect(detail.getByTestId('op-minimap').locator('circle')).toHaveCount(2);
    await expect(detail.locator('[data-testid="op-command"][data-type="incident.accept"]')).toHaveAttribute('data-state', 'confirmed', { timeout: 30_000 });

    // The incident stays selected (the queue now shows all statuses): dispatch it to a department.
    await expect(detail).toHaveAttribute('data-incident-id', id);
    await detail.getByTestId('op-action-dispatch').click();
    await detail.getByTestId('op-form-department').selectOption('市政');
    await detail.getByTestId('op-form-submit').click();
    await expect(detail.getByTestId('op-detail-status')).toHaveText(/已派遣|处置中/, { timeout: 30_000 });
    await expect(detail.getByTestId('op-detail-department')).toContainText('市政');
    await expect(detail.getByTestId('op-timeline')).toContainText('派单');

    // Escalate one level with a reason.
    const before = await detail.getByTestId('op-detail-level').textContent();
    await page.getByTestId('op-queue-body').focus();
    await page.keyboard.press('e');
    await detail.getByTestId('op-form-text').fill('涉及多个社区，需上级协调');
    await detail.getByTestId('op-form-submit').click();
    await expect(detail.getByTestId('op-detail-level')).not.toHaveText(before ?? '', { timeout: 30_000 });
    await expect(detail.getByTestId('op-timeline')).toContainText('涉及多个社区');
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'operator-queue.png') });

    // The audit log names who did it.
    await page.getByTestId('op-tab-audit').click();
    await expect(page.locator('[data-testid="op-audit-row"][data-action="command.issued"]').first()).toContainText('值班员');
    await expect(page.locator('[data-testid="op-audit-row"][data-action="auth.signed-in"]').first()).toBeVisible();
    const download = page.waitForEvent('download');
    await page.getByTestId('op-audit-export').click();
    expect((await download).suggestedFilename()).toMatch(/superbrain-audit-.*\.csv/);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'operator-audit.png') });
  } finally {
    await web.stop();
  }
});

test('a street operator sees only their street; a duty officer confirms one video alert into an incident and dismisses another', async ({ page }) => {
  test.setTimeout(180_000);
  const web = await startWebConsole(['--speed', '30']);
  try {
    await page.goto(operatorUrl(web.url));
    await signIn(page, 'longdong');
    await expect(page.getByTestId('op-who')).toContainText('龙洞');
    await page.getByTestId('op-filter-status').selectOption('');
    const ids = await page.getByTestId('op-queue-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-incident-id') ?? ''));
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) expect(id.startsWith('370102012')).toBe(true);
    await expect(page.getByTestId('op-filter-street')).toHaveCount(0, { timeout: 1000 });
    // A saved view brings its filter back.
    page.once('dialog', (d) => void d.accept('我的在办'));
    await page.getByTestId('op-filter-status').selectOption('open');
    await page.getByTestId('op-save-view').click();
    await page.getByTestId('op-filter-status').selectOption('');
    await page.getByTestId('op-saved-views').selectOption('我的在办');
    await expect(page.getByTestId('op-filter-status')).toHaveValue('open');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'operator-street.png') });
    await page.getByTestId('op-sign-out').click();

    await signIn(page, 'duty');
    await page.getByTestId('op-tab-alerts').click();
    const alerts = page.getByTestId('op-alert');
    await expect(alerts.first()).toBeVisible({ timeout: 90_000 });
    const first = await alerts.nth(0).getAttribute('data-alert-id');
    await alerts.nth(0).getByTestId('op-alert-confirm').click();
    await expect(page.locator(`[data-testid="op-alert"][data-alert-id="${first}"]`)).toHaveCount(0, { timeout: 30_000 });
    await expect(alerts.first()).toBeVisible({ timeout: 90_000 });
    const second = await alerts.nth(0).getAttribute('data-alert-id');
    await alerts.nth(0).getByTestId('op-alert-dismiss-false-positive').click();
    await expect(page.locator(`[data-testid="op-alert"][data-alert-id="${second}"]`)).toHaveCount(0, { timeout: 30_000 });
    await expect(page.getByTestId('op-fp')).toContainText('误报');
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'operator-alerts.png') });

    // Both were acknowledged by the sub-centre (not decided by someone else first).
    await page.getByTestId('op-tab-audit').click();
    await expect(page.locator('[data-testid="op-audit-row"][data-action="command.acked"]', { hasText: first! })).toHaveCount(1, { timeout: 30_000 });
    await expect(page.locator('[data-testid="op-audit-row"][data-action="command.acked"]', { hasText: second! })).toHaveCount(1, { timeout: 30_000 });
  } finally {
    await web.stop();
  }
});

test('an action while the sub-centre is stopped shows queued, then is applied exactly once after it restarts', async ({ page }) => {
  test.setTimeout(240_000);
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'superbrain-op-down-'));
  const street = { id: '370102012', name: '龙洞街道', token: 'token-longdong' };
  const port = await freePort();
  const dataDir = path.join(tmp, street.id);
  mkdirSync(dataDir, { recursive: true });
  let sub = await startSubcentreProcess({ street: street.id, port, dataDir, token: street.token, scenario: true, speed: 1, statusIntervalSeconds: 1 });
  let web: Awaited<ReturnType<typeof startWebConsole>> | null = null;
  try {
    const config = path.join(tmp, 'console.json');
    writeFileSync(config, JSON.stringify({ consoleId: 'e2e-operator', subcentres: [{ id: street.id, name: street.name, url: `http://127.0.0.1:${port}`, token: street.token }], staleAfterSeconds: 3 }));
    web = await startWebConsole(['--config', config]);
    await page.goto(operatorUrl(web.url));
    // A configured console starts with no account: the first one is created here.
    await expect(page.getByText('本控制台还没有账号')).toBeVisible();
    await page.getByTestId('op-signin-name').fill('zhangwei');
    await page.getByTestId('op-signin-password').fill('first-account-pw');
    await page.getByTestId('op-signin-submit').click();
    await expect(page.getByTestId('operator-view')).toBeVisible();
    await page.getByTestId('op-filter-status').selectOption('');
    await expect(page.getByTestId('op-queue-row').first()).toBeVisible({ timeout: 60_000 });
    await page.getByTestId('op-queue-body').focus();
    await page.keyboard.press('ArrowDown');
    const detail = page.getByTestId('op-detail');
    await expect(detail).toBeVisible();

    sub.kill('SIGKILL');
    await sub.stop();
    const note = `停机期间的备注 ${Date.now()}`;
    await page.getByTestId('op-queue-body').focus();
    await page.keyboard.press('n');
    await detail.getByTestId('op-form-text').fill(note);
    await detail.getByTestId('op-form-submit').click();
    const cmd = detail.locator('[data-testid="op-command"][data-type="incident.note"]').first();
    await expect(cmd).toHaveAttribute('data-state', 'queued', { timeout: 30_000 });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'operator-queued.png') });

    sub = await startSubcentreProcess({ street: street.id, port, dataDir, token: street.token, scenario: true, speed: 1, statusIntervalSeconds: 1 });
    await expect(cmd).toHaveAttribute('data-state', 'confirmed', { timeout: 90_000 });
    await expect(detail.getByTestId('op-timeline')).toContainText(note);
    // Exactly once: one history entry with the note, however often it was re-sent.
    await expect(detail.getByTestId('op-timeline').locator('li', { hasText: note })).toHaveCount(1);
  } finally {
    await web?.stop();
    await sub.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
});
