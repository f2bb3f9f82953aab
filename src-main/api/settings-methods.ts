// Issues 4 and 9: the console's settings through the ConsoleApi. Anyone connected may read them (the
// wall needs its tile source and alarm rules); only an admin or a duty officer may change them, and a
// section given by the config file is fixed (an unattended wall is configured by its file).
import { z } from 'zod';
import { describeZodError } from '../../src-shared/sfp/validate.ts';
import { canChangeSettings } from '../../src-shared/domain/roles.ts';
import { SETTINGS_SECTIONS } from '../../src-shared/settings.ts';
import type { ConsoleSettings, SettingsView, WallSettingsFile } from '../../src-shared/settings.ts';
import { readSettings, writeSection } from '../store/settings.ts';
import type { Store } from '../store/store.ts';
import { currentCaller, ForbiddenError, UnauthorizedError } from './caller.ts';
import { BadRequestError, parseNoParam } from './params.ts';

const UpdateSchema = z.strictObject({ section: z.enum(SETTINGS_SECTIONS), value: z.unknown() });

export interface SettingsMethods {
  getSettings(param?: unknown): Promise<SettingsView>;
  updateSettings(param: unknown): Promise<SettingsView>;
}

export interface SettingsDeps {
  store: Store;
  now: () => number;
  live: (method: string) => void;
  /** The `wall` block of the config file, if any: those sections are fixed. */
  fromFile?: WallSettingsFile | undefined;
}

/** Whether the current caller may change settings (an in-process caller may). */
export function callerMayChangeSettings(): boolean {
  const caller = currentCaller();
  return !caller || (caller.account !== null && canChangeSettings(caller.account.role));
}

/** Throws Unauthorized / Forbidden unless the caller may change settings; returns the actor for the audit. */
export function requireSettingsActor(method: string): unknown {
  const caller = currentCaller();
  if (!caller) return { name: 'console' };
  if (!caller.account) throw new UnauthorizedError(`${method}: sign in first`);
  if (!canChangeSettings(caller.account.role)) throw new ForbiddenError(`${method}: only an admin or a duty officer may change settings`);
  const a = caller.account;
  return { id: a.accountId, name: a.displayName, role: a.role };
}

export function createSettingsMethods(deps: SettingsDeps): SettingsMethods {
  const view = (): SettingsView => {
    const r = readSettings(deps.store, deps.fromFile ?? {});
    return { settings: r.settings, origin: r.origin, canEdit: callerMayChangeSettings() };
  };
  return {
    async getSettings(param) {
      parseNoParam('getSettings', param);
      deps.live('getSettings');
      return view();
    },
    async updateSettings(param) {
      const r = UpdateSchema.safeParse(param);
      if (!r.success) throw new BadRequestError(`updateSettings: ${describeZodError(r.error)}`);
      deps.live('updateSettings');
      const actor = requireSettingsActor('updateSettings');
      const { section, value } = r.data;
      if (deps.fromFile?.[section] !== undefined) {
        throw new ForbiddenError(`updateSettings: ${section} is set by the console's config file and can only be changed there`);
      }
      writeSection(deps.store, section, value, { actor, at: deps.now() });
      return view();
    },
  };
}

export type { ConsoleSettings };
