// Issue 9: checks a GeoJSON Polygon / MultiPolygon before it becomes a boundary or a grid: every position
// finite and inside a plausible China box, every ring closed with at least four positions and a non-zero
// area, and (for rings of sane size) no edge crossing another. Pure: used by the host's import and tests.
import { gcj02ToWgs84 } from './gcj02.ts';

/** [minLon, minLat, maxLon, maxLat]: mainland China with its islands, generously. */
export const CHINA_BBOX: readonly [number, number, number, number] = [73, 3, 136, 54];
/** Rings with more vertices than this skip the O(n²) self-intersection test. */
export const MAX_RING_FOR_CROSSING_TEST = 2_000;

export interface AreaProblem {
  /** e.g. "geometry.coordinates[0][3]" */
  path: string;
  reason: string;
}

export type AreaGeometry = { type: 'Polygon' | 'MultiPolygon'; coordinates: number[][][] | number[][][][] };

type Pos = [number, number];

/** Validates `geometry`; returns it (positions reduced to [lon, lat], GCJ-02 converted when asked) or the problems. */
export function checkArea(geometry: unknown, options: { gcj02?: boolean; bbox?: readonly [number, number, number, number] } = {}): { geometry: AreaGeometry | null; problems: AreaProblem[] } {
  const problems: AreaProblem[] = [];
  const bbox = options.bbox ?? CHINA_BBOX;
  if (geometry === null || typeof geometry !== 'object' || Array.isArray(geometry)) {
    return { geometry: null, problems: [{ path: 'geometry', reason: 'missing: a Polygon or MultiPolygon is required' }] };
  }
  const g = geometry as { type?: unknown; coordinates?: unknown };
  if (g.type !== 'Polygon' && g.type !== 'MultiPolygon') {
    return { geometry: null, problems: [{ path: 'geometry.type', reason: `must be Polygon or MultiPolygon, got ${JSON.stringify(g.type ?? null).slice(0, 40)}` }] };
  }
  if (!Array.isArray(g.coordinates) || g.coordinates.length === 0) {
    return { geometry: null, problems: [{ path: 'geometry.coordinates', reason: 'must be a non-empty array' }] };
  }
  const polygons: unknown[] = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  const out: Pos[][][] = [];
  polygons.forEach((poly, pi) => {
    const polyPath = g.type === 'Polygon' ? 'geometry.coordinates' : `geometry.coordinates[${pi}]`;
    if (!Array.isArray(poly) || poly.length === 0) {
      problems.push({ path: polyPath, reason: 'a polygon must be a non-empty array of rings' });
      return;
    }
    const rings: Pos[][] = [];
    poly.forEach((ring, ri) => {
      const ringPath = `${polyPath}[${ri}]`;
      const checked = checkRing(ring, ringPath, bbox, options.gcj02 ?? false, problems);
      if (checked) rings.push(checked);
    });
    out.push(rings);
  });
  if (problems.length) return { geometry: null, problems };
  return { geometry: g.type === 'Polygon' ? { type: 'Polygon', coordinates: out[0]! } : { type: 'MultiPolygon', coordinates: out }, problems };
}

