// The basemap's tiles reach maplibre through a custom protocol (sbtiles://r<revision>/z/x/y) answered by
// the host's getTile: the page itself never fetches a tile, so the content policy stays closed and local
// MBTiles / PMTiles files need no open port. A GCJ-02 raster source is re-cut to WGS-84 here (gcj-warp.ts).
import { addProtocol } from 'maplibre-gl';
import { useEffect, useState } from 'react';
import type { ConsoleApi } from '../../src-shared/api.ts';
import type { TileSourceInfo } from '../../src-shared/tiles.ts';
import { connectConsoleApi } from '../api/client.ts';
import { warpPlan } from './gcj-warp.ts';

export const TILE_PROTOCOL = 'sbtiles';

let registered = false;
let current: TileSourceInfo | null = null;

/** Counts the e2e tests read: tiles asked for by the map, served by the host, re-cut from GCJ-02. */
interface TileProbe {
  requested: number;
  served: number;
  warped: number;
}
declare global {
  interface Window {
    __superbrainTiles?: TileProbe;
  }
}
function probe(): TileProbe {
  window.__superbrainTiles ??= { requested: 0, served: 0, warped: 0 };
  return window.__superbrainTiles;
}

function decode(base64: string): Uint8Array {
  const bin = atob(base64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

async function tileBytes(api: ConsoleApi, z: number, x: number, y: number, revision: number): Promise<{ bytes: Uint8Array; type: string } | null> {
  const t = await api.getTile({ z, x, y, revision });
  return t ? { bytes: decode(t.data), type: t.contentType } : null;
}

async function warpedTile(api: ConsoleApi, info: TileSourceInfo, z: number, x: number, y: number): Promise<ImageBitmap | null> {
  const size = info.tileSize;
  const pieces = await Promise.all(
    warpPlan(z, x, y, size).map(async (p) => {
      const t = await tileBytes(api, p.z, p.x, p.y, info.revision);
      if (!t) return null;
      const blob = new Blob([t.bytes as BlobPart], { type: t.type });
      return { p, image: await createImageBitmap(blob) };
    }),
  );
  const drawn = pieces.filter((x): x is NonNullable<typeof x> => x !== null);
  if (drawn.length === 0) return null;
  const canvas = new OffscreenCanvas(size, size);
  const ctx = canvas.getContext('2d');
  if (!ctx) return null;
  for (const { p, image } of drawn) {
    ctx.drawImage(image, p.dx, p.dy, size, size);
    image.close();
  }
  return canvas.transferToImageBitmap();
}

/** Registers sbtiles:// once per page. */
export function registerTileProtocol(): void {
  if (registered) return;
  registered = true;
  addProtocol(TILE_PROTOCOL, async (params) => {
    const m = /^sbtiles:\/\/r(\d+)\/(\d+)\/(\d+)\/(\d+)/.exec(params.url);
    if (!m) throw new Error(`bad tile address ${params.url}`);
    const [revision, z, x, y] = m.slice(1).map(Number) as [number, number, number, number];
    const api = await connectConsoleApi();
    probe().requested++;
    const info = current;
    if (info && info.revision === revision && info.coordinateSystem === 'gcj02' && info.tileType === 'raster') {
      const bitmap = await warpedTile(api, info, z, x, y);
      if (bitmap) {
        probe().served++;
        probe().warped++;
      }
      // An empty tile rather than an error: the district's own boundaries still show there.
      return { data: bitmap ?? (await createImageBitmap(new OffscreenCanvas(1, 1))) };
    }
    const t = await tileBytes(api, z, x, y, revision);
    if (!t) return params.type === 'image' ? { data: await createImageBitmap(new OffscreenCanvas(1, 1)) } : { data: new ArrayBuffer(0) };
    probe().served++;
    return { data: t.bytes.buffer.slice(t.bytes.byteOffset, t.bytes.byteOffset + t.bytes.byteLength) as ArrayBuffer };
  });
}

/** The wall's tile source, following setting changes (null until known, or when the host has none). */
export function useTileSource(): TileSourceInfo | null {
  const [info, setInfo] = useState<TileSourceInfo | null>(null);
  useEffect(() => {
    let disposed = false;
    let sub: { dispose(): void } | null = null;
    const load = (api: ConsoleApi) =>
      api.getTileSource().then(
        (next) => {
          if (disposed) return;
          current = next;
          setInfo((prev) => (prev && prev.revision === next.revision && prev.error === next.error ? prev : next));
        },
        (err: unknown) => console.warn('[superbrain] tile source:', (err as Error).message),
      );
    void connectConsoleApi().then((api) => {
      if (disposed) return;
      void load(api);
      sub = api.onChanges((notice) => {
        if (notice.kinds.includes('settings')) void load(api);
      });
    });
    return () => {
      disposed = true;
      sub?.dispose();
    };
  }, []);
  return info;
}
