// The fast version of the console-crash part of `npm run faults`: a few SIGKILLs of `superbrain headless`
// at random moments of a 13-sub-centre burst; the cache is checked after each.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { consoleSigkillDuringIngest } from '../../../faults/console-kill.ts';

test('console SIGKILLed at random moments of ingest: nothing acknowledged lost, nothing applied twice', { timeout: 240_000 }, async () => {
  const r = await consoleSigkillDuringIngest({ iterations: 4, budgetMs: 60_000 });
  assert.ok(r.injected >= 1, 'at least one kill');
  assert.equal(r.lost, 0, r.notes);
  assert.equal(r.duplicated, 0, r.notes);
  assert.match(r.notes, /at most 1 snapshot/);
});
