// The grids as a choropleth. The polygons are flattened once per grid list into one Float32Array (outer
// rings; holes are rare in grid data and ignored) with start indices, so deck.gl tesselates them once; a
// measure or a count change only recomputes one colour per grid (updateTriggers), never the geometry.
import type { GridRow } from '../../src-shared/api.ts';
import type { GridIndexScore } from '../../src-shared/index-api.ts';
import { polygonsOf } from './geometry.ts';
import { FLAG_OPEN, FLAG_OVERDUE } from './incident-buffer.ts';
import type { IncidentBuffer } from './incident-buffer.ts';

export const GRID_MEASURES = ['open', 'overdue', 'per1000', 'index'] as const;
export type GridMeasure = (typeof GRID_MEASURES)[number];

export interface GridPolygons {
  /** Polygons (a MultiPolygon grid has several). */
  length: number;
  startIndices: Uint32Array;
  /** lon, lat per vertex, every polygon's outer ring closed. */
  positions: Float32Array;
  /** Index into `grids` of each polygon. */
  gridOfPolygon: Uint32Array;
  grids: readonly GridRow[];
  rowOfGrid: Map<string, number>;
}

export function buildGridPolygons(grids: readonly GridRow[]): GridPolygons {
  const rings: number[][] = [];
  const owner: number[] = [];
  let vertices = 0;
  grids.forEach((g, row) => {
    for (const polygon of polygonsOf(g.polygon)) {
      const outer = polygon[0]!;
      const flat: number[] = [];
      for (const [x, y] of outer) flat.push(x, y);
      rings.push(flat);
      owner.push(row);
      vertices += outer.length;
    }
  });
  const positions = new Float32Array(vertices * 2);
  const startIndices = new Uint32Array(rings.length + 1);
  let at = 0;
  rings.forEach((flat, i) => {
    startIndices[i] = at / 2;
    positions.set(flat, at);
    at += flat.length;
  });
  startIndices[rings.length] = at / 2;
  return { length: rings.length, startIndices, positions, gridOfPolygon: Uint32Array.from(owner), grids, rowOfGrid: new Map(grids.map((g, i) => [g.gridId, i])) };
}

/**
 * One value per grid row (NaN: no value, drawn transparent). open / overdue count open incidents by their
 * grid; per1000 is open incidents per 1,000 households (NaN without a household count); index is the
 * grid branch's strength index score.
 */
/**
 * The measure per grid row. `passes` (the filter bar's test, status left out) narrows the incidents counted
 * to the time window, category, severity and street on show, so that the shading agrees with the points.
 */
export function gridMeasureValues(measure: GridMeasure, grids: readonly GridRow[], rowOfGrid: Map<string, number>, buf: IncidentBuffer | null, scores: readonly GridIndexScore[], passes?: (slot: number) => boolean): Float64Array {
  const values = new Float64Array(grids.length);
  if (measure === 'index') {
    values.fill(Number.NaN);
    for (const s of scores) {
      const row = rowOfGrid.get(s.gridId);
      if (row !== undefined && Number.isFinite(s.score)) values[row] = s.score;
    }
    return values;
  }
  if (buf) {
    // Buffer grid code → grid row, once per call (codes follow arrival order).
    const rowOfCode = new Int32Array(buf.gridIds.length).fill(-1);
    buf.gridIds.forEach((id, code) => {
      rowOfCode[code] = rowOfGrid.get(id) ?? -1;
    });
    const want = measure === 'overdue' ? FLAG_OVERDUE : FLAG_OPEN;
    for (let slot = 0; slot < buf.length; slot++) {
      if ((buf.flags[slot]! & want) === 0 || (passes && !passes(slot))) continue;
      const code = buf.grid[slot]!;
      const row = code >= 0 ? rowOfCode[code]! : -1;
      if (row >= 0) values[row]! += 1;
    }
  }
  if (measure === 'per1000') {
    grids.forEach((g, row) => {
      values[row] = g.households && g.households > 0 ? (values[row]! * 1000) / g.households : Number.NaN;
    });
  }
  return values;
}

