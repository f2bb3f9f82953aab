// What deck.gl reads: binary-attribute data objects over the typed arrays of the buffers. A new object is
// made for each buffer version (deck.gl re-uploads an attribute when its descriptor object changes), but
// the arrays themselves are the buffers' own, viewed with subarray, never copied.
import type { AlertBuffer } from './alert-buffer.ts';
import { drawLength } from './typed-arrays.ts';
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
    // issue 4: the GPU filter (four channels, filters.ts) and the category icon
    getFilterValue?: BinaryAttribute;
    getIcon?: BinaryAttribute;
  };
}

export interface IncidentLayerData {
  version: number;
  /** Open incidents drawn (for the test hooks and the legend). */
  drawn: number;
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
  /** Rows deck.gl reads: those in use rounded up (drawLength; the ones past them are hidden). */
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
  return {
    version: buf.version,
    drawn: buf.openCount,
    buffer: buf,
    // The partial-update layers are told the rows in use rounded up (drawLength): deck.gl sizes its GPU
    // buffers to the length it is given and re-makes (and re-uploads) them whenever that grows, which one
    // new incident at a time would do on every notice. The rows past those in use are transparent and never
    // pass the filter.
    points: { length: drawLength(buf.length), version: buf.version, buffer: buf },
    openPoints: { length: drawLength(buf.openRows.length), version: buf.version, buffer: buf },
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
  // The GPU filter's four channels (filters.ts): report time, category, severity, street.
  const filterValues = new Float32Array(count * 4);
  let i = 0;
  for (let slot = 0; slot < buf.length && i < count; slot++) {
    if ((buf.flags[slot]! & flags) !== flags) continue;
    slots[i] = slot;
    positions[i * 2] = buf.positions[slot * 2]!;
    positions[i * 2 + 1] = buf.positions[slot * 2 + 1]!;
    color.set(buf[colors].subarray(slot * 4, slot * 4 + 4), i * 4);
    icon[i] = buf.category[slot]!;
    filterValues[i * 4] = buf.filterTime[slot]!;
    filterValues[i * 4 + 1] = buf.filterCategories[slot * 4]!;
    filterValues[i * 4 + 2] = buf.filterCategories[slot * 4 + 1]!;
    filterValues[i * 4 + 3] = buf.filterCategories[slot * 4 + 3]!;
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
        getFilterValue: { value: filterValues, size: 4 },
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
