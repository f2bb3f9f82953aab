// The incidents on the map as typed arrays, filled chunk by chunk from getIncidentColumns and updated in
// place: an id → slot map lets an update overwrite its slot and a deletion hide it. deck.gl reads the
// arrays directly as binary attributes; nothing here allocates one object per incident.
import { SEVERITY_CODES, STATUS_CODES } from '../../src-shared/api.ts';
import type { EpochMs, IncidentColumns } from '../../src-shared/api.ts';
import { SEVERITY_RGB } from '../theme/tokens.ts';
import { changedRowRanges, commitOpenRows, createOpenRows, growSlots, syncOpenRow } from './open-rows.ts';
import type { OpenRows, RowChange } from './open-rows.ts';
import { drawLength, finiteOr, grown, slotFor } from './typed-arrays.ts';

const RED = SEVERITY_CODES.indexOf('red');
const CLOSED = STATUS_CODES.indexOf('closed');
const REJECTED = STATUS_CODES.indexOf('rejected');
/** The colour of closed (and rejected) incidents, when the filter shows them. */
const CLOSED_RGB = [120, 138, 160] as const;
/** Status code of a slot whose incident was deleted (or never had a valid position). */
export const HIDDEN_STATUS = 255;

/**
 * deck.gl's category filter keeps 32 categories per channel when it filters on four: more distinct
 * categories or streets than this share the UNKNOWN code.
 */
export const MAX_FILTER_CODES = 31;

export const FLAG_OPEN = 1;
export const FLAG_OVERDUE = 2;
export const FLAG_RED = 4;

export interface IncidentBuffer {
  /** Slots in use (including hidden ones). */
  length: number;
  positions: Float32Array; // lon, lat per slot
  severity: Uint8Array; // SEVERITY_CODES index
  status: Uint8Array; // STATUS_CODES index, HIDDEN_STATUS when deleted
  reportedAt: Float64Array;
  dueAt: Float64Array; // NaN: no time limit
  flags: Uint8Array; // FLAG_* bits as last classified
  /** Yellow and green open incidents (red ones and hidden ones have alpha 0): drawn first. */
  baseColors: Uint8Array;
  /** Red open incidents only: drawn over the others so that red is never buried. */
  redColors: Uint8Array;
  /** The ring around overdue open incidents (alpha 0 elsewhere). */
  ringColors: Uint8Array;
  indexById: Map<string, number>;
  ids: string[];
  // issue 4: what the map's filters and the grid choropleth need, per slot
  /** Global category code (index into categoryNames), UNKNOWN_CODE when none. */
  category: Uint8Array;
  /** Global street code (index into streetIds), UNKNOWN_CODE when none. */
  street: Uint8Array;
  source: Uint8Array; // SOURCE_CODES index
  /** Global grid code (index into gridIds), -1 when none. */
  grid: Int32Array;
  /**
   * The GPU filter's four category channels per slot: category, severity, status class (STATUS_CLASS_*),
   * street. Read by deck.gl's DataFilterExtension (categorySize 4).
   */
  filterCategories: Uint8Array;
  /** Seconds from timeBase to the report time: the GPU filter's value (float32 keeps whole seconds for years). */
  filterTime: Float32Array;
  timeBase: EpochMs;
  categoryNames: string[];
  streetIds: string[];
  gridIds: string[];
  codeOf: { category: Map<string, number>; street: Map<string, number>; grid: Map<string, number> };
  /**
   * Which slots each recent version touched (oldest first, bounded): deck.gl re-uploads only those rows
   * (its _dataDiff), so a live notice costs its own rows, not the whole million.
   */
  changes: SlotChange[];
  /** Bumps on every change that should reach the GPU. */
  version: number;
  /** The API's column version consumed so far (the next afterVersion). */
  columnsVersion: number;
  openCount: number;
  overdueCount: number;
  redCount: number;
  /** The open incidents as compact rows (open-rows.ts): what the base layer and the heat draw by default. */
  openRows: OpenRows;
}

/** Slots [from, to) changed by a version (the same record as the open rows' log). */
export type SlotChange = RowChange;
const MAX_CHANGES = 256;

