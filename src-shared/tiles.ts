// The wall's basemap tiles as the API describes them (issue 4): whichever source a deployment set
// (intranet XYZ, a local PMTiles or MBTiles file), the renderer asks the host for tiles through the API —
// never the network itself — so the console's content policy stays closed and local files need no port.
import type { CoordinateSystem, TileSourceSettings } from './settings.ts';

export type TileFormat = 'png' | 'jpg' | 'webp' | 'avif' | 'pbf';

export interface TileSourceInfo {
  kind: TileSourceSettings['kind'];
  /** Changes whenever the source changes: part of the tile URL so the map never mixes two sources. */
  revision: number;
  tileType: 'raster' | 'vector' | null;
  format: TileFormat | null;
  minZoom: number;
  maxZoom: number;
  /** [west, south, east, north] the source covers, when it says. */
  bounds: [number, number, number, number] | null;
  tileSize: 256 | 512;
  coordinateSystem: CoordinateSystem;
  attribution: string;
  name: string;
  /** Vector tiles: the source layers (OpenMapTiles / Protomaps names) the built-in style can draw. */
  vectorLayers: string[];
  /** Why the source cannot be used (the wall then shows the district's own boundaries only). */
  error: string | null;
}

export interface TileQuery {
  z: number;
  x: number;
  y: number;
  /** The revision the renderer's style was built for; an outdated one is answered with null. */
  revision?: number;
}

export interface TileData {
  /** The tile bytes, base64 (the web transport is JSON). Vector tiles are sent uncompressed. */
  data: string;
  contentType: string;
}

export type TileTestResult =
  | { ok: true; info: TileSourceInfo; sample: { z: number; x: number; y: number; bytes: number } | null }
  | { ok: false; error: string };

export const NO_TILES: TileSourceInfo = {
  kind: 'none',
  revision: 0,
  tileType: null,
  format: null,
  minZoom: 0,
  maxZoom: 22,
  bounds: null,
  tileSize: 256,
  coordinateSystem: 'wgs84',
  attribution: '',
  name: '',
  vectorLayers: [],
  error: null,
};

export const CONTENT_TYPES: Record<TileFormat, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  webp: 'image/webp',
  avif: 'image/avif',
  pbf: 'application/x-protobuf',
};

/** The tile at a position and zoom (slippy-map numbering). */
export function tileOf(lon: number, lat: number, z: number): { z: number; x: number; y: number } {
  const n = 2 ** z;
  const x = Math.floor(((lon + 180) / 360) * n);
  const r = (lat * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n);
  return { z, x: Math.min(n - 1, Math.max(0, x)), y: Math.min(n - 1, Math.max(0, y)) };
}
