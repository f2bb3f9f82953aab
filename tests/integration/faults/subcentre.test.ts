// The fast version of the sub-centre part of `npm run faults`: the server process SIGKILLed and
// SIGSTOPped a few times while it streams to a console and executes its commands.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SubcentreProcessRig, subcentrePaused, subcentreSigkill } from '../../../faults/subcentre.ts';

test('a sub-centre process killed or paused: its log stays gap-free, the console equals it, commands apply once', { timeout: 240_000 }, async (t) => {
  const rig = new SubcentreProcessRig();
  t.after(() => rig.stop());
  await rig.start();
  const results = [...(await subcentreSigkill(rig, { iterations: 3, budgetMs: 60_000 })), await subcentrePaused(rig, { iterations: 2, budgetMs: 30_000 })];
  for (const r of results) {
    assert.ok(r.injected > 0, `${r.fault}: nothing injected`);
    assert.equal(r.lost, 0, `${r.fault}: lost (${r.notes})`);
    assert.equal(r.duplicated, 0, `${r.fault}: duplicated (${r.notes})`);
  }
});
