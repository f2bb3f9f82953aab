// GCJ-02 raster basemaps under WGS-84 data (issue 4). Many Chinese raster basemaps are drawn in GCJ-02,
// about 500 m off our WGS-84 data. Rather than moving a million points, each basemap tile is moved:
// the WGS-84 tile (z, x, y) is cut out of the GCJ-02 source tiles, shifted by the GCJ-02 offset at the
// tile's centre. Across one tile the offset changes by less than a pixel (0.6 px at z10, less higher up: see the unit test), so the
// seams between tiles cannot be seen and the data stay exactly where SFP/1 put them.
import { wgs84ToGcj02 } from '../../src-shared/domain/gcj02.ts';

/** Global pixel coordinates (Web Mercator) of a position at zoom z for tiles of `size` pixels. */
export function globalPixel(lon: number, lat: number, z: number, size: number): [number, number] {
  const world = size * 2 ** z;
  const x = ((lon + 180) / 360) * world;
  const r = (lat * Math.PI) / 180;
  const y = ((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * world;
  return [x, y];
}

function tileCentre(z: number, x: number, y: number): [number, number] {
  const n = 2 ** z;
  const lon = ((x + 0.5) / n) * 360 - 180;
  const lat = (Math.atan(Math.sinh(Math.PI * (1 - (2 * (y + 0.5)) / n))) * 180) / Math.PI;
  return [lon, lat];
}

export interface WarpPiece {
  /** Source (GCJ-02) tile to draw. */
  z: number;
  x: number;
  y: number;
  /** Where its top-left corner goes on the output tile, in pixels. */
  dx: number;
  dy: number;
}

/** The GCJ-02 source tiles that make up WGS-84 tile (z, x, y), and where each is drawn. */
export function warpPlan(z: number, x: number, y: number, size: number): WarpPiece[] {
  const [lon, lat] = tileCentre(z, x, y);
  const [glon, glat] = wgs84ToGcj02(lon, lat);
  const [px, py] = globalPixel(lon, lat, z, size);
  const [gx, gy] = globalPixel(glon, glat, z, size);
  // The output pixel (i, j) shows the source's global pixel (x·size + i + ox, y·size + j + oy).
  const left = x * size + (gx - px);
  const top = y * size + (gy - py);
  const n = 2 ** z;
  const pieces: WarpPiece[] = [];
  for (let tx = Math.floor(left / size); tx <= Math.floor((left + size - 1) / size); tx++) {
    for (let ty = Math.floor(top / size); ty <= Math.floor((top + size - 1) / size); ty++) {
      if (tx < 0 || ty < 0 || tx >= n || ty >= n) continue;
      pieces.push({ z, x: tx, y: ty, dx: tx * size - left, dy: ty * size - top });
    }
  }
  return pieces;
}
