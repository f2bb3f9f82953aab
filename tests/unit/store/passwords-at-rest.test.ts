// Issue 8 (security checklist): operator passwords are hashed at rest. After creating and signing in an
// account, no byte sequence of the password is anywhere in the cache file, its WAL or the audit log.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { authenticate, createAccount } from '../../../src-main/store/accounts.ts';
import { tempStore } from './fixtures.ts';

test('a password is stored only as a salted hash: not in the file, the WAL or the audit', async () => {
  const s = tempStore();
  try {
    const password = 'Pw-at-rest-7f3a9c';
    await createAccount(s.store, { name: 'zhangwei', displayName: '张伟', role: 'duty-officer', password }, { id: 'admin' });
    assert.ok(await authenticate(s.store, 'zhangwei', password));
    assert.equal(await authenticate(s.store, 'zhangwei', `${password}x`), null);
    const stored = s.store.db.prepare('SELECT * FROM accounts').all() as Array<Record<string, unknown>>;
    assert.equal(stored.length, 1);
    assert.ok(!JSON.stringify(stored).includes(password));
    assert.match(JSON.stringify(stored), /scrypt\$/);
    for (const f of [s.file, `${s.file}-wal`]) if (existsSync(f)) assert.ok(!readFileSync(f).includes(Buffer.from(password)), `${f} holds the password`);
  } finally {
    s.cleanup();
  }
});
