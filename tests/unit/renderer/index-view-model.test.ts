import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatValue, readAddress, signed, stars, writeAddress } from '../../../src-renderer/index-view/model.ts';

test('the index view keeps its state in the address, next to the token', () => {
  assert.deepEqual(readAddress('?token=t&view=index'), { mode: { kind: 'ranking', level: 'grid-branch' }, period: null });
  assert.deepEqual(readAddress('?view=index&level=street-committee&period=2026-09'), { mode: { kind: 'ranking', level: 'street-committee' }, period: '2026-09' });
  assert.deepEqual(readAddress('?level=planet&period=junk'), { mode: { kind: 'ranking', level: 'grid-branch' }, period: null });
  assert.deepEqual(readAddress('?org=org-1'), { mode: { kind: 'profile', orgId: 'org-1' }, period: null });
  assert.deepEqual(readAddress('?grid=370102001002001'), { mode: { kind: 'grid', gridId: '370102001002001' }, period: null });
  assert.deepEqual(readAddress('?compare=a,'), { mode: { kind: 'compare', a: 'a', b: null }, period: null });
  const s = writeAddress('?token=t&view=index&level=street-committee', { mode: { kind: 'profile', orgId: 'org-9' }, period: '2026-10' });
  assert.equal(s, '?token=t&view=index&org=org-9&period=2026-10');
  assert.deepEqual(readAddress(writeAddress('?token=t', { mode: { kind: 'compare', a: 'x', b: 'y' }, period: null })), { mode: { kind: 'compare', a: 'x', b: 'y' }, period: null });
});

test('numbers read the same way everywhere in the view', () => {
  assert.equal(stars(3), '★★★☆☆');
  assert.equal(stars(7), '★★★★★');
  assert.equal(signed(1.254), '+1.25');
  assert.equal(signed(-0.4), '−0.40');
  assert.equal(signed(0.001), '0.00');
  assert.equal(signed(null), '—');
  assert.equal(formatValue(0.916, 'reported:dues_on_time_share'), '91.6%');
  assert.equal(formatValue(0.6, 'reported:micro_wishes_done/micro_wishes_received', 'micro_wishes_done_share'), '60.0%');
  assert.equal(formatValue(4.19999, 'reported:volunteer_hours/members_total', 'volunteer_hours_per_member'), '4.20');
  assert.equal(formatValue(3, 'reported:meetings_held'), '3');
  assert.equal(formatValue(null, 'reported:x'), '');
});