function recordChange(buf: IncidentBuffer, from: number, to: number): void {
  buf.version++;
  commitOpenRows(buf.openRows, buf.version);
  if (to <= from) return;
  buf.changes.push({ version: buf.version, from, to });
  if (buf.changes.length > MAX_CHANGES) buf.changes.splice(0, buf.changes.length - MAX_CHANGES);
}

/**
 * The slot ranges changed after `afterVersion` up to the buffer's version, merged; null when the log
 * does not reach back that far (everything must be treated as changed).
 */
export function changedRanges(buf: IncidentBuffer, afterVersion: number): Array<{ startRow: number; endRow: number }> | null {
  return changedRowRanges(buf.changes, buf.version, afterVersion, MAX_CHANGES);
}

/** Category / street code of a slot whose chunk named none. */
export const UNKNOWN_CODE = 255;
export const STATUS_CLASS_OPEN = 0;
export const STATUS_CLASS_CLOSED = 1;
/** Deleted or unusable: no filter selects it. */
export const STATUS_CLASS_HIDDEN = 2;

/** `timeBase` defaults to the start of 2020 (UTC): float32 seconds stay exact to the second until ~2550. */
export function createIncidentBuffer(capacity = 1024, timeBase: EpochMs = Date.UTC(2020, 0, 1)): IncidentBuffer {
  return {
    length: 0,
    positions: new Float32Array(capacity * 2),
    severity: new Uint8Array(capacity),
    status: new Uint8Array(capacity).fill(HIDDEN_STATUS),
    reportedAt: new Float64Array(capacity),
    dueAt: new Float64Array(capacity).fill(Number.NaN),
    flags: new Uint8Array(capacity),
    baseColors: new Uint8Array(capacity * 4),
    redColors: new Uint8Array(capacity * 4),
    ringColors: new Uint8Array(capacity * 4),
    indexById: new Map(),
    ids: [],
    category: new Uint8Array(capacity).fill(UNKNOWN_CODE),
    street: new Uint8Array(capacity).fill(UNKNOWN_CODE),
    source: new Uint8Array(capacity),
    grid: new Int32Array(capacity).fill(-1),
    filterCategories: new Uint8Array(capacity * 4).fill(STATUS_CLASS_HIDDEN),
    filterTime: new Float32Array(capacity),
    timeBase,
    categoryNames: [],
    streetIds: [],
    gridIds: [],
    codeOf: { category: new Map(), street: new Map(), grid: new Map() },
    changes: [],
    version: 0,
    columnsVersion: 0,
    openCount: 0,
    overdueCount: 0,
    redCount: 0,
    openRows: createOpenRows(Math.max(16, capacity >> 2)),
  };
}

function ensureCapacity(buf: IncidentBuffer, slots: number): void {
  if (buf.severity.length >= slots) return;
  buf.positions = grown(buf.positions, slots * 2);
  buf.severity = grown(buf.severity, slots);
  buf.status = grown(buf.status, slots, HIDDEN_STATUS);
  buf.reportedAt = grown(buf.reportedAt, slots);
  buf.dueAt = grown(buf.dueAt, slots, Number.NaN);
  buf.flags = grown(buf.flags, slots);
  buf.baseColors = grown(buf.baseColors, slots * 4);
  buf.redColors = grown(buf.redColors, slots * 4);
  buf.ringColors = grown(buf.ringColors, slots * 4);
  buf.category = grown(buf.category, slots, UNKNOWN_CODE);
  buf.street = grown(buf.street, slots, UNKNOWN_CODE);
  buf.source = grown(buf.source, slots);
  buf.grid = grown(buf.grid, slots, -1);
  buf.filterCategories = grown(buf.filterCategories, slots * 4, STATUS_CLASS_HIDDEN);
  buf.filterTime = grown(buf.filterTime, slots);
  growSlots(buf.openRows, slots);
}

/** The buffer-wide code of a chunk-local name (columns index into a per-chunk list). */
function globalCode(names: string[], codes: Map<string, number>, name: string | undefined, limit: number, none: number): number {
  if (typeof name !== 'string') return none;
  let code = codes.get(name);
  if (code === undefined) {
    if (names.length >= limit) return none;
    code = names.length;
    names.push(name);
    codes.set(name, code);
  }
  return code;
}

