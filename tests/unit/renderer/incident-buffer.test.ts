import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyAlertColumns, createAlertBuffer } from '../../../src-renderer/map/alert-buffer.ts';
import {
  applyIncidentColumns,
  createIncidentBuffer,
  FLAG_OVERDUE,
  recentIncidentPoints,
  refreshIncidentClock,
  STATUS_CLASS_CLOSED,
  STATUS_CLASS_HIDDEN,
  STATUS_CLASS_OPEN,
} from '../../../src-renderer/map/incident-buffer.ts';
import { alertLayerData, incidentLayerData } from '../../../src-renderer/map/layer-data.ts';
import { SEVERITY_RGB } from '../../../src-renderer/theme/tokens.ts';
import { alertColumns, incidentColumns } from './columns.ts';

const NOW = Date.UTC(2026, 10, 23, 2, 0, 0);

function alpha(colors: Uint8Array, slot: number): number {
  return colors[slot * 4 + 3]!;
}
function rgb(colors: Uint8Array, slot: number): number[] {
  return [...colors.subarray(slot * 4, slot * 4 + 3)];
}

test('chunks grow the typed arrays in place and keep every incident at its own slot', () => {
  const buf = createIncidentBuffer(2);
  applyIncidentColumns(buf, incidentColumns([{ id: 'a', lon: 117.01, lat: 36.61 }, { id: 'b' }], 2, { more: true }), NOW);
  const rows = Array.from({ length: 50 }, (_, i) => ({ id: `n${i}`, lon: 117 + i / 1000, lat: 36.6 }));
  applyIncidentColumns(buf, incidentColumns(rows, 52), NOW);
  assert.equal(buf.length, 52);
  assert.ok(buf.positions.length >= 104, 'positions grew');
  assert.ok(buf.positions instanceof Float32Array && buf.baseColors instanceof Uint8Array);
  assert.equal(buf.indexById.get('a'), 0);
  assert.equal(buf.indexById.get('n49'), 51);
  assert.ok(Math.abs(buf.positions[0]! - 117.01) < 1e-5, 'the first chunk survived the growth');
  assert.ok(Math.abs(buf.positions[51 * 2]! - 117.049) < 1e-5);
  assert.equal(buf.columnsVersion, 52);
  assert.equal(buf.openCount, 52);
});

test('an update overwrites its slot, a closed or rejected one is muted and out of the open class, a deleted one hidden', () => {
  const buf = createIncidentBuffer();
  applyIncidentColumns(buf, incidentColumns([{ id: 'a', severity: 1 }, { id: 'b', severity: 2 }, { id: 'c', severity: 2 }], 3), NOW);
  assert.equal(buf.openCount, 3);
  assert.deepEqual(rgb(buf.baseColors, 0), [...SEVERITY_RGB.yellow]);

  applyIncidentColumns(buf, incidentColumns([{ id: 'a', severity: 0, lon: 117.1 }, { id: 'b', status: 5 }], 5), NOW);
  assert.equal(buf.length, 3, 'no new slot for known ids');
  assert.ok(Math.abs(buf.positions[0]! - 117.1) < 1e-5);
  assert.equal(alpha(buf.baseColors, 0), 0, 'a red incident is not in the base layer');
  assert.deepEqual(rgb(buf.redColors, 0), [...SEVERITY_RGB.red]);
  assert.equal(alpha(buf.redColors, 0), 255);
  assert.equal(alpha(buf.baseColors, 1), 150, 'closed is muted (the status filter hides it by default)');
  assert.equal(buf.filterCategories[1 * 4 + 2], STATUS_CLASS_CLOSED);
  assert.equal(buf.filterCategories[0 * 4 + 2], STATUS_CLASS_OPEN);
  assert.equal(buf.openCount, 2);
  assert.equal(buf.redCount, 1);

  applyIncidentColumns(buf, incidentColumns([{ id: 'c', status: 6 }], 6, { deleted: ['a', 'unknown-id'] }), NOW);
  assert.equal(buf.openCount, 0);
  assert.equal(buf.redCount, 0);
  assert.equal(alpha(buf.redColors, 0), 0);
  assert.equal(alpha(buf.baseColors, 0), 0, 'deleted: drawn nowhere');
  assert.equal(buf.filterCategories[0 * 4 + 2], STATUS_CLASS_HIDDEN);
  assert.equal(alpha(buf.baseColors, 2), 150, 'rejected: muted like closed');
});

