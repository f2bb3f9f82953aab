// What deck.gl reads: binary-attribute data objects over the typed arrays of the buffers. A new object is
// made for each buffer version (deck.gl re-uploads an attribute when its descriptor object changes), but
// the arrays themselves are the buffers' own, viewed with subarray, never copied.
import type { AlertBuffer } from './alert-buffer.ts';
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
  };
}

export interface IncidentLayerData {
  version: number;
  /** Open incidents drawn (for the test hooks and the legend). */
  drawn: number;
  base: BinaryPoints;
  red: BinaryPoints;
  ring: BinaryPoints;
}

export interface AlertLayerData {
  version: number;
  drawn: number;
  points: BinaryPoints;
}

export interface PulseLayerData {
  /** Changes whenever the set of recent points is rebuilt. */
  version: number;
  points: BinaryPoints;
}

export function incidentLayerData(buf: IncidentBuffer): IncidentLayerData {
  const n = buf.length;
  const position = (): BinaryAttribute => ({ value: buf.positions.subarray(0, n * 2), size: 2 });
  return {
    version: buf.version,
    drawn: buf.openCount,
    base: { length: n, attributes: { getPosition: position(), getFillColor: { value: buf.baseColors.subarray(0, n * 4), size: 4, normalized: true } } },
    red: { length: n, attributes: { getPosition: position(), getFillColor: { value: buf.redColors.subarray(0, n * 4), size: 4, normalized: true } } },
    ring: { length: n, attributes: { getPosition: position(), getLineColor: { value: buf.ringColors.subarray(0, n * 4), size: 4, normalized: true } } },
  };
}

export function alertLayerData(buf: AlertBuffer): AlertLayerData {
  const n = buf.length;
  return {
    version: buf.version,
    drawn: buf.openCount,
    points: { length: n, attributes: { getPosition: { value: buf.positions.subarray(0, n * 2), size: 2 }, getColor: { value: buf.colors.subarray(0, n * 4), size: 4, normalized: true } } },
  };
}

export function pulseLayerData(points: PulsePoints, version: number): PulseLayerData {
  return {
    version,
    points: { length: points.length, attributes: { getPosition: { value: points.positions, size: 2 } } },
  };
}
