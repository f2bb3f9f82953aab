// The briefing's map as plain SVG data: the district, its streets and the period's incidents projected
// onto a fixed-size box. SVG (not the wall's WebGL map) because Chromium prints it as vectors, it is
// drawn synchronously (no tiles, no GL buffer to wait for) and looks the same in the PDF, in Electron's
// printToPDF and on a presentation screen. Pure: tested under Node.
import type { Boundaries, BoundaryFeature } from '../../src-shared/api.ts';
import type { BriefingMapPoints } from '../../src-shared/briefing.ts';

type Ring = number[][];

export interface SvgMapShape {
  id: string;
  name: string;
  level: BoundaryFeature['properties']['level'];
  d: string;
}

export interface SvgMap {
  width: number;
  height: number;
  district: SvgMapShape;
  streets: SvgMapShape[];
  labels: Array<{ id: string; name: string; x: number; y: number }>;
  /** Drawn in this order: green first, red last (on top). */
  points: Array<{ x: number; y: number; severity: number; closed: boolean }>;
  approximate: boolean;
}

function rings(f: BoundaryFeature): Ring[] {
  const c = f.geometry.coordinates as number[][][] | number[][][][];
  return f.geometry.type === 'Polygon' ? (c as Ring[]) : (c as Ring[][]).flat();
}

/** The area of a ring in squared degrees (shoelace), for picking a label's ring. */
function ringArea(r: Ring): number {
  let a = 0;
  for (let i = 0, j = r.length - 1; i < r.length; j = i++) a += (r[j]![0]! + r[i]![0]!) * (r[j]![1]! - r[i]![1]!);
  return Math.abs(a / 2);
}

/** The area-weighted centroid of a ring (falls back to the vertex mean for a degenerate one). */
function ringCentroid(r: Ring): [number, number] {
  let a = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0, j = r.length - 1; i < r.length; j = i++) {
    const [x0, y0] = [r[j]![0]!, r[j]![1]!];
    const [x1, y1] = [r[i]![0]!, r[i]![1]!];
    const cross = x0 * y1 - x1 * y0;
    a += cross;
    cx += (x0 + x1) * cross;
    cy += (y0 + y1) * cross;
  }
  if (Math.abs(a) < 1e-12) {
    const n = r.length || 1;
    return [r.reduce((s, p) => s + p[0]!, 0) / n, r.reduce((s, p) => s + p[1]!, 0) / n];
  }
  return [cx / (3 * a), cy / (3 * a)];
}

/**
 * The points as one SVG path per severity × closed (circles of radius r drawn with two arcs each): six
 * elements instead of thousands keep the printed PDF small and quick to draw. Green first, red last.
 */
export function pointPaths(points: SvgMap['points'], r: number): Array<{ severity: number; closed: boolean; d: string }> {
  const groups = new Map<string, { severity: number; closed: boolean; parts: string[] }>();
  for (const p of points) {
    const key = `${p.severity}|${p.closed ? 1 : 0}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { severity: p.severity, closed: p.closed, parts: [] }));
    g.parts.push(`M${(p.x - r).toFixed(1)},${p.y.toFixed(1)}a${r},${r} 0 1,0 ${2 * r},0a${r},${r} 0 1,0 ${-2 * r},0`);
  }
  return [...groups.values()]
    .sort((a, b) => b.severity - a.severity || Number(b.closed) - Number(a.closed))
    .map((g) => ({ severity: g.severity, closed: g.closed, d: g.parts.join('') }));
}

/**
 * Projects the boundaries and points into a box `width` wide (height from the district's shape), with
 * `pad` pixels around: an equirectangular projection scaled by cos(latitude), true enough for a district.
 */
export function svgMap(b: Boundaries, points: BriefingMapPoints | undefined, width: number, pad = 12): SvgMap {
  const [w, s, e, n] = b.bbox;
  const k = Math.cos((((s + n) / 2) * Math.PI) / 180);
  const scale = (width - 2 * pad) / Math.max(1e-9, (e - w) * k);
  const height = Math.round((n - s) * scale + 2 * pad);
  const x = (lon: number): number => pad + (lon - w) * k * scale;
  const y = (lat: number): number => pad + (n - lat) * scale;
  const path = (f: BoundaryFeature): string =>
    rings(f)
      .map((r) => `M${r.map((p) => `${x(p[0]!).toFixed(1)},${y(p[1]!).toFixed(1)}`).join('L')}Z`)
      .join('');
  const shape = (f: BoundaryFeature): SvgMapShape => ({ id: f.properties.id, name: f.properties.name, level: f.properties.level, d: path(f) });
  const labels = b.streets.map((f) => {
    const biggest = rings(f).reduce<Ring | null>((best, r) => (!best || ringArea(r) > ringArea(best) ? r : best), null) ?? [];
    const [cx, cy] = ringCentroid(biggest);
    return { id: f.properties.id, name: f.properties.name, x: x(cx), y: y(cy) };
  });
  const pts: SvgMap['points'] = [];
  if (points) {
    for (let i = points.lon.length - 1; i >= 0; i--) {
      const lon = points.lon[i]!;
      const lat = points.lat[i]!;
      // an incident placed outside the district's box would be drawn over the margin: leave it out
      if (lon < w || lon > e || lat < s || lat > n) continue;
      pts.push({ x: Number(x(lon).toFixed(1)), y: Number(y(lat).toFixed(1)), severity: points.severity[i]!, closed: points.closed[i] === 1 });
    }
  }
  const approximate = [b.district, ...b.streets].some((f) => f.properties.approximate === true);
  return { width, height, district: shape(b.district), streets: b.streets.map(shape), labels, points: pts, approximate };
}