export interface ClassBreaks {
  /** Upper bounds of all classes but the last (ascending); class i holds values < breaks[i]. */
  breaks: number[];
  method: 'quantile' | 'fixed';
  /** For the index a low value is bad, so its ramp runs the other way. */
  lowIsBad: boolean;
}

/** Fixed breaks of the strength index (its star grades are per 10 points above 60). */
export const INDEX_BREAKS = [60, 70, 80, 90];

/**
 * Counts: quintiles of the grids with a value above zero (zero stays its own, transparent class), so the
 * ramp spreads however skewed the counts are. Index: fixed breaks.
 */
export function classBreaks(measure: GridMeasure, values: Float64Array, classes = 5): ClassBreaks {
  if (measure === 'index') return { breaks: [...INDEX_BREAKS], method: 'fixed', lowIsBad: true };
  const positive = Array.from(values).filter((v) => Number.isFinite(v) && v > 0).sort((a, b) => a - b);
  const breaks: number[] = [];
  if (positive.length > 0) {
    for (let k = 1; k < classes; k++) {
      const q = positive[Math.min(positive.length - 1, Math.floor((k * positive.length) / classes))]!;
      // Strictly increasing: equal quantiles (many grids with the same count) merge into one class.
      // and above the smallest value, so that the first class is never empty.
      if (q > positive[0]! && (breaks.length === 0 || q > breaks[breaks.length - 1]!)) breaks.push(q);
    }
  }
  return { breaks, method: 'quantile', lowIsBad: false };
}

/**
 * Dark-theme ramps (five classes), low to high. Blue to violet, never red, yellow or green: those
 * are the 三色 severities of the points drawn on top.
 */
export const COUNT_RAMP: ReadonlyArray<readonly [number, number, number]> = [
  [34, 66, 110],
  [40, 98, 160],
  [70, 120, 210],
  [130, 100, 220],
  [190, 90, 230],
];
/** The index: low (weak branch) violet, high teal. */
export const INDEX_RAMP: ReadonlyArray<readonly [number, number, number]> = [
  [190, 90, 230],
  [140, 100, 215],
  [80, 120, 200],
  [50, 150, 190],
  [40, 185, 185],
];

/** Class c of `classes` → a ramp colour, spread over the whole ramp; a single class takes the middle one. */
function rampIndex(c: number, classes: number, rampLength: number): number {
  return classes === 1 ? Math.floor(rampLength / 2) : Math.round((c * (rampLength - 1)) / (classes - 1));
}

export function classOf(value: number, breaks: readonly number[]): number {
  let c = 0;
  while (c < breaks.length && value >= breaks[c]!) c++;
  return c;
}

/** RGBA per grid row; NaN and (for counts) zero are transparent. */
export function gridColors(measure: GridMeasure, values: Float64Array, cb: ClassBreaks, alpha = 105): Uint8Array {
  const ramp = measure === 'index' ? INDEX_RAMP : COUNT_RAMP;
  const out = new Uint8Array(values.length * 4);
  // Fewer classes than the ramp (merged quantiles): spread them over the whole ramp.
  const classes = cb.breaks.length + 1;
  values.forEach((v, row) => {
    if (!Number.isFinite(v) || (measure !== 'index' && v <= 0)) return;
    const c = classOf(v, cb.breaks);
    const rgb = ramp[rampIndex(c, classes, ramp.length)]!;
    out.set([rgb[0], rgb[1], rgb[2], alpha], row * 4);
  });
  return out;
}

export function rampOf(measure: GridMeasure, cb: ClassBreaks): Array<readonly [number, number, number]> {
  const ramp = measure === 'index' ? INDEX_RAMP : COUNT_RAMP;
  const classes = cb.breaks.length + 1;
  return Array.from({ length: classes }, (_, c) => ramp[rampIndex(c, classes, ramp.length)]!);
}
