// The open incidents' compact rows (open-rows.ts): what the wall's base layer and heat draw. They must hold
// exactly the open slots, with the slots' own values, reuse the rows of closed ones, and tell deck.gl only
// the rows a version touched.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyIncidentColumns, createIncidentBuffer, FLAG_OPEN, refreshIncidentClock, STATUS_CLASS_HIDDEN } from '../../../src-renderer/map/incident-buffer.ts';
import type { IncidentBuffer } from '../../../src-renderer/map/incident-buffer.ts';
import { incidentLayerData } from '../../../src-renderer/map/layer-data.ts';
import { openRowsDiff } from '../../../src-renderer/map/layers/registry.ts';
import { changedRowRanges, MAX_ROW_CHANGES } from '../../../src-renderer/map/open-rows.ts';
import { fuzzRuns } from '../../support/fuzz-runs.ts';
import { drawLength } from '../../../src-renderer/map/typed-arrays.ts';
import { incidentColumns } from './columns.ts';

const NOW = Date.UTC(2026, 10, 23, 2, 0, 0);
const CLOSED = 5;

/** Every invariant between the buffer and its rows. */
function assertMirrors(buf: IncidentBuffer): void {
  const rows = buf.openRows;
  let open = 0;
  for (let slot = 0; slot < buf.length; slot++) {
    const row = rows.rowOfSlot[slot]!;
    const isOpen = (buf.flags[slot]! & FLAG_OPEN) !== 0;
    if (isOpen) open++;
    assert.equal(row >= 0, isOpen, `slot ${slot}: a row exactly when open`);
    if (row < 0) continue;
    assert.equal(rows.slotOfRow[row], slot);
    assert.deepEqual([...rows.positions.subarray(row * 2, row * 2 + 2)], [...buf.positions.subarray(slot * 2, slot * 2 + 2)]);
    assert.deepEqual([...rows.colors.subarray(row * 4, row * 4 + 4)], [...buf.baseColors.subarray(slot * 4, slot * 4 + 4)]);
    assert.deepEqual([...rows.filterCategories.subarray(row * 4, row * 4 + 4)], [...buf.filterCategories.subarray(slot * 4, slot * 4 + 4)]);
    assert.equal(rows.filterTime[row], buf.filterTime[slot]);
    assert.equal(rows.icon[row], buf.category[slot]);
    assert.equal(rows.flags[row], buf.flags[slot]);
  }
  assert.equal(rows.count, open);
  assert.equal(open, buf.openCount);
  const free = new Set(rows.free);
  assert.equal(free.size, rows.free.length, 'no row is free twice');
  for (let row = 0; row < rows.length; row++) {
    const slot = rows.slotOfRow[row]!;
    assert.equal(slot < 0, free.has(row), `row ${row}: free exactly when it holds no slot`);
    if (slot >= 0) continue;
    assert.equal(rows.colors[row * 4 + 3], 0, 'a free row is transparent');
    assert.equal(rows.filterCategories[row * 4 + 2], STATUS_CLASS_HIDDEN, 'and no filter selects it');
    assert.equal(rows.flags[row], 0, 'and weighs nothing in the heat');
  }
  assert.equal(rows.length, rows.count + rows.free.length);
}

test('the rows hold exactly the open incidents; a closed one frees its row and the next open one takes it', () => {
  const buf = createIncidentBuffer(4);
  applyIncidentColumns(buf, incidentColumns([{ id: 'a', severity: 0 }, { id: 'b', status: CLOSED }, { id: 'c', lon: 117.2 }, { id: 'd', severity: 1 }], 1), NOW);
  assertMirrors(buf);
  assert.equal(buf.openRows.length, 3, 'the closed one has no row');
  const rowOfC = buf.openRows.rowOfSlot[2]!;
  applyIncidentColumns(buf, incidentColumns([{ id: 'c', status: CLOSED }], 2), NOW);
  assertMirrors(buf);
  assert.deepEqual(buf.openRows.free, [rowOfC]);
  applyIncidentColumns(buf, incidentColumns([{ id: 'e', lon: 117.3 }], 3), NOW);
  assertMirrors(buf);
  assert.equal(buf.openRows.rowOfSlot[4], rowOfC, 'the new one reuses the freed row');
  assert.equal(buf.openRows.length, 3, 'and the rows do not grow');
  applyIncidentColumns(buf, incidentColumns([], 4, { deleted: ['a'] }), NOW);
  assertMirrors(buf);
  applyIncidentColumns(buf, incidentColumns([{ id: 'b' }], 5), NOW);
  assertMirrors(buf);
  assert.equal(buf.openRows.count, 3, 'b reopened, a deleted');
});

