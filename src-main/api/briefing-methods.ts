// Issue 7: the leaders' briefing and the wall's time replay: methods of the ConsoleApi, with their parameters checked here.
import { z } from 'zod';
import { describeZodError } from '../../src-shared/sfp/validate.ts';
import { MAX_BRIEFING_DAYS, type Briefing, type BriefingQuery } from '../../src-shared/briefing.ts';
import { getBriefing, getBriefingMapPoints } from '../store/briefing-queries.ts';
import { getReplay } from '../store/replay-queries.ts';
import { MAX_REPLAY_DAYS, type ReplayData, type ReplayQuery } from '../../src-shared/replay.ts';
import { BadRequestError } from './params.ts';
import { currentScope } from './caller.ts';
import type { Store } from '../store/store.ts';
import type { BriefingWorkbook } from '../../src-shared/briefing.ts';
import type { IndexPort } from './index-methods.ts';
import { getBriefingIndex } from '../store/briefing-index.ts';
import { briefingWorkbookBase64, briefingWorkbookName } from '../briefing/briefing-workbook.ts';
import { LIXIA_DISTRICT } from '../../src-shared/domain/lixia.ts';

const Time = z.number().finite().min(0).max(8.64e15);
const BriefingQuerySchema = z
  .strictObject({ from: Time, to: Time, withMap: z.boolean().optional() })
  .refine((q) => q.to > q.from, { message: 'to must be after from', path: ['to'] })
  .refine((q) => q.to - q.from <= MAX_BRIEFING_DAYS * 86_400_000, { message: `a period is at most ${MAX_BRIEFING_DAYS} days`, path: ['to'] });

export function parseBriefingQuery(param: unknown, method = 'getBriefing'): BriefingQuery {
  const r = BriefingQuerySchema.safeParse(param);
  if (!r.success) throw new BadRequestError(`${method}: ${describeZodError(r.error)}`);
  return r.data;
}

const ReplayQuerySchema = z
  .strictObject({ from: Time, to: Time })
  .refine((q) => q.to > q.from, { message: 'to must be after from', path: ['to'] })
  .refine((q) => q.to - q.from <= MAX_REPLAY_DAYS * 86_400_000, { message: `a replay is at most ${MAX_REPLAY_DAYS} days`, path: ['to'] });

export function parseReplayQuery(param: unknown): ReplayQuery {
  const r = ReplayQuerySchema.safeParse(param);
  if (!r.success) throw new BadRequestError(`getReplay: ${describeZodError(r.error)}`);
  return r.data;
}

export interface BriefingMethods {
  getBriefing(param: unknown): Promise<Briefing>;
  getReplay(param: unknown): Promise<ReplayData>;
  exportBriefingWorkbook(param: unknown): Promise<BriefingWorkbook>;
}

export interface BriefingExtras {
  /** The strength-index engine (issue 6): the briefing then carries the month's ranking. */
  index?: IndexPort | undefined;
  /** Names the workbook's cover. */
  district?: { id: string; name: string };
}

export function createBriefingMethods(store: Store, now: () => number, live: (method: string) => void, extras: BriefingExtras = {}): BriefingMethods {
  const briefing = (q: BriefingQuery): Briefing => {
    const street = currentScope();
    const b = getBriefing(store, q, now(), street);
    const index = extras.index;
    if (index) {
      const src = { store, model: index.engine.model, modelFile: index.modelFile, tree: () => index.engine.tree(), now };
      b.index = store.read(() => getBriefingIndex(src, q, street));
    }
    if (q.withMap) b.map = getBriefingMapPoints(store, q, street);
    return b;
  };
  return {
    async getBriefing(param) {
      const q = parseBriefingQuery(param);
      live('getBriefing');
      return briefing(q);
    },
    async exportBriefingWorkbook(param) {
      const q = parseBriefingQuery(param, 'exportBriefingWorkbook');
      live('exportBriefingWorkbook');
      const b = briefing(q);
      return { name: briefingWorkbookName(b), base64: await briefingWorkbookBase64(b, extras.district ?? LIXIA_DISTRICT) };
    },
    async getReplay(param) {
      const q = parseReplayQuery(param);
      live('getReplay');
      return getReplay(store, q, currentScope());
    },
  };
}
