// Tile readers for the wall's basemap (issue 4): an MBTiles file (SQLite, read with better-sqlite3), a
// PMTiles archive (read from disk with the pmtiles decoder) and an intranet XYZ server (fetched by the
// host). All three answer getTile(z, x, y) with the tile's bytes or null, and describe themselves as a
// TileSourceInfo. Opening checks the source at once, so a wrong path or a file that is not a tile archive
// is named in settings rather than discovered as a grey map.
import { open as openFile, stat } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { PMTiles, TileType } from 'pmtiles';
import type { Source, RangeResponse } from 'pmtiles';
import type { TileSourceSettings } from '../../src-shared/settings.ts';
import type { TileFormat, TileSourceInfo } from '../../src-shared/tiles.ts';
import { NO_TILES } from '../../src-shared/tiles.ts';

export class TileSourceError extends Error {
  override name = 'TileSourceError';
}

export interface TileReader {
  readonly info: Omit<TileSourceInfo, 'revision' | 'error'>;
  /** The tile's bytes (vector tiles uncompressed), or null where the source has none. */
  getTile(z: number, x: number, y: number): Promise<Uint8Array | null>;
  close(): void;
}

export interface OpenTileReaderOptions {
  /** better-sqlite3's compiled module (Electron ships its own build). */
  nativeBinding?: string;
  /** XYZ requests give up after this long. Default 8 s. */
  timeoutMs?: number;
}

/** Largest tile accepted from any source (a real tile is rarely over 1 MiB). */
export const MAX_TILE_BYTES = 4 * 1024 * 1024;

const GZIP = (b: Uint8Array) => b.length > 2 && b[0] === 0x1f && b[1] === 0x8b;

function base(settings: Exclude<TileSourceSettings, { kind: 'none' }>): Omit<TileSourceInfo, 'revision' | 'error'> {
  return { ...NO_TILES, kind: settings.kind, coordinateSystem: settings.coordinateSystem, attribution: settings.attribution };
}

function formatOf(value: string | undefined): TileFormat | null {
  switch ((value ?? '').toLowerCase()) {
    case 'png':
      return 'png';
    case 'jpg':
    case 'jpeg':
      return 'jpg';
    case 'webp':
      return 'webp';
    case 'pbf':
    case 'mvt':
      return 'pbf';
    default:
      return null;
  }
}

function parseBounds(text: string | undefined): [number, number, number, number] | null {
  const parts = (text ?? '').split(',').map((s) => Number(s.trim()));
  if (parts.length !== 4 || !parts.every(Number.isFinite)) return null;
  const [w, s, e, n] = parts as [number, number, number, number];
  return w < e && s < n ? [w, s, e, n] : null;
}

function vectorLayerNames(json: string | undefined): string[] {
  if (!json) return [];
  try {
    const parsed = JSON.parse(json) as { vector_layers?: Array<{ id?: unknown }> };
    return (parsed.vector_layers ?? []).map((l) => l.id).filter((id): id is string => typeof id === 'string').slice(0, 200);
  } catch {
    return [];
  }
}

/** Checks z/x/y: integers with 0 <= x, y < 2^z and z <= 24. */
export function validTile(z: number, x: number, y: number): boolean {
  if (![z, x, y].every(Number.isInteger) || z < 0 || z > 24) return false;
  const n = 2 ** z;
  return x >= 0 && y >= 0 && x < n && y < n;
}

// ---------- MBTiles ----------

