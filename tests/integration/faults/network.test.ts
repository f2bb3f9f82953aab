// The fast version of the network part of `npm run faults`: a few injections of each fault, the same
// checks (nothing acknowledged lost, nothing twice, commands applied exactly once).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { acksLostAfterCommit, allSubcentresRestarted, commandsExactlyOnce, linkFlapping, linksDroppedMidBatch, NetworkRig } from '../../../faults/network.ts';

test('network faults: drops mid-batch, lost acks, all 13 restarted, a flapping link — nothing lost, nothing twice, commands once', { timeout: 240_000 }, async (t) => {
  const rig = new NetworkRig();
  t.after(() => rig.stop());
  await rig.start({ speed: 120, backoffBaseMs: 100 });
  rig.issueNotes(5);
  const results = [
    await linksDroppedMidBatch(rig, { iterations: 6, budgetMs: 20_000 }),
    await acksLostAfterCommit(rig, { iterations: 4, budgetMs: 20_000 }),
    await allSubcentresRestarted(rig, { iterations: 1, budgetMs: 30_000 }),
    await linkFlapping(rig, { iterations: 15, budgetMs: 30_000 }),
  ];
  results.push(await commandsExactlyOnce(rig));
  for (const r of results) {
    assert.ok(r.injected > 0, `${r.fault}: nothing was injected`);
    assert.equal(r.lost, 0, `${r.fault}: lost ${r.lost} (${r.notes})`);
    assert.equal(r.duplicated, 0, `${r.fault}: duplicated ${r.duplicated} (${r.notes})`);
  }
  assert.ok(rig.maxServerSockets() <= 1, 'one console socket per sub-centre');
});
