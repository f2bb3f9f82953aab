// Account administration (issue 9): only an admin lists / changes accounts; a disabled account cannot
// sign in; a password reset takes effect at once and is audited without the password; the last enabled
// admin cannot be disabled. Endpoint methods refuse roles that may not change settings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCallerSession, runAsCaller } from '../../../src-main/api/caller.ts';
import { authenticate, createAccount } from '../../../src-main/store/accounts.ts';
import { setupApi } from './fixtures.ts';

const SYSTEM = { id: 'console', name: 'test', role: 'system' };

async function signedIn(t: ReturnType<typeof setupApi>, name: string, password: string) {
  const session = createCallerSession('web');
  await runAsCaller(session, () => t.api.signIn({ name, password }));
  return <T>(fn: () => Promise<T>) => runAsCaller(session, fn);
}

test('an admin lists, disables, enables and resets passwords; the last enabled admin stays', async () => {
  const t = setupApi();
  try {
    const admin = await createAccount(t.store, { name: 'admin', role: 'admin', password: 'admin-pass-1' }, SYSTEM);
    const duty = await createAccount(t.store, { name: 'duty', role: 'duty-officer', password: 'duty-pass-1' }, SYSTEM);
    const asAdmin = await signedIn(t, 'admin', 'admin-pass-1');

    const all = await asAdmin(() => t.api.listManagedAccounts());
    assert.deepEqual(all.map((a) => [a.name, a.disabled]), [['admin', false], ['duty', false]]);
    assert.ok(!JSON.stringify(all).includes('scrypt'), 'no hashes');

    await assert.rejects(asAdmin(() => t.api.updateAccount({ accountId: admin.accountId, disabled: true })), { name: 'BadRequest', message: /last enabled admin/ });

    const disabled = await asAdmin(() => t.api.updateAccount({ accountId: duty.accountId, disabled: true, displayName: '值班员甲' }));
    assert.equal(disabled.disabled, true);
    assert.equal(disabled.displayName, '值班员甲');
    assert.equal(await authenticate(t.store, 'duty', 'duty-pass-1'), null, 'a disabled account cannot sign in');
    assert.deepEqual((await asAdmin(() => t.api.listManagedAccounts())).map((a) => [a.name, a.disabled]), [['admin', false], ['duty', true]]);

    await asAdmin(() => t.api.updateAccount({ accountId: duty.accountId, disabled: false }));
    await asAdmin(() => t.api.setAccountPassword({ accountId: duty.accountId, password: 'new-duty-pass' }));
    assert.equal(await authenticate(t.store, 'duty', 'duty-pass-1'), null, 'the old password no longer works');
    assert.equal((await authenticate(t.store, 'duty', 'new-duty-pass'))?.accountId, duty.accountId);
    await assert.rejects(asAdmin(() => t.api.setAccountPassword({ accountId: duty.accountId, password: 'short' })), { name: 'BadRequest', message: /at least 8/ });
    await assert.rejects(asAdmin(() => t.api.updateAccount({ accountId: 'op-nobody' })), { name: 'BadRequest', message: /no account/ });

    // A session open when its account is disabled ends at its next settings or account call.
    const asDuty = await signedIn(t, 'duty', 'new-duty-pass');
    assert.equal((await asDuty(() => t.api.listEndpoints())).canEdit, true);
    await asAdmin(() => t.api.updateAccount({ accountId: duty.accountId, disabled: true }));
    await assert.rejects(asDuty(() => t.api.testEndpoint({ url: 'http://127.0.0.1:1', token: 'x' })), { name: 'Unauthorized', message: /disabled/ });
    assert.equal((await asDuty(() => t.api.whoAmI())).account, null);
    await asAdmin(() => t.api.updateAccount({ accountId: duty.accountId, disabled: false }));

    // With a second admin, the first may be disabled.
    const second = await createAccount(t.store, { name: 'admin2', role: 'admin', password: 'admin-pass-2' }, SYSTEM);
    await asAdmin(() => t.api.updateAccount({ accountId: second.accountId, disabled: false }));
    assert.equal((await asAdmin(() => t.api.updateAccount({ accountId: admin.accountId, disabled: true }))).disabled, true);

    const audit = t.store.db.prepare(`SELECT action, detail FROM audit WHERE action LIKE 'account.%' ORDER BY id`).all() as Array<{ action: string; detail: string }>;
    assert.deepEqual(
      audit.map((a) => a.action),
      ['account.created', 'account.created', 'account.disabled', 'account.enabled', 'account.password-set', 'account.disabled', 'account.enabled', 'account.created', 'account.changed', 'account.disabled'],
    );
    assert.ok(audit.every((a) => !a.detail.includes('new-duty-pass')), 'no password in the audit');
  } finally {
    t.cleanup();
  }
});

test('only an admin manages accounts; only an admin or a duty officer manages endpoints; signed-out callers neither', async () => {
  const t = setupApi();
  try {
    const duty = await createAccount(t.store, { name: 'duty', role: 'duty-officer', password: 'duty-pass-1' }, SYSTEM);
    await createAccount(t.store, { name: 'leader', role: 'leader', password: 'leader-pass' }, SYSTEM);
    const asDuty = await signedIn(t, 'duty', 'duty-pass-1');
    const asLeader = await signedIn(t, 'leader', 'leader-pass');
    const anonymous = createCallerSession('web');

    await assert.rejects(asDuty(() => t.api.listManagedAccounts()), { name: 'Forbidden' });
    await assert.rejects(asDuty(() => t.api.setAccountPassword({ accountId: duty.accountId, password: 'whatever-123' })), { name: 'Forbidden' });
    await assert.rejects(runAsCaller(anonymous, () => t.api.updateAccount({ accountId: duty.accountId, disabled: true })), { name: 'Unauthorized' });

    const request = { subcentreId: '370102012', url: 'http://127.0.0.1:1', token: 'x', enabled: true };
    await assert.rejects(asLeader(() => t.api.saveEndpoint(request)), { name: 'Forbidden', message: /admin or a duty officer/ });
    await assert.rejects(asLeader(() => t.api.testEndpoint({ url: request.url, token: 'x' })), { name: 'Forbidden' });
    await assert.rejects(runAsCaller(anonymous, () => t.api.removeEndpoint({ subcentreId: '370102012' })), { name: 'Unauthorized' });
    assert.equal((await asLeader(() => t.api.listEndpoints())).canEdit, false);
    assert.equal((await asDuty(() => t.api.listEndpoints())).canEdit, true);
    // This API has no runtime behind it: a duty officer gets a clear refusal, not a silent no-op.
    await assert.rejects(asDuty(() => t.api.saveEndpoint(request)), { name: 'BadRequest', message: /cannot change its sub-centres/ });
  } finally {
    t.cleanup();
  }
});