function openMbtiles(settings: Extract<TileSourceSettings, { kind: 'mbtiles' }>, options: OpenTileReaderOptions): TileReader {
  let db: Database.Database;
  try {
    db = new Database(settings.path, { readonly: true, fileMustExist: true, ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}) });
  } catch (err) {
    throw new TileSourceError(`cannot open the MBTiles file ${settings.path}: ${(err as Error).message}`);
  }
  try {
    const meta = new Map<string, string>();
    for (const row of db.prepare(`SELECT name, value FROM metadata`).all() as Array<{ name: string; value: string }>) meta.set(String(row.name), String(row.value));
    const probe = db.prepare(`SELECT zoom_level AS z FROM tiles LIMIT 1`).get() as { z: number } | undefined;
    if (!probe) throw new TileSourceError(`the MBTiles file ${settings.path} has no tiles`);
    const format = formatOf(meta.get('format')) ?? 'png';
    const zooms = db.prepare(`SELECT MIN(zoom_level) AS min, MAX(zoom_level) AS max FROM tiles`).get() as { min: number; max: number };
    const stmt = db.prepare(`SELECT tile_data AS data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?`);
    const info = {
      ...base(settings),
      tileType: format === 'pbf' ? ('vector' as const) : ('raster' as const),
      format,
      minZoom: Number(meta.get('minzoom') ?? zooms.min),
      maxZoom: Number(meta.get('maxzoom') ?? zooms.max),
      bounds: parseBounds(meta.get('bounds')),
      name: meta.get('name') ?? '',
      attribution: settings.attribution || meta.get('attribution') || '',
      vectorLayers: vectorLayerNames(meta.get('json')),
    };
    return {
      info,
      async getTile(z, x, y) {
        if (!validTile(z, x, y)) return null;
        // MBTiles numbers rows from the south (TMS); the map asks in XYZ.
        const row = stmt.get(z, x, 2 ** z - 1 - y) as { data: Buffer } | undefined;
        if (!row?.data) return null;
        let bytes = new Uint8Array(row.data);
        if (format === 'pbf' && GZIP(bytes)) bytes = new Uint8Array(gunzipSync(bytes, { maxOutputLength: MAX_TILE_BYTES * 4 }));
        return bytes;
      },
      close: () => db.close(),
    };
  } catch (err) {
    db.close();
    if (err instanceof TileSourceError) throw err;
    throw new TileSourceError(`${settings.path} is not an MBTiles file: ${(err as Error).message}`);
  }
}

// ---------- PMTiles ----------

/** A PMTiles Source over a local file (byte ranges with positional reads). */
class LocalFileSource implements Source {
  constructor(
    private readonly file: string,
    private readonly handle: Awaited<ReturnType<typeof openFile>>,
  ) {}
  getKey(): string {
    return this.file;
  }
  async getBytes(offset: number, length: number): Promise<RangeResponse> {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await this.handle.read(buffer, 0, length, offset);
    const data = buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + bytesRead) as ArrayBuffer;
    return { data };
  }
}

const PM_FORMATS: Partial<Record<TileType, TileFormat>> = {
  [TileType.Mvt]: 'pbf',
  [TileType.Png]: 'png',
  [TileType.Jpeg]: 'jpg',
  [TileType.Webp]: 'webp',
  [TileType.Avif]: 'avif',
};