function checkRing(ring: unknown, ringPath: string, bbox: readonly [number, number, number, number], gcj02: boolean, problems: AreaProblem[]): Pos[] | null {
  if (!Array.isArray(ring)) {
    problems.push({ path: ringPath, reason: 'a ring must be an array of positions' });
    return null;
  }
  const before = problems.length;
  const positions: Pos[] = [];
  ring.forEach((p, i) => {
    if (!Array.isArray(p) || p.length < 2 || typeof p[0] !== 'number' || typeof p[1] !== 'number' || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) {
      problems.push({ path: `${ringPath}[${i}]`, reason: 'a position must be [lon, lat] with finite numbers' });
      return;
    }
    let lon = p[0];
    let lat = p[1];
    if (gcj02) [lon, lat] = gcj02ToWgs84(lon, lat);
    if (lon < bbox[0] || lon > bbox[2] || lat < bbox[1] || lat > bbox[3]) {
      // Only the first one per ring: a swapped lon/lat makes every position wrong at once.
      if (problems.length === before) problems.push({ path: `${ringPath}[${i}]`, reason: `[${p[0]}, ${p[1]}] is outside China (lon ${bbox[0]}–${bbox[2]}, lat ${bbox[1]}–${bbox[3]}); lon and lat swapped?` });
      return;
    }
    positions.push([lon, lat]);
  });
  if (problems.length > before) return null;
  if (positions.length < 4) {
    problems.push({ path: ringPath, reason: `a ring needs at least 4 positions (the first repeated at the end), got ${positions.length}` });
    return null;
  }
  const first = positions[0]!;
  // Compared on the file's own numbers: a conversion must not make a closed ring look open.
  const rawFirst = ring[0] as number[];
  const rawLast = ring[ring.length - 1] as number[];
  if (rawFirst[0] !== rawLast[0] || rawFirst[1] !== rawLast[1]) {
    problems.push({ path: ringPath, reason: `the ring is not closed: it starts at [${rawFirst[0]}, ${rawFirst[1]}] and ends at [${rawLast[0]}, ${rawLast[1]}]` });
    return null;
  }
  positions[positions.length - 1] = [first[0], first[1]];
  // Crossing first: a symmetric figure eight also has zero area, but "crosses itself" says why.
  if (positions.length - 1 <= MAX_RING_FOR_CROSSING_TEST) {
    const crossing = findSelfIntersection(positions);
    if (crossing) {
      problems.push({ path: ringPath, reason: `the ring crosses itself (edges ${crossing[0]} and ${crossing[1]})` });
      return null;
    }
  }
  if (Math.abs(ringArea(positions)) < 1e-14) {
    problems.push({ path: ringPath, reason: 'the ring has no area (all positions on one line or point)' });
    return null;
  }
  return positions;
}

/** Shoelace area in square degrees (sign gives the orientation). */
export function ringArea(ring: readonly Pos[]): number {
  let sum = 0;
  for (let i = 0; i + 1 < ring.length; i++) sum += ring[i]![0] * ring[i + 1]![1] - ring[i + 1]![0] * ring[i]![1];
  return sum / 2;
}

function orient(a: Pos, b: Pos, c: Pos): number {
  const v = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
  return Math.abs(v) < 1e-18 ? 0 : Math.sign(v);
}

function onSegment(a: Pos, b: Pos, p: Pos): boolean {
  return Math.min(a[0], b[0]) <= p[0] && p[0] <= Math.max(a[0], b[0]) && Math.min(a[1], b[1]) <= p[1] && p[1] <= Math.max(a[1], b[1]);
}

function segmentsIntersect(a: Pos, b: Pos, c: Pos, d: Pos): boolean {
  const o1 = orient(a, b, c);
  const o2 = orient(a, b, d);
  const o3 = orient(c, d, a);
  const o4 = orient(c, d, b);
  if (o1 !== o2 && o3 !== o4) return true;
  if (o1 === 0 && onSegment(a, b, c)) return true;
  if (o2 === 0 && onSegment(a, b, d)) return true;
  if (o3 === 0 && onSegment(c, d, a)) return true;
  if (o4 === 0 && onSegment(c, d, b)) return true;
  return false;
}

/** The first pair of non-adjacent edges (0-based) of a closed ring that touch or cross, or null. */
export function findSelfIntersection(ring: readonly Pos[]): [number, number] | null {
  const n = ring.length - 1; // edges
  for (let i = 0; i < n; i++) {
    for (let j = i + 2; j < n; j++) {
      if (i === 0 && j === n - 1) continue; // the first and last edges share the closing vertex
      if (segmentsIntersect(ring[i]!, ring[i + 1]!, ring[j]!, ring[j + 1]!)) return [i, j];
    }
  }
  return null;
}

/** A point (lon, lat) from a table, converted from GCJ-02 when asked; null when outside the China box. */
export function checkPoint(lon: number, lat: number, gcj02: boolean, bbox: readonly [number, number, number, number] = CHINA_BBOX): Pos | null {
  if (!Number.isFinite(lon) || !Number.isFinite(lat)) return null;
  const [x, y] = gcj02 ? gcj02ToWgs84(lon, lat) : [lon, lat];
  if (x < bbox[0] || x > bbox[2] || y < bbox[1] || y > bbox[3]) return null;
  return [Math.round(x * 1e7) / 1e7, Math.round(y * 1e7) / 1e7];
}