export function classifyIncident(status: number, severity: number, dueAt: number, now: EpochMs): number {
  if (status === HIDDEN_STATUS || status === CLOSED || status === REJECTED) return 0;
  let flags = FLAG_OPEN;
  if (severity === RED) flags |= FLAG_RED;
  if (Number.isFinite(dueAt) && dueAt < now) flags |= FLAG_OVERDUE;
  return flags;
}

function writeColor(target: Uint8Array, slot: number, rgb: readonly number[] | null, alpha: number): void {
  const o = slot * 4;
  target[o] = rgb?.[0] ?? 0;
  target[o + 1] = rgb?.[1] ?? 0;
  target[o + 2] = rgb?.[2] ?? 0;
  target[o + 3] = rgb ? alpha : 0;
}

/**
 * Reclassifies one slot, rewrites its colours and keeps the counts and its open row right; true when its
 * flags changed. `written`: the slot's data was just written (its open row is copied again even when its
 * flags stay).
 */
function restyle(buf: IncidentBuffer, slot: number, now: EpochMs, written: boolean): boolean {
  const before = buf.flags[slot] ?? 0;
  const severity = buf.severity[slot] ?? 0;
  const flags = classifyIncident(buf.status[slot] ?? HIDDEN_STATUS, severity, buf.dueAt[slot] ?? Number.NaN, now);
  const rgb = SEVERITY_RGB[SEVERITY_CODES[severity] ?? 'green'];
  const open = (flags & FLAG_OPEN) !== 0;
  const red = (flags & FLAG_RED) !== 0;
  // Closed ones are drawn muted in the base layer: the filter's status "open" (the default) hides them.
  const closed = !open && buf.status[slot] !== HIDDEN_STATUS;
  writeColor(buf.baseColors, slot, open && !red ? rgb : closed ? CLOSED_RGB : null, closed ? 150 : severity === 1 ? 235 : 215);
  writeColor(buf.redColors, slot, open && red ? rgb : null, 255);
  writeColor(buf.ringColors, slot, (flags & FLAG_OVERDUE) !== 0 ? rgb : null, 230);
  buf.flags[slot] = flags;
  buf.filterCategories[slot * 4 + 1] = severity;
  buf.filterCategories[slot * 4 + 2] = buf.status[slot] === HIDDEN_STATUS ? STATUS_CLASS_HIDDEN : open ? STATUS_CLASS_OPEN : STATUS_CLASS_CLOSED;
  if (written || flags !== before) syncOpenRow(buf.openRows, buf, slot, open);
  if (flags === before) return false;
  buf.openCount += (flags & FLAG_OPEN) - (before & FLAG_OPEN);
  buf.overdueCount += ((flags & FLAG_OVERDUE) - (before & FLAG_OVERDUE)) / FLAG_OVERDUE;
  buf.redCount += ((flags & FLAG_RED) - (before & FLAG_RED)) / FLAG_RED;
  return true;
}

/**
 * Applies one chunk of columns (as returned by getIncidentColumns): new ids get a slot, known ids are
 * overwritten, `deleted` ids are hidden. Rows with unusable values are hidden rather than trusted.
 */