async function openPmtiles(settings: Extract<TileSourceSettings, { kind: 'pmtiles' }>): Promise<TileReader> {
  let handle: Awaited<ReturnType<typeof openFile>>;
  try {
    if (!(await stat(settings.path)).isFile()) throw new Error('not a file');
    handle = await openFile(settings.path, 'r');
  } catch (err) {
    throw new TileSourceError(`cannot open the PMTiles file ${settings.path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  try {
    const archive = new PMTiles(new LocalFileSource(settings.path, handle));
    const header = await archive.getHeader();
    const format = PM_FORMATS[header.tileType];
    if (!format) throw new TileSourceError(`the PMTiles file ${settings.path} holds tiles of a type the wall cannot draw (${header.tileType})`);
    let metadata: { name?: unknown; attribution?: unknown; vector_layers?: unknown } = {};
    try {
      metadata = ((await archive.getMetadata()) ?? {}) as typeof metadata;
    } catch {
      // Metadata is optional; the header has what the map needs.
    }
    const bounds: [number, number, number, number] | null =
      header.minLon < header.maxLon && header.minLat < header.maxLat ? [header.minLon, header.minLat, header.maxLon, header.maxLat] : null;
    const info = {
      ...base(settings),
      tileType: format === 'pbf' ? ('vector' as const) : ('raster' as const),
      format,
      minZoom: header.minZoom,
      maxZoom: header.maxZoom,
      bounds,
      name: typeof metadata.name === 'string' ? metadata.name : '',
      attribution: settings.attribution || (typeof metadata.attribution === 'string' ? metadata.attribution : ''),
      vectorLayers: vectorLayerNames(JSON.stringify({ vector_layers: metadata.vector_layers ?? [] })),
    };
    return {
      info,
      async getTile(z, x, y) {
        if (!validTile(z, x, y)) return null;
        const r = await archive.getZxy(z, x, y);
        if (!r || r.data.byteLength === 0) return null;
        return new Uint8Array(r.data);
      },
      close: () => void handle.close().catch(() => {}),
    };
  } catch (err) {
    await handle.close().catch(() => {});
    if (err instanceof TileSourceError) throw err;
    throw new TileSourceError(`${settings.path} is not a PMTiles archive: ${(err as Error).message}`);
  }
}

// ---------- XYZ (intranet) ----------

function describeFetchError(url: string, err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code ?? (err as { name?: string }).name ?? '';
  if (code === 'TimeoutError' || code === 'AbortError') return `${url}: no answer in time`;
  if (/CERT|SSL|TLS/i.test(code)) return `${url}: TLS error (${code})`;
  return `${url}: ${cause?.message ?? (err as Error).message}${code ? ` (${code})` : ''}`;
}

function openXyz(settings: Extract<TileSourceSettings, { kind: 'xyz' }>, options: OpenTileReaderOptions): TileReader {
  const timeoutMs = options.timeoutMs ?? 8000;
  const format: TileFormat = settings.tileType === 'vector' ? 'pbf' : (formatOf(/\.(png|jpe?g|webp|pbf|mvt)(\?|$)/i.exec(settings.url)?.[1]) ?? 'png');
  const info = {
    ...base(settings),
    tileType: settings.tileType,
    format,
    minZoom: settings.minZoom,
    maxZoom: settings.maxZoom,
    tileSize: settings.tileSize,
  };
  return {
    info,
    async getTile(z, x, y) {
      if (!validTile(z, x, y) || z < settings.minZoom || z > settings.maxZoom) return null;
      const url = settings.url.replaceAll('{z}', String(z)).replaceAll('{x}', String(x)).replaceAll('{y}', String(y));
      let res: Response;
      try {
        res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
      } catch (err) {
        throw new TileSourceError(describeFetchError(url, err));
      }
      if (res.status === 404 || res.status === 204) return null;
      if (!res.ok) throw new TileSourceError(`${url}: HTTP ${res.status}`);
      const length = Number(res.headers.get('content-length') ?? 0);
      if (length > MAX_TILE_BYTES) throw new TileSourceError(`${url}: tile of ${length} bytes is larger than ${MAX_TILE_BYTES}`);
      let bytes = new Uint8Array(await res.arrayBuffer());
      if (bytes.byteLength > MAX_TILE_BYTES) throw new TileSourceError(`${url}: tile larger than ${MAX_TILE_BYTES} bytes`);
      if (format === 'pbf' && GZIP(bytes)) bytes = new Uint8Array(gunzipSync(bytes, { maxOutputLength: MAX_TILE_BYTES * 4 }));
      return bytes;
    },
    close() {},
  };
}

/** Opens the source the settings name; null for `none`. Throws TileSourceError with what is wrong. */
export async function openTileReader(settings: TileSourceSettings, options: OpenTileReaderOptions = {}): Promise<TileReader | null> {
  switch (settings.kind) {
    case 'none':
      return null;
    case 'mbtiles':
      return openMbtiles(settings, options);
    case 'pmtiles':
      return openPmtiles(settings);
    case 'xyz':
      return openXyz(settings, options);
  }
}
