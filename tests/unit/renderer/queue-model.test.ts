// The operator queue's model: chunks in, filtered and sorted row indices out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatCountdown, QueueModel, urgencyKey } from '../../../src-renderer/operator/queue-model.ts';
import type { QueueColumns } from '../../../src-shared/api.ts';

const NOW = 1_000_000_000;

function chunk(rows: Array<{ id: string; sev?: number; status?: number; due?: number | null; at?: number; street?: string; title?: string }>, deleted: string[] = [], version = 1): QueueColumns {
  const streets = [...new Set(rows.map((r) => r.street ?? 's1'))];
  return {
    version, more: false, count: rows.length, ids: rows.map((r) => r.id), rev: rows.map(() => 1), title: rows.map((r) => r.title ?? `t ${r.id}`),
    category: rows.map(() => 0), categories: ['市容环境'], categoryName: rows.map(() => '占道经营'), source: rows.map(() => 0), severity: rows.map((r) => r.sev ?? 1),
    level: rows.map(() => 0), status: rows.map((r) => r.status ?? 0), street: rows.map((r) => streets.indexOf(r.street ?? 's1')), streets, grid: rows.map(() => 'g-1'),
    department: rows.map(() => null), reportedAt: rows.map((r) => r.at ?? NOW - 1000), updatedAt: rows.map(() => NOW), dueAt: rows.map((r) => (r.due === undefined ? null : r.due)), deleted,
  };
}

test('urgency puts the most overdue first, then the least time left, then no limit, closed last', () => {
  const m = new QueueModel();
  m.apply(chunk([
    { id: 'none' },
    { id: 'closed', status: 5, due: NOW - 99_000_000 },
    { id: 'soon', due: NOW + 60_000 },
    { id: 'late', due: NOW - 600_000 },
    { id: 'later', due: NOW + 3_600_000 },
    { id: 'very-late', due: NOW - 6_000_000 },
  ]));
  const ids = [...m.view({}, { key: 'urgency', desc: false }, NOW)].map((r) => m.ids[r]);
  assert.deepEqual(ids, ['very-late', 'late', 'soon', 'later', 'none', 'closed']);
  assert.ok(urgencyKey(true, NOW, 0, NOW) < urgencyKey(true, NOW, 2, NOW), 'red before green in the same minute');
});

test('filters by street, severity, open, overdue and text; updates and deletions apply', () => {
  const m = new QueueModel();
  m.apply(chunk([
    { id: 'a', sev: 0, street: 's1', title: '占道经营 泉城路' },
    { id: 'b', sev: 2, street: 's2', due: NOW - 1 },
    { id: 'c', sev: 0, street: 's2', status: 6 },
  ]));
  const ids = (f: Parameters<QueueModel['view']>[0]) => [...m.view(f, { key: 'reportedAt', desc: true }, NOW)].map((r) => m.ids[r]).sort();
  assert.deepEqual(ids({ street: 's2' }), ['b', 'c']);
  assert.deepEqual(ids({ severity: 0 }), ['a', 'c']);
  assert.deepEqual(ids({ status: 'open' }), ['a', 'b']);
  assert.deepEqual(ids({ overdueOnly: true }), ['b']);
  assert.deepEqual(ids({ text: '泉城路' }), ['a']);
  m.apply(chunk([{ id: 'b', sev: 2, street: 's2', status: 5, due: NOW - 1 }], ['a'], 2));
  assert.deepEqual(ids({}), ['b', 'c']);
  assert.deepEqual(ids({ overdueOnly: true }), [], 'a closed incident is not overdue');
  assert.equal(m.size, 2);
  assert.equal(m.version, 2);
});

test('countdown text', () => {
  assert.equal(formatCountdown(65), '1:05');
  assert.equal(formatCountdown(3725), '1:02:05');
  assert.equal(formatCountdown(-182), '-3:02');
  assert.equal(formatCountdown(90_000), '1d 1:00');
});
