// Issue 4: the wall's charts counted in SQL: today by category, the last 24 hours by hour, per street.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEventBatch } from '../../../src-main/store/apply.ts';
import { getWallCharts } from '../../../src-main/store/wall-queries.ts';
import { alert, batch, incident, OTHER_STREET, STREET, tempStore } from './fixtures.ts';

const NOW = Date.parse('2026-11-23T10:30:00.000+08:00');
const at = (s: string) => `2026-11-23T${s}.000+08:00`;

test('by category today and by hour over the last 24 hours, scoped to a street', () => {
  const tmp = tempStore();
  try {
    applyEventBatch(tmp.store, STREET, 'e1', batch(1, [
      ['incident.upsert', incident('a', { reportedAt: at('08:10:00'), severity: 'red' })],
      ['incident.upsert', incident('b', { reportedAt: at('08:20:00') })],
      ['incident.upsert', incident('c', { reportedAt: at('10:05:00'), category: { major: '市容环境', minor: '0101', name: '暴露垃圾' } })],
      ['incident.upsert', incident('y', { reportedAt: '2026-11-22T23:30:00.000+08:00' })],
      ['incident.upsert', incident('old', { reportedAt: '2026-11-22T09:00:00.000+08:00' })],
      ['incident.upsert', incident('d', { reportedAt: at('09:00:00'), status: 'closed', closedAt: at('10:10:00') } as never)],
      ['alert.upsert', alert('al', { raisedAt: at('10:15:00') })],
    ]), { now: NOW });
    applyEventBatch(tmp.store, OTHER_STREET, 'e1', batch(1, [['incident.upsert', incident('o', { reportedAt: at('10:00:00') })]]), { now: NOW });
    const all = getWallCharts(tmp.store, NOW, null);
    assert.deepEqual(all.byCategoryToday, [
      { category: '街面秩序', count: 4, red: 1 },
      { category: '市容环境', count: 1, red: 0 },
    ]);
    assert.equal(all.byHour.length, 24);
    const last = all.byHour[23]!;
    assert.equal(last.hourStart, Date.parse(at('10:00:00')));
    assert.equal(last.reported, 2, '10:05 here and 10:00 on the other street');
    assert.equal(last.alerts, 1);
    assert.equal(last.closed, 1, 'closed at 10:10');
    assert.equal(all.byHour[22]!.reported, 1, '09:00');
    assert.equal(all.byHour[21]!.reported, 2, '08:10 and 08:20');
    assert.equal(all.byHour.reduce((s, h) => s + h.reported, 0), 6, 'yesterday 23:30 is within 24 h, yesterday 09:00 is not');
    const street = getWallCharts(tmp.store, NOW, OTHER_STREET);
    assert.deepEqual(street.byCategoryToday, [{ category: '街面秩序', count: 1, red: 0 }]);
    assert.equal(street.byHour.reduce((s, h) => s + h.reported + h.alerts, 0), 1);
  } finally {
    tmp.cleanup();
  }
});
