// Plain geometry for the basemap: polygons from untrusted GeoJSON, a label point that lies inside a
// polygon (concave street shapes put their centroid outside), and the mask that dims the world outside
// the district.
export type Position = [number, number];
export type Ring = Position[];
/** Outer ring first, then holes. */
export type PolygonRings = Ring[];

function isPosition(v: unknown): v is Position {
  return Array.isArray(v) && v.length >= 2 && Number.isFinite(v[0]) && Number.isFinite(v[1]);
}

function toRing(v: unknown): Ring | null {
  if (!Array.isArray(v) || v.length < 4) return null;
  const ring: Ring = [];
  for (const p of v) {
    if (!isPosition(p)) return null;
    ring.push([p[0], p[1]]);
  }
  return ring;
}

function toPolygon(v: unknown): PolygonRings | null {
  if (!Array.isArray(v) || v.length === 0) return null;
  const rings: PolygonRings = [];
  for (const r of v) {
    const ring = toRing(r);
    if (ring) rings.push(ring);
  }
  return rings.length > 0 ? rings : null;
}

/** The polygons of a Polygon or MultiPolygon geometry; anything malformed is dropped, never thrown. */
export function polygonsOf(geometry: { type: string; coordinates: unknown } | null | undefined): PolygonRings[] {
  if (!geometry || !Array.isArray(geometry.coordinates)) return [];
  if (geometry.type === 'Polygon') {
    const p = toPolygon(geometry.coordinates);
    return p ? [p] : [];
  }
  if (geometry.type === 'MultiPolygon') {
    const out: PolygonRings[] = [];
    for (const c of geometry.coordinates) {
      const p = toPolygon(c);
      if (p) out.push(p);
    }
    return out;
  }
  return [];
}

export function ringArea(ring: Ring): number {
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const pi = ring[i]!;
    const pj = ring[j]!;
    a += (pj[0] - pi[0]) * (pj[1] + pi[1]);
  }
  return Math.abs(a / 2);
}

function insideRing(x: number, y: number, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

export function pointInPolygon(x: number, y: number, polygon: PolygonRings): boolean {
  const [outer, ...holes] = polygon;
  if (!outer || !insideRing(x, y, outer)) return false;
  return !holes.some((h) => insideRing(x, y, h));
}

function segmentDistanceSq(px: number, py: number, a: Position, b: Position): number {
  let x = a[0];
  let y = a[1];
  let dx = b[0] - x;
  let dy = b[1] - y;
  if (dx !== 0 || dy !== 0) {
    const t = ((px - x) * dx + (py - y) * dy) / (dx * dx + dy * dy);
    if (t > 1) {
      x = b[0];
      y = b[1];
    } else if (t > 0) {
      x += dx * t;
      y += dy * t;
    }
  }
  dx = px - x;
  dy = py - y;
  return dx * dx + dy * dy;
}

function edgeDistance(x: number, y: number, polygon: PolygonRings): number {
  let min = Infinity;
  for (const ring of polygon) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      min = Math.min(min, segmentDistanceSq(x, y, ring[i]!, ring[j]!));
    }
  }
  return Math.sqrt(min);
}

/**
 * A point well inside the polygon (roughly the pole of inaccessibility): a coarse grid search refined
 * twice around the best cell. Good enough for label placement and bounded in cost.
 */
export function labelPoint(polygon: PolygonRings): Position | null {
  const outer = polygon[0];
  if (!outer) return null;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const [x, y] of outer) {
    minX = Math.min(minX, x);
    minY = Math.min(minY, y);
    maxX = Math.max(maxX, x);
    maxY = Math.max(maxY, y);
  }
  let best: Position | null = null;
  let bestD = -Infinity;
  let cx = (minX + maxX) / 2;
  let cy = (minY + maxY) / 2;
  let hw = (maxX - minX) / 2;
  let hh = (maxY - minY) / 2;
  for (let round = 0; round < 3; round++) {
    const n = round === 0 ? 24 : 10;
    for (let i = 0; i <= n; i++) {
      for (let j = 0; j <= n; j++) {
        const x = cx - hw + (2 * hw * i) / n;
        const y = cy - hh + (2 * hh * j) / n;
        if (!pointInPolygon(x, y, polygon)) continue;
        const d = edgeDistance(x, y, polygon);
        if (d > bestD) {
          bestD = d;
          best = [x, y];
        }
      }
    }
    if (!best) break;
    [cx, cy] = best;
    hw /= 6;
    hh /= 6;
  }
  return best ?? [(minX + maxX) / 2, (minY + maxY) / 2];
}

/** The label point of the largest part of a (Multi)Polygon. */
export function featureLabelPoint(geometry: { type: string; coordinates: unknown }): Position | null {
  const polygons = polygonsOf(geometry);
  let largest: PolygonRings | null = null;
  let area = -1;
  for (const p of polygons) {
    const a = ringArea(p[0]!);
    if (a > area) {
      area = a;
      largest = p;
    }
  }
  return largest ? labelPoint(largest) : null;
}

/** A polygon covering `bbox` grown by `margin` degrees with the district cut out: dims everything outside. */
export function outsideMask(geometry: { type: string; coordinates: unknown }, bbox: [number, number, number, number], margin = 3) {
  const [w, s, e, n] = bbox;
  const frame: Ring = [
    [w - margin, s - margin],
    [e + margin, s - margin],
    [e + margin, n + margin],
    [w - margin, n + margin],
    [w - margin, s - margin],
  ];
  const holes = polygonsOf(geometry).map((p) => p[0]!);
  return { type: 'Polygon' as const, coordinates: [frame, ...holes] };
}