test('deck.gl is told only the rows each version touched', () => {
  const buf = createIncidentBuffer(4);
  applyIncidentColumns(buf, incidentColumns([{ id: 'a' }, { id: 'b' }, { id: 'c', status: CLOSED }, { id: 'd', dueAt: NOW + 1000 }], 1), NOW);
  const v1 = incidentLayerData(buf).openPoints!;
  applyIncidentColumns(buf, incidentColumns([{ id: 'e' }], 2), NOW);
  const v2 = incidentLayerData(buf).openPoints!;
  assert.deepEqual(openRowsDiff(v2, v1), [{ startRow: 3, endRow: 4 }], 'an append: its own row');
  applyIncidentColumns(buf, incidentColumns([{ id: 'c', status: CLOSED, lon: 117.9 }], 3), NOW);
  const v3 = incidentLayerData(buf).openPoints!;
  assert.deepEqual(openRowsDiff(v3, v2), [], 'a closed one changing: no open row');
  applyIncidentColumns(buf, incidentColumns([{ id: 'a', status: CLOSED }], 4), NOW);
  const v4 = incidentLayerData(buf).openPoints!;
  assert.deepEqual(openRowsDiff(v4, v3), [{ startRow: 0, endRow: 1 }], 'closing: the row it frees');
  assert.ok(refreshIncidentClock(buf, NOW + 2000));
  const v5 = incidentLayerData(buf).openPoints!;
  assert.deepEqual(openRowsDiff(v5, v4), [{ startRow: 2, endRow: 3 }], 'the clock: the row that became overdue');
  assert.deepEqual(openRowsDiff(v5, v1), [
    { startRow: 0, endRow: 1 },
    { startRow: 2, endRow: 4 },
  ], 'skipped versions add up (row 1, b, was never touched)');
  assert.deepEqual(openRowsDiff(v5, null), [{ startRow: 0, endRow: drawLength(buf.openRows.length) }], 'a new layer: everything');
  // Past the rows in use: transparent, and no filter selects them.
  for (let row = buf.openRows.length; row < drawLength(buf.openRows.length); row++) {
    assert.equal(buf.openRows.colors[row * 4 + 3], 0);
    assert.equal(buf.openRows.filterCategories[row * 4 + 2], STATUS_CLASS_HIDDEN);
  }
  assert.deepEqual(openRowsDiff(v5, v5), []);
});

test('rows far apart are separate runs; a log that lost versions means everything', () => {
  const log = [
    { version: 3, from: 0, to: 1 },
    { version: 3, from: 5000, to: 5001 },
    { version: 4, from: 0, to: 2 },
  ];
  assert.deepEqual(changedRowRanges(log, 4, 2, MAX_ROW_CHANGES), [
    { startRow: 0, endRow: 2 },
    { startRow: 5000, endRow: 5001 },
  ]);
  assert.equal(changedRowRanges(log, 4, 1, 3), null, 'the log is full and starts after the version asked for');
  const buf = createIncidentBuffer(16);
  const far = Array.from({ length: 2000 }, (_, i) => ({ id: `x${i}` }));
  applyIncidentColumns(buf, incidentColumns(far, 1), NOW);
  const before = incidentLayerData(buf).openPoints!;
  applyIncidentColumns(buf, incidentColumns([{ id: 'x3', severity: 0 }, { id: 'x1999', severity: 0 }], 2), NOW);
  assert.deepEqual(openRowsDiff(incidentLayerData(buf).openPoints!, before), [
    { startRow: 3, endRow: 4 },
    { startRow: 1999, endRow: 2000 },
  ]);
});

test('random opens, closes, updates, deletions and clock ticks keep the rows a mirror of the open slots', () => {
  for (let run = 0; run < fuzzRuns(20); run++) {
    let seed = 1 + run * 7919;
    const rand = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    const buf = createIncidentBuffer(8);
    let version = 0;
    let now = NOW;
    for (let step = 0; step < 40; step++) {
      const rows = Array.from({ length: 1 + Math.floor(rand() * 30) }, () => ({
        id: `i${Math.floor(rand() * 120)}`,
        severity: Math.floor(rand() * 3),
        status: rand() < 0.4 ? CLOSED : Math.floor(rand() * 5),
        lon: 117 + rand() * 0.2,
        dueAt: rand() < 0.5 ? now + Math.floor(rand() * 60_000) : null,
        reportedAt: now - Math.floor(rand() * 86_400_000),
      }));
      const deleted = rand() < 0.2 ? [`i${Math.floor(rand() * 120)}`] : [];
      applyIncidentColumns(buf, incidentColumns(rows, ++version, { deleted }), now);
      if (rand() < 0.3) {
        now += 30_000;
        refreshIncidentClock(buf, now);
      }
      assertMirrors(buf);
    }
  }
});

test('drawLength: more than the rows in use, at most ~6 % more past 16,384, and steps rather than one by one', () => {
  let last = 0;
  let changes = 0;
  for (let n = 0; n <= 2_000_000; n += n < 5000 ? 1 : 997) {
    const d = drawLength(n);
    assert.ok(d > n, `${n}`);
    if (n >= 16_384) assert.ok(d <= n * 1.07 + 1, `${n} -> ${d}`);
    assert.ok(d >= last, 'never shrinks as rows grow');
    if (d !== last) changes++;
    last = d;
  }
  assert.ok(changes < 200, `${changes} buffer re-makes from 0 to 2,000,000 rows`);
  const buf = createIncidentBuffer(4);
  applyIncidentColumns(buf, incidentColumns(Array.from({ length: 3000 }, (_, i) => ({ id: `r${i}`, status: i % 3 === 0 ? CLOSED : 1 })), 1), NOW);
  assert.ok(buf.severity.length >= drawLength(buf.length), 'the slot arrays hold what deck.gl is told');
  assert.ok(buf.openRows.slotOfRow.length >= drawLength(buf.openRows.length), 'and so do the rows');
});
