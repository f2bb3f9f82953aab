// Issue 7: the leaders' briefing and the wall's time replay: methods of the ConsoleApi, with their parameters checked here.
import { z } from 'zod';
import { describeZodError } from '../../src-shared/sfp/validate.ts';
import { MAX_BRIEFING_DAYS, type Briefing, type BriefingQuery } from '../../src-shared/briefing.ts';
import { getBriefing } from '../store/briefing-queries.ts';
import { getReplay } from '../store/replay-queries.ts';
import { MAX_REPLAY_DAYS, type ReplayData, type ReplayQuery } from '../../src-shared/replay.ts';
import { BadRequestError } from './params.ts';
import { currentScope } from './caller.ts';
import type { Store } from '../store/store.ts';

const Time = z.number().finite().min(0).max(8.64e15);
const BriefingQuerySchema = z
  .strictObject({ from: Time, to: Time })
  .refine((q) => q.to > q.from, { message: 'to must be after from', path: ['to'] })
  .refine((q) => q.to - q.from <= MAX_BRIEFING_DAYS * 86_400_000, { message: `a period is at most ${MAX_BRIEFING_DAYS} days`, path: ['to'] });

export function parseBriefingQuery(param: unknown): BriefingQuery {
  const r = BriefingQuerySchema.safeParse(param);
  if (!r.success) throw new BadRequestError(`getBriefing: ${describeZodError(r.error)}`);
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
}

export function createBriefingMethods(store: Store, now: () => number, live: (method: string) => void): BriefingMethods {
  return {
    async getBriefing(param) {
      const q = parseBriefingQuery(param);
      live('getBriefing');
      return getBriefing(store, q, now(), currentScope());
    },
    async getReplay(param) {
      const q = parseReplayQuery(param);
      live('getReplay');
      return getReplay(store, q, currentScope());
    },
  };
}
