// What deck.gl reads: binary-attribute data objects over the typed arrays of the buffers. A new object is
// made for each buffer version (deck.gl re-uploads an attribute when its descriptor object changes), but
// the arrays themselves are the buffers' own, viewed with subarray, never copied.
import type { AlertBuffer } from './alert-buffer.ts';
import { FLAG_OPEN, FLAG_OVERDUE, FLAG_RED } from './incident-buffer.ts';
import type { IncidentBuffer, PulsePoints } from './incident-buffer.ts';

export interface BinaryAttribute {
  value: Float32Array | Uint8Array;
  size: number;
  /** Uint8 colours are 0..255 and read as 0..1 on the GPU. */
  normalized?: boolean;
}

export interface BinaryPoints {
  length: number;
  attributes: {
    getPosition: BinaryAttribute;
    getFillColor?: BinaryAttribute;
    getLineColor?: BinaryAttribute;
    getColor?: BinaryAttribute;
    // issue 4: the GPU filter and the category icon
    getFilterValue?: BinaryAttribute;
    getFilterCategory?: BinaryAttribute;
    getIcon?: BinaryAttribute;
  };
}

export interface IncidentLayerData {
  version: number;
  /** Open incidents drawn (for the test hooks and the legend). */
  drawn: number;
  base: BinaryPoints;
  red: BinaryPoints;
  ring: BinaryPoints;
  /** The buffer behind the attributes: picking (index → id) and the CPU counts read it; never mutated by the map. */
  buffer?: IncidentBuffer;
  /**
   * The same points for deck.gl's partial updates (issue 4): accessors read the buffer by index and the
   * layers' _dataDiff asks the buffer which rows changed since the version last drawn.
   */
  points?: IncidentPoints;
  /** The open incidents' compact rows (buffer.openRows) at this version: the base layer and the heat draw these. */
  openPoints?: IncidentPoints;
  /** Open red incidents (drawn on top, never buried) and overdue ones (the ring). */
  redSubset?: IncidentSubset;
  overdueSubset?: IncidentSubset;
}

/**
 * A small subset of the incidents (open red ones, overdue ones) copied into compact arrays, so that the
 * layers drawn over the base one process a few thousand instances instead of every cached incident.
 */
export interface IncidentSubset {
  length: number;
  /** Buffer slot of each subset row (picking). */
  slots: Uint32Array;
  data: BinaryPoints;
}

export interface IncidentPoints {
  length: number;
  version: number;
  buffer: IncidentBuffer;
}

export interface AlertLayerData {
  version: number;
  drawn: number;
  points: BinaryPoints;
  /** The buffer behind the attributes (issue 4: picking reads its ids and kinds). */
  buffer?: AlertBuffer;
}

export interface PulseLayerData {
  /** Changes whenever the set of recent points is rebuilt. */
  version: number;
  points: BinaryPoints;
}

export function incidentLayerData(buf: IncidentBuffer): IncidentLayerData {
  const n = buf.length;
  // One descriptor per array, shared by the three layers: deck.gl uploads each typed array once per version.
  const position: BinaryAttribute = { value: buf.positions.subarray(0, n * 2), size: 2 };
  const filterValue: BinaryAttribute = { value: buf.filterTime.subarray(0, n), size: 1 };
  const filterCategory: BinaryAttribute = { value: buf.filterCategories.subarray(0, n * 4), size: 4 };
  const icon: BinaryAttribute = { value: buf.category.subarray(0, n), size: 1 };
  const shared = { getPosition: position, getFilterValue: filterValue, getFilterCategory: filterCategory };
  return {
    version: buf.version,
    drawn: buf.openCount,
    base: { length: n, attributes: { ...shared, getIcon: icon, getColor: { value: buf.baseColors.subarray(0, n * 4), size: 4, normalized: true } } },
    red: { length: n, attributes: { ...shared, getIcon: icon, getColor: { value: buf.redColors.subarray(0, n * 4), size: 4, normalized: true } } },
    ring: { length: n, attributes: { ...shared, getLineColor: { value: buf.ringColors.subarray(0, n * 4), size: 4, normalized: true } } },
    buffer: buf,
    points: { length: n, version: buf.version, buffer: buf },
    openPoints: { length: buf.openRows.length, version: buf.version, buffer: buf },
    redSubset: subset(buf, FLAG_OPEN | FLAG_RED, 'redColors', 'getColor'),
    overdueSubset: subset(buf, FLAG_OVERDUE, 'ringColors', 'getLineColor'),
  };
}

/** Copies the slots whose flags include all of `flags` (one pass over the flags; the copies are small). */
function subset(buf: IncidentBuffer, flags: number, colors: 'redColors' | 'ringColors', colorAccessor: 'getColor' | 'getLineColor'): IncidentSubset {
  let count = 0;
  for (let slot = 0; slot < buf.length; slot++) if ((buf.flags[slot]! & flags) === flags) count++;
  const slots = new Uint32Array(count);
  const positions = new Float32Array(count * 2);
  const color = new Uint8Array(count * 4);
  const icon = new Uint8Array(count);
  const filterTime = new Float32Array(count);
  const filterCategories = new Uint8Array(count * 4);
  let i = 0;
  for (let slot = 0; slot < buf.length && i < count; slot++) {
    if ((buf.flags[slot]! & flags) !== flags) continue;
    slots[i] = slot;
    positions[i * 2] = buf.positions[slot * 2]!;
    positions[i * 2 + 1] = buf.positions[slot * 2 + 1]!;
    color.set(buf[colors].subarray(slot * 4, slot * 4 + 4), i * 4);
    icon[i] = buf.category[slot]!;
    filterTime[i] = buf.filterTime[slot]!;
    filterCategories.set(buf.filterCategories.subarray(slot * 4, slot * 4 + 4), i * 4);
    i++;
  }
  return {
    length: count,
    slots,
    data: {
      length: count,
      attributes: {
        getPosition: { value: positions, size: 2 },
        [colorAccessor]: { value: color, size: 4, normalized: true },
        getIcon: { value: icon, size: 1 },
        getFilterValue: { value: filterTime, size: 1 },
        getFilterCategory: { value: filterCategories, size: 4 },
      },
    },
  };
}

export function alertLayerData(buf: AlertBuffer): AlertLayerData {
  const n = buf.length;
  return {
    version: buf.version,
    drawn: buf.openCount,
    points: { length: n, attributes: { getPosition: { value: buf.positions.subarray(0, n * 2), size: 2 }, getColor: { value: buf.colors.subarray(0, n * 4), size: 4, normalized: true } } },
    buffer: buf,
  };
}

export function pulseLayerData(points: PulsePoints, version: number): PulseLayerData {
  return {
    version,
    points: { length: points.length, attributes: { getPosition: { value: points.positions, size: 2 } } },
  };
}