test('overdue incidents get a ring, and become overdue by the clock alone', () => {
  const buf = createIncidentBuffer();
  applyIncidentColumns(buf, incidentColumns([{ id: 'late', dueAt: NOW - 1 }, { id: 'soon', dueAt: NOW + 60_000 }, { id: 'none' }, { id: 'closed-late', status: 5, dueAt: NOW - 1 }], 4), NOW);
  assert.equal(buf.overdueCount, 1);
  assert.equal(alpha(buf.ringColors, 0), 230);
  assert.equal(alpha(buf.ringColors, 1), 0);
  const v = buf.version;
  assert.equal(refreshIncidentClock(buf, NOW + 1000), false, 'nothing changed yet');
  assert.equal(buf.version, v);
  assert.equal(refreshIncidentClock(buf, NOW + 61_000), true);
  assert.equal(buf.version, v + 1);
  assert.equal(buf.overdueCount, 2);
  assert.ok((buf.flags[1]! & FLAG_OVERDUE) !== 0);
  assert.equal(alpha(buf.ringColors, 3), 0, 'a closed incident never gets a ring');
});

test('rows with unusable values are hidden instead of drawn at 0,0 or crashing', () => {
  const buf = createIncidentBuffer();
  const cols = incidentColumns([{ id: 'ok' }, { id: 'nan', lon: Number.NaN }, { id: 'sev', severity: 9 }, { id: 'st', status: -1 }], 4);
  (cols.lat as unknown[])[0] = 36.65;
  cols.count = 99; // claims more rows than it has
  applyIncidentColumns(buf, cols, NOW);
  assert.equal(buf.length, 4);
  assert.equal(buf.openCount, 1);
  const empty = createIncidentBuffer();
  applyIncidentColumns(empty, { ...incidentColumns([], 0), ids: undefined as unknown as string[] }, NOW);
  assert.equal(empty.length, 0);
});

test('only open incidents reported in the last minute pulse', () => {
  const buf = createIncidentBuffer();
  applyIncidentColumns(
    buf,
    incidentColumns(
      [
        { id: 'old', reportedAt: NOW - 120_000 },
        { id: 'new', reportedAt: NOW - 10_000, lon: 117.07 },
        { id: 'new-closed', reportedAt: NOW - 5_000, status: 5 },
      ],
      3,
    ),
    NOW,
  );
  const pulse = recentIncidentPoints(buf, NOW, 60_000);
  assert.equal(pulse.length, 1);
  assert.ok(Math.abs(pulse.positions[0]! - 117.07) < 1e-5);
  assert.equal(recentIncidentPoints(buf, NOW + 60_000, 60_000).length, 0);
});

test('layer data views the buffers without copying and changes identity with each version', () => {
  const buf = createIncidentBuffer(8);
  applyIncidentColumns(buf, incidentColumns([{ id: 'a' }, { id: 'b', severity: 0 }], 2), NOW);
  const data = incidentLayerData(buf);
  assert.equal(data.drawn, 2);
  assert.equal(data.points!.buffer, buf, 'the layers read the buffer itself, not a copy');
  assert.equal(data.openPoints!.buffer, buf);
  applyIncidentColumns(buf, incidentColumns([{ id: 'a', severity: 0 }], 3), NOW);
  const next = incidentLayerData(buf);
  assert.notEqual(next.points, data.points, 'a new version is a new data object (deck.gl then asks which rows changed)');
  assert.ok(next.version > data.version);
});

test('alerts: only open ones are drawn, coloured by severity, and updates and deletions apply in place', () => {
  const buf = createAlertBuffer(1);
  applyAlertColumns(buf, alertColumns([{ id: 'x', severity: 0 }, { id: 'y', state: 2 }, { id: 'z' }], 3));
  assert.equal(buf.openCount, 2);
  assert.deepEqual(rgb(buf.colors, 0), [...SEVERITY_RGB.red]);
  assert.equal(alpha(buf.colors, 1), 0);
  applyAlertColumns(buf, alertColumns([{ id: 'x', state: 1 }], 4, ['z']));
  assert.equal(buf.length, 3);
  assert.equal(buf.openCount, 0);
  assert.equal(alpha(buf.colors, 0), 0);
  assert.equal(alertLayerData(buf).drawn, 0);
  assert.equal(buf.columnsVersion, 4);
});
