// Issue 4: the alarms through the ConsoleApi. Anyone connected may list them (the wall reads without
// signing in), scoped to a street operator's street; acknowledging needs a signed-in acting role and is
// audited. An in-process caller acknowledges as the console's default operator.
import { z } from 'zod';
import { describeZodError } from '../../src-shared/sfp/validate.ts';
import type { AlarmList, AlarmRow } from '../../src-shared/wall-api.ts';
import { acknowledgeAlarm, getAlarm, listAlarms } from '../store/alarms.ts';
import type { Store } from '../store/store.ts';
import { currentScope, requireActor } from './caller.ts';
import { BadRequestError } from './params.ts';

const ListSchema = z
  .strictObject({
    state: z.enum(['unacknowledged', 'all']).optional(),
    limit: z.number().int().min(1).max(1000).optional(),
  })
  .optional();

const AckSchema = z.strictObject({
  kind: z.enum(['incident', 'alert']),
  id: z.string().min(1).max(200),
});

export interface AlarmMethods {
  listAlarms(param?: unknown): Promise<AlarmList>;
  acknowledgeAlarm(param: unknown): Promise<AlarmRow>;
}

export interface AlarmMethodDeps {
  store: Store;
  now: () => number;
  live: (method: string) => void;
  /** Who acknowledges for an in-process caller. */
  defaultOperator: () => { id: string; name: string; role: string };
}

export class NotFoundError extends Error {
  override name = 'NotFound';
}

export function createAlarmMethods(deps: AlarmMethodDeps): AlarmMethods {
  return {
    async listAlarms(param) {
      const r = ListSchema.safeParse(param ?? undefined);
      if (!r.success) throw new BadRequestError(`listAlarms: ${describeZodError(r.error)}`);
      deps.live('listAlarms');
      return listAlarms(deps.store, r.data ?? {}, currentScope());
    },
    async acknowledgeAlarm(param) {
      const r = AckSchema.safeParse(param);
      if (!r.success) throw new BadRequestError(`acknowledgeAlarm: ${describeZodError(r.error)}`);
      deps.live('acknowledgeAlarm');
      const account = requireActor('acknowledgeAlarm');
      const { kind, id } = r.data;
      const current = getAlarm(deps.store, kind, id);
      const street = currentScope();
      if (!current || (street !== null && current.subcentreId !== street)) throw new NotFoundError(`acknowledgeAlarm: no alarm for ${kind} "${id}"`);
      const actor = account ? { id: account.accountId, name: account.displayName, role: account.role } : deps.defaultOperator();
      const done = acknowledgeAlarm(deps.store, kind, id, { actor, name: actor.name, at: deps.now() });
      if (!done) throw new NotFoundError(`acknowledgeAlarm: no alarm for ${kind} "${id}"`);
      return done;
    },
  };
}