export function applyIncidentColumns(buf: IncidentBuffer, cols: IncidentColumns, now: EpochMs): void {
  const count = Math.max(0, Math.min(finiteOr(cols.count, 0), cols.ids?.length ?? 0));
  ensureCapacity(buf, drawLength(buf.length + count));
  // Chunk-local code → buffer code, once per chunk (not per row).
  const categoryCode = (cols.categories ?? []).map((n) => globalCode(buf.categoryNames, buf.codeOf.category, n, MAX_FILTER_CODES, UNKNOWN_CODE));
  const streetCode = (cols.streets ?? []).map((n) => globalCode(buf.streetIds, buf.codeOf.street, n, MAX_FILTER_CODES, UNKNOWN_CODE));
  const gridCode = (cols.grids ?? []).map((n) => globalCode(buf.gridIds, buf.codeOf.grid, n, Number.MAX_SAFE_INTEGER, -1));
  let lo = Number.POSITIVE_INFINITY;
  let hi = -1;
  for (let i = 0; i < count; i++) {
    const id = cols.ids[i];
    if (typeof id !== 'string') continue;
    const slot = slotFor(buf, id);
    const lon = finiteOr(cols.lon?.[i], Number.NaN);
    const lat = finiteOr(cols.lat?.[i], Number.NaN);
    const severity = finiteOr(cols.severity?.[i], -1);
    const status = finiteOr(cols.status?.[i], -1);
    const valid = Number.isFinite(lon) && Number.isFinite(lat) && severity >= 0 && severity < SEVERITY_CODES.length && status >= 0 && status < STATUS_CODES.length;
    buf.positions[slot * 2] = valid ? lon : 0;
    buf.positions[slot * 2 + 1] = valid ? lat : 0;
    buf.severity[slot] = valid ? severity : 0;
    buf.status[slot] = valid ? status : HIDDEN_STATUS;
    buf.reportedAt[slot] = finiteOr(cols.reportedAt?.[i], 0);
    buf.dueAt[slot] = finiteOr(cols.dueAt?.[i], Number.NaN);
    const category = categoryCode[finiteOr(cols.category?.[i], -1)] ?? UNKNOWN_CODE;
    const street = streetCode[finiteOr(cols.street?.[i], -1)] ?? UNKNOWN_CODE;
    buf.category[slot] = category;
    buf.street[slot] = street;
    buf.source[slot] = finiteOr(cols.source?.[i], 0);
    buf.grid[slot] = gridCode[finiteOr(cols.grid?.[i], -1)] ?? -1;
    buf.filterCategories[slot * 4] = category;
    buf.filterCategories[slot * 4 + 3] = street;
    buf.filterTime[slot] = (buf.reportedAt[slot]! - buf.timeBase) / 1000;
    restyle(buf, slot, now, true);
    if (slot < lo) lo = slot;
    if (slot > hi) hi = slot;
  }
  for (const id of cols.deleted ?? []) {
    const slot = buf.indexById.get(id);
    if (slot === undefined) continue;
    buf.status[slot] = HIDDEN_STATUS;
    restyle(buf, slot, now, true);
    if (slot < lo) lo = slot;
    if (slot > hi) hi = slot;
  }
  buf.columnsVersion = Math.max(buf.columnsVersion, finiteOr(cols.version, buf.columnsVersion));
  recordChange(buf, lo, hi + 1);
}

/** Time moves on: incidents become overdue without any new data. True (and a new version) when any did. */
export function refreshIncidentClock(buf: IncidentBuffer, now: EpochMs): boolean {
  let lo = Number.POSITIVE_INFINITY;
  let hi = -1;
  for (let slot = 0; slot < buf.length; slot++) {
    const flags = buf.flags[slot] ?? 0;
    // Only open incidents with a time limit can change by the clock alone.
    if ((flags & FLAG_OPEN) === 0 || !Number.isFinite(buf.dueAt[slot] ?? Number.NaN)) continue;
    if (restyle(buf, slot, now, false)) {
      if (slot < lo) lo = slot;
      hi = slot;
    }
  }
  if (hi < 0) return false;
  recordChange(buf, lo, hi + 1);
  return true;
}

export interface PulsePoints {
  length: number;
  positions: Float32Array;
}

/** Open incidents reported within `windowMs` before `now` (host time): the small set that pulses. */
export function recentIncidentPoints(buf: IncidentBuffer, now: EpochMs, windowMs: number, max = 2000): PulsePoints {
  const slots: number[] = [];
  const since = now - windowMs;
  // Newest slots are at the end; walk backwards and stop once enough are found.
  for (let slot = buf.length - 1; slot >= 0 && slots.length < max; slot--) {
    const at = buf.reportedAt[slot] ?? 0;
    if (at >= since && at <= now + 5_000 && ((buf.flags[slot] ?? 0) & FLAG_OPEN) !== 0) slots.push(slot);
  }
  const positions = new Float32Array(slots.length * 2);
  slots.forEach((slot, i) => {
    positions[i * 2] = buf.positions[slot * 2] ?? 0;
    positions[i * 2 + 1] = buf.positions[slot * 2 + 1] ?? 0;
  });
  return { length: slots.length, positions };
}
