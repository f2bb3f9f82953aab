// Saved queue views survive in the profile's storage; a bad stored value reads as none.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deleteView, loadSavedViews, saveView } from '../../../src-renderer/operator/saved-views.ts';

function memory() {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), m };
}

test('saves, replaces by name, reloads and deletes views', () => {
  const s = memory();
  let views = loadSavedViews(s);
  assert.deepEqual(views, []);
  views = saveView(s, views, { name: '红色超期', filter: { severity: 0, overdueOnly: true }, sort: { key: 'urgency', desc: false } });
  views = saveView(s, views, { name: '龙洞', filter: { street: '370102012' }, sort: { key: 'reportedAt', desc: true } });
  views = saveView(s, views, { name: '龙洞', filter: { street: '370102012', status: 'open' }, sort: { key: 'reportedAt', desc: true } });
  assert.equal(views.length, 2);
  const again = loadSavedViews(s);
  assert.deepEqual(again, views);
  assert.deepEqual(again.find((v) => v.name === '龙洞')?.filter, { street: '370102012', status: 'open' });
  assert.deepEqual(deleteView(s, again, '龙洞').map((v) => v.name), ['红色超期']);
  assert.equal(loadSavedViews(s).length, 1);
  s.m.set('superbrain.operator.savedViews', '{not json');
  assert.deepEqual(loadSavedViews(s), []);
  assert.deepEqual(loadSavedViews(null), []);
});
