// Issue 4: the wall's side-panel charts through the ConsoleApi, over the caller's scope (like getKpis).
import type { WallCharts } from '../../src-shared/wall-api.ts';
import { getWallCharts } from '../store/wall-queries.ts';
import type { Store } from '../store/store.ts';
import { currentScope } from './caller.ts';
import { parseNoParam } from './params.ts';

export interface WallMethods {
  getWallCharts(param?: unknown): Promise<WallCharts>;
}

export function createWallMethods(deps: { store: Store; now: () => number; live: (method: string) => void }): WallMethods {
  return {
    async getWallCharts(param) {
      parseNoParam('getWallCharts', param);
      deps.live('getWallCharts');
      return getWallCharts(deps.store, deps.now(), currentScope());
    },
  };
}
