// Issue 4: the incident columns carry each incident's grid (chunk-local index, -1 for none), additively,
// so the map's grid choropleth counts by grid without one object per incident.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEventBatch } from '../../../src-main/store/apply.ts';
import { getIncidentColumns } from '../../../src-main/store/queries.ts';
import { batch, incident, STREET, tempStore } from './fixtures.ts';

test('columns name the grid of each incident, -1 when it has none', () => {
  const t = tempStore();
  try {
    const a = incident('i-1');
    const b = incident('i-2');
    const c = incident('i-3');
    (a as { location: { gridId?: string } }).location.gridId = 'g-7';
    (b as { location: { gridId?: string } }).location.gridId = 'g-9';
    delete (c as { location: { gridId?: string } }).location.gridId;
    applyEventBatch(t.store, STREET, 'e1', batch(1, [
      ['incident.upsert', a],
      ['incident.upsert', b],
      ['incident.upsert', c],
    ]));
    const cols = getIncidentColumns(t.store, {});
    assert.deepEqual(cols.ids, ['i-1', 'i-2', 'i-3']);
    assert.deepEqual(cols.grid!.map((g) => (g < 0 ? null : cols.grids![g])), ['g-7', 'g-9', null]);
    assert.equal(cols.grids!.length, 2);
  } finally {
    t.cleanup();
  }
});
