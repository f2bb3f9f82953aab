// The fast version of the storage part of `npm run faults`: a full disk under a live link, power cuts
// that lose the unsynced WAL tail, a damaged file detected at open and restored from a backup.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { storageFaults } from '../../../faults/storage.ts';

test('storage faults: full disk, power cut, damaged file — nothing acknowledged lost', { timeout: 120_000 }, async () => {
  const results = await storageFaults({ iterations: 2, budgetMs: 20_000 });
  assert.equal(results.length, 3);
  for (const r of results) {
    assert.ok(r.injected > 0, `${r.fault}: nothing injected`);
    assert.equal(r.lost, 0, `${r.fault}: ${r.notes}`);
    assert.equal(r.duplicated, 0, `${r.fault}: ${r.notes}`);
  }
});
