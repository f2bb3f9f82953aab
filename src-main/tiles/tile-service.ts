// The wall's current tile source (issue 4): opened from the settings, reopened when they change, and
// asked for tiles by the API. A source that cannot be opened is reported in its info (the wall keeps the
// district's own boundaries and says why) instead of failing the console.
import type { TileSourceSettings } from '../../src-shared/settings.ts';
import { CONTENT_TYPES, NO_TILES, tileOf } from '../../src-shared/tiles.ts';
import type { TileData, TileSourceInfo, TileTestResult } from '../../src-shared/tiles.ts';
import { openTileReader, TileSourceError } from './readers.ts';
import type { OpenTileReaderOptions, TileReader } from './readers.ts';

export interface TileService {
  info(): TileSourceInfo;
  /** Resolves once every configure asked for so far is done. */
  settled(): Promise<void>;
  getTile(z: number, x: number, y: number, revision?: number): Promise<TileData | null>;
  /** Opens the source the settings name (closing the previous one); resolves when done. */
  configure(settings: TileSourceSettings): Promise<TileSourceInfo>;
  /** Opens a source without using it and reads one tile (the settings view's "test"). */
  test(settings: TileSourceSettings, near?: [number, number]): Promise<TileTestResult>;
  close(): void;
}

export function createTileService(options: OpenTileReaderOptions & { log?: (line: string) => void } = {}): TileService {
  let reader: TileReader | null = null;
  let current: TileSourceInfo = { ...NO_TILES };
  let revision = 0;
  let configured = '';
  // Configure calls run one after another, so a quick second change never leaves the first one open.
  let queue: Promise<unknown> = Promise.resolve();

  const describe = (r: TileReader | null, settings: TileSourceSettings, error: string | null): TileSourceInfo =>
    r ? { ...r.info, revision, error } : { ...NO_TILES, kind: settings.kind, ...(settings.kind !== 'none' ? { coordinateSystem: settings.coordinateSystem } : {}), revision, error };

  return {
    info: () => current,
    settled: () => queue.then(() => undefined),
    async getTile(z, x, y, wanted) {
      if (!reader || (wanted !== undefined && wanted !== revision)) return null;
      const r = reader;
      const format = r.info.format ?? 'png';
      const bytes = await r.getTile(z, x, y);
      if (!bytes) return null;
      return { data: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'), contentType: CONTENT_TYPES[format] };
    },
    configure(settings) {
      const next = queue.then(async () => {
        const key = JSON.stringify(settings);
        if (key === configured) return current;
        configured = key;
        reader?.close();
        reader = null;
        revision++;
        try {
          reader = await openTileReader(settings, options);
          current = describe(reader, settings, null);
        } catch (err) {
          const message = err instanceof TileSourceError ? err.message : `cannot open the tile source: ${(err as Error).message}`;
          options.log?.(`tile source: ${message}`);
          current = describe(null, settings, message);
        }
        return current;
      });
      queue = next.catch(() => {});
      return next;
    },
    async test(settings, near) {
      let r: TileReader | null = null;
      try {
        r = await openTileReader(settings, options);
        if (!r) return { ok: true, info: { ...NO_TILES }, sample: null };
        // One tile where the district is (or the source's own bounds), at a zoom the source has.
        const z = Math.min(r.info.maxZoom, Math.max(r.info.minZoom, 12));
        const [lon, lat] = near ?? (r.info.bounds ? [(r.info.bounds[0] + r.info.bounds[2]) / 2, (r.info.bounds[1] + r.info.bounds[3]) / 2] : [117.06, 36.66]);
        const t = tileOf(lon, lat, z);
        const bytes = await r.getTile(t.z, t.x, t.y);
        return { ok: true, info: { ...r.info, revision: 0, error: null }, sample: bytes ? { ...t, bytes: bytes.byteLength } : null };
      } catch (err) {
        return { ok: false, error: (err as Error).message };
      } finally {
        r?.close();
      }
    },
    close() {
      reader?.close();
      reader = null;
    },
  };
}
