// Issue 8: when SQLite rolls a whole group transaction back by itself (a full disk), the batches after the
// failing one must not run in autocommit mode: the group fails as one, nothing of it is written, nothing acked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GroupCommitter } from '../../../src-main/feed/group-commit.ts';
import { tempStore } from '../store/fixtures.ts';

test('a full disk fails the whole group: no job is half-applied outside the transaction', async () => {
  const s = tempStore();
  try {
    s.store.db.exec('CREATE TABLE t (k INTEGER, v TEXT)');
    const pages = s.store.db.pragma('page_count', { simple: true }) as number;
    s.store.db.pragma(`max_page_count = ${pages + 2}`);
    const committer = new GroupCommitter(s.store);
    const big = s.store.db.prepare('INSERT INTO t VALUES (?, ?)');
    const first = committer.run(() => big.run(1, 'a'));
    const full = committer.run(() => { for (let i = 0; i < 200; i++) big.run(2, 'x'.repeat(4000)); });
    const after = committer.run(() => big.run(3, 'c'));
    const outcomes = await Promise.allSettled([first, full, after]);
    for (const o of outcomes) assert.equal(o.status, 'rejected', 'every job of the group fails');
    assert.match(String((outcomes[2] as PromiseRejectedResult).reason), /full/);
    assert.equal(s.store.db.inTransaction, false);
    assert.equal(s.store.db.prepare('SELECT count(*) FROM t').pluck().get(), 0, 'nothing of the group was written');
    // With room again the next group commits normally.
    s.store.db.pragma('max_page_count = 1073741823');
    await committer.run(() => big.run(4, 'd'));
    assert.equal(s.store.db.prepare('SELECT count(*) FROM t').pluck().get(), 1);
  } finally {
    s.cleanup();
  }
});
