// The open incidents as a compact mirror of the buffer's slots, kept up to date row by row.
//
// A cache of a year holds mostly closed incidents (the bench's: 70 %), and the wall shows open ones unless
// the status filter asks otherwise. The base layer and the heat therefore draw these rows instead of every
// slot: on a GPU that is a third of the vertex work, on SwiftShader (CPU) it is what keeps a million-incident
// cache pannable. A slot that opens takes a free row (or a new one at the end); a slot that closes frees its
// row (alpha 0 and status class hidden, so the GPU filter drops it) for the next one to reuse, so the rows
// stay about as many as the open incidents, with no compaction pass. Each version records which rows it
// touched, as a few merged runs, so deck.gl re-uploads those rows only (its _dataDiff).
import { drawLength, grown } from './typed-arrays.ts';

export interface RowChange {
  version: number;
  /** Rows [from, to) changed by that version. */
  from: number;
  to: number;
}

export interface OpenRows {
  /** Rows in use, free ones included. */
  length: number;
  /** The buffer slot of each row, -1 for a free row. */
  slotOfRow: Int32Array;
  /** The row of each buffer slot, -1 when the slot is not open. */
  rowOfSlot: Int32Array;
  positions: Float32Array;
  /** The buffer's base colours (red ones have alpha 0: the red layer draws them on top). */
  colors: Uint8Array;
  icon: Uint8Array;
  /** FLAG_* bits: the heat's weight. */
  flags: Uint8Array;
  filterTime: Float32Array;
  filterCategories: Uint8Array;
  /** Free rows, reused last-freed first. */
  free: number[];
  /** Rows touched since the last commit. */
  pending: number[];
  changes: RowChange[];
  /** Rows in use by an open slot. */
  count: number;
}

/** What the row log keeps: enough for several versions' worth of runs. */
export const MAX_ROW_CHANGES = 1024;
/** Rows between two touched rows below which one run covers both (one upload is cheaper than two). */
const RUN_GAP = 256;
/** Runs per version above which the version is recorded as one span. */
const MAX_RUNS = 32;

/** Status class of a row that holds no incident (incident-buffer's STATUS_CLASS_HIDDEN). */
const HIDDEN_CLASS = 2;

export function createOpenRows(capacity: number): OpenRows {
  return {
    length: 0,
    slotOfRow: new Int32Array(capacity).fill(-1),
    rowOfSlot: new Int32Array(capacity).fill(-1),
    positions: new Float32Array(capacity * 2),
    colors: new Uint8Array(capacity * 4),
    icon: new Uint8Array(capacity),
    flags: new Uint8Array(capacity),
    filterTime: new Float32Array(capacity),
    filterCategories: new Uint8Array(capacity * 4).fill(HIDDEN_CLASS),
    free: [],
    pending: [],
    changes: [],
    count: 0,
  };
}

/** The slot columns a row copies (the buffer's own arrays). */
export interface SlotColumns {
  positions: Float32Array;
  baseColors: Uint8Array;
  category: Uint8Array;
  flags: Uint8Array;
  filterTime: Float32Array;
  filterCategories: Uint8Array;
}

export function growSlots(rows: OpenRows, slots: number): void {
  rows.rowOfSlot = grown(rows.rowOfSlot, slots, -1);
}

function growRows(rows: OpenRows, count: number): void {
  if (rows.slotOfRow.length >= count) return;
  rows.slotOfRow = grown(rows.slotOfRow, count, -1);
  rows.positions = grown(rows.positions, count * 2);
  rows.colors = grown(rows.colors, count * 4);
  rows.icon = grown(rows.icon, count);
  rows.flags = grown(rows.flags, count);
  rows.filterTime = grown(rows.filterTime, count);
  rows.filterCategories = grown(rows.filterCategories, count * 4, HIDDEN_CLASS);
}

/** Brings the slot's row in line with the slot (call after the slot is restyled); `open` is its FLAG_OPEN. */
export function syncOpenRow(rows: OpenRows, cols: SlotColumns, slot: number, open: boolean): void {
  let row = rows.rowOfSlot[slot] ?? -1;
  if (!open) {
    if (row < 0) return;
    rows.rowOfSlot[slot] = -1;
    rows.slotOfRow[row] = -1;
    rows.colors.fill(0, row * 4, row * 4 + 4);
    rows.flags[row] = 0;
    rows.filterCategories.fill(HIDDEN_CLASS, row * 4, row * 4 + 4);
    rows.free.push(row);
    rows.pending.push(row);
    rows.count--;
    return;
  }
  if (row < 0) {
    row = rows.free.pop() ?? rows.length++;
    growRows(rows, drawLength(rows.length));
    rows.rowOfSlot[slot] = row;
    rows.slotOfRow[row] = slot;
    rows.count++;
  }
  rows.positions[row * 2] = cols.positions[slot * 2]!;
  rows.positions[row * 2 + 1] = cols.positions[slot * 2 + 1]!;
  rows.colors.set(cols.baseColors.subarray(slot * 4, slot * 4 + 4), row * 4);
  rows.icon[row] = cols.category[slot]!;
  rows.flags[row] = cols.flags[slot]!;
  rows.filterTime[row] = cols.filterTime[slot]!;
  rows.filterCategories.set(cols.filterCategories.subarray(slot * 4, slot * 4 + 4), row * 4);
  rows.pending.push(row);
}

/** Records the rows touched since the last commit as `version`'s runs. */
export function commitOpenRows(rows: OpenRows, version: number): void {
  if (rows.pending.length === 0) return;
  const touched = Int32Array.from(rows.pending).sort();
  rows.pending = [];
  const runs: Array<[number, number]> = [];
  for (const row of touched) {
    const last = runs[runs.length - 1];
    if (last && row <= last[1] + RUN_GAP) last[1] = Math.max(last[1], row + 1);
    else runs.push([row, row + 1]);
  }
  if (runs.length > MAX_RUNS) runs.splice(0, runs.length, [runs[0]![0], runs[runs.length - 1]![1]]);
  for (const [from, to] of runs) rows.changes.push({ version, from, to });
  if (rows.changes.length > MAX_ROW_CHANGES) rows.changes.splice(0, rows.changes.length - MAX_ROW_CHANGES);
}

/**
 * The row ranges changed after `afterVersion` up to `version`, merged; null when the log does not reach
 * back that far (everything must be treated as changed).
 */
export function changedRowRanges(log: readonly RowChange[], version: number, afterVersion: number, max: number): Array<{ startRow: number; endRow: number }> | null {
  if (afterVersion >= version) return [];
  const first = log[0];
  if (!first || first.version > afterVersion + 1) {
    // Versions without a recorded range changed no row; a log that was cut may have lost some.
    if (!first || log.length >= max) return null;
  }
  const ranges = log.filter((c) => c.version > afterVersion).map((c) => [c.from, c.to] as [number, number]);
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: Array<{ startRow: number; endRow: number }> = [];
  for (const [from, to] of ranges) {
    const last = merged[merged.length - 1];
    if (last && from <= last.endRow) last.endRow = Math.max(last.endRow, to);
    else merged.push({ startRow: from, endRow: to });
  }
  return merged;
}
