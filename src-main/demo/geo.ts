// Plain planar geometry on lon/lat polygons, enough for a district of ~100 km² (the demo's scale):
// point-in-polygon, bounding boxes, areas and random points. Used by the resource script and the
// scenario engine.
import type { Random } from './random.ts';

export type Position = number[]; // [lon, lat]
export type Ring = Position[];
export type PolygonCoords = Ring[];
export type AreaGeometry = { type: 'Polygon'; coordinates: PolygonCoords } | { type: 'MultiPolygon'; coordinates: PolygonCoords[] };
export type BBox = [minLon: number, minLat: number, maxLon: number, maxLat: number];

const KM_PER_DEG_LAT = 111.32;

export function polygonsOf(area: AreaGeometry): PolygonCoords[] {
  return area.type === 'Polygon' ? [area.coordinates] : area.coordinates;
}

/** Ray casting; points exactly on an edge may go either way. */
export function pointInRing(lon: number, lat: number, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const xi = ring[i]![0]!, yi = ring[i]![1]!;
    const xj = ring[j]![0]!, yj = ring[j]![1]!;
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

export function pointInPolygon(lon: number, lat: number, polygon: PolygonCoords): boolean {
  if (polygon.length === 0 || !pointInRing(lon, lat, polygon[0]!)) return false;
  for (let h = 1; h < polygon.length; h++) if (pointInRing(lon, lat, polygon[h]!)) return false;
  return true;
}

export function pointInArea(lon: number, lat: number, area: AreaGeometry): boolean {
  return polygonsOf(area).some((p) => pointInPolygon(lon, lat, p));
}

export function bboxOf(area: AreaGeometry): BBox {
  const b: BBox = [Infinity, Infinity, -Infinity, -Infinity];
  for (const poly of polygonsOf(area))
    for (const ring of poly)
      for (const p of ring) {
        if (p[0]! < b[0]) b[0] = p[0]!;
        if (p[1]! < b[1]) b[1] = p[1]!;
        if (p[0]! > b[2]) b[2] = p[0]!;
        if (p[1]! > b[3]) b[3] = p[1]!;
      }
  return b;
}

/** Signed shoelace area in square degrees (positive = counter-clockwise). */
export function ringSignedArea(ring: Ring): number {
  let s = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) s += ring[j]![0]! * ring[i]![1]! - ring[i]![0]! * ring[j]![1]!;
  return s / 2;
}

/** Area in km², on a local equirectangular projection (good to well under 1 % at this scale). */
export function areaKm2(area: AreaGeometry): number {
  const [, minLat, , maxLat] = bboxOf(area);
  const kx = KM_PER_DEG_LAT * Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  let deg2 = 0;
  for (const poly of polygonsOf(area)) {
    poly.forEach((ring, i) => {
      const a = Math.abs(ringSignedArea(ring));
      deg2 += i === 0 ? a : -a;
    });
  }
  return deg2 * kx * KM_PER_DEG_LAT;
}

/** Area-weighted centroid of the outer rings (holes ignored: fine for labels and seeds). */
export function centroidOf(area: AreaGeometry): [number, number] {
  let cx = 0, cy = 0, total = 0;
  for (const poly of polygonsOf(area)) {
    const ring = poly[0]!;
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const x0 = ring[j]![0]!, y0 = ring[j]![1]!, x1 = ring[i]![0]!, y1 = ring[i]![1]!;
      const f = x0 * y1 - x1 * y0;
      cx += (x0 + x1) * f;
      cy += (y0 + y1) * f;
      total += f;
    }
  }
  if (total === 0) {
    const b = bboxOf(area);
    return [(b[0] + b[2]) / 2, (b[1] + b[3]) / 2];
  }
  return [cx / (3 * total), cy / (3 * total)];
}

/** A uniformly random point inside the area (rejection sampling in its bounding box). */
export function randomPointInArea(area: AreaGeometry, rnd: Random, maxTries = 500): [number, number] {
  const b = bboxOf(area);
  for (let i = 0; i < maxTries; i++) {
    const lon = rnd.range(b[0], b[2]);
    const lat = rnd.range(b[1], b[3]);
    if (pointInArea(lon, lat, area)) return [lon, lat];
  }
  // A degenerate sliver: fall back to a vertex of its outline.
  const ring = polygonsOf(area)[0]![0]!;
  const p = ring[Math.floor(rnd.next() * (ring.length - 1))]!;
  return [p[0]!, p[1]!];
}
