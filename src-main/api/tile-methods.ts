// Issue 4: the wall's basemap tiles through the ConsoleApi. The renderer never fetches tiles itself: the
// host reads the MBTiles / PMTiles file or asks the intranet XYZ server and answers here, so the page's
// content policy stays closed to the network and a local file needs no open port.
import { z } from 'zod';
import { describeZodError } from '../../src-shared/sfp/validate.ts';
import { TileSourceSettings } from '../../src-shared/settings.ts';
import type { TileData, TileSourceInfo, TileTestResult } from '../../src-shared/tiles.ts';
import { NO_TILES } from '../../src-shared/tiles.ts';
import type { TileService } from '../tiles/tile-service.ts';
import { BadRequestError, parseNoParam } from './params.ts';
import { requireSettingsActor } from './settings-methods.ts';

const Int = z.number().int();
const TileSchema = z.strictObject({ z: Int.min(0).max(24), x: Int.min(0), y: Int.min(0), revision: Int.min(0).optional() });
const TestSchema = z.strictObject({ value: z.unknown() });

export interface TileMethods {
  getTileSource(param?: unknown): Promise<TileSourceInfo>;
  getTile(param: unknown): Promise<TileData | null>;
  testTileSource(param: unknown): Promise<TileTestResult>;
}

export function createTileMethods(deps: { tiles?: TileService | undefined; live: (method: string) => void; near?: () => [number, number] | undefined }): TileMethods {
  return {
    async getTileSource(param) {
      parseNoParam('getTileSource', param);
      deps.live('getTileSource');
      if (!deps.tiles) return { ...NO_TILES };
      await deps.tiles.settled();
      return deps.tiles.info();
    },
    async getTile(param) {
      const r = TileSchema.safeParse(param);
      if (!r.success) throw new BadRequestError(`getTile: ${describeZodError(r.error)}`);
      const { z: zoom, x, y, revision } = r.data;
      if (x >= 2 ** zoom || y >= 2 ** zoom) throw new BadRequestError(`getTile: x and y must be below 2^z (${2 ** zoom})`);
      deps.live('getTile');
      return deps.tiles ? deps.tiles.getTile(zoom, x, y, revision) : null;
    },
    async testTileSource(param) {
      const r = TestSchema.safeParse(param);
      if (!r.success) throw new BadRequestError(`testTileSource: ${describeZodError(r.error)}`);
      requireSettingsActor('testTileSource');
      const settings = TileSourceSettings.safeParse(r.data.value);
      if (!settings.success) return { ok: false, error: describeZodError(settings.error) };
      deps.live('testTileSource');
      if (!deps.tiles) return { ok: false, error: 'this console serves no tiles' };
      return deps.tiles.test(settings.data, deps.near?.());
    },
  };
}
