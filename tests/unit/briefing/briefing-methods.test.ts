// getBriefing at the API boundary: a bad period is a BadRequest naming the field, a good one answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createBriefingMethods } from '../../../src-main/api/briefing-methods.ts';
import { tempStore } from '../store/fixtures.ts';

test('checks the period and answers for a good one', async () => {
  const t = tempStore();
  try {
    const api = createBriefingMethods(t.store, () => 1_800_000_000_000, () => undefined);
    await assert.rejects(api.getBriefing(undefined), { name: 'BadRequest' });
    await assert.rejects(api.getBriefing({ from: 10, to: 10 }), { name: 'BadRequest', message: /to: to must be after from/ });
    await assert.rejects(api.getBriefing({ from: 0, to: 401 * 86_400_000 }), { name: 'BadRequest', message: /at most 400 days/ });
    await assert.rejects(api.getBriefing({ from: 0, to: 10, extra: 1 }), { name: 'BadRequest' });
    const b = await api.getBriefing({ from: 0, to: 86_400_000 });
    assert.equal(b.current.total, 0);
    assert.equal(b.current.closureRate, null);
    assert.equal(b.generatedAt, 1_800_000_000_000);
    assert.deepEqual(b.byDay.map((d) => d.day), ['1970-01-01', '1970-01-02']);
  } finally {
    t.cleanup();
  }
});
