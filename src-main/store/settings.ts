// The console's settings in the cache (issues 4 and 9): one JSON row per section. A row that no longer
// parses (an older or hand-edited cache) falls back to the default for that section and says so, rather
// than stopping the console. Values from a config file win over the cache and cannot be changed in the app.
import { DEFAULT_SETTINGS, SETTINGS_SCHEMAS, SETTINGS_SECTIONS } from '../../src-shared/settings.ts';
import type { ConsoleSettings, SettingOrigin, SettingsSection, WallSettingsFile } from '../../src-shared/settings.ts';
import { describeZodError } from '../../src-shared/sfp/validate.ts';
import { writeAudit } from './store.ts';
import type { Store } from './store.ts';

export class SettingsError extends Error {
  override name = 'BadRequest';
}

export interface StoredSettings {
  settings: ConsoleSettings;
  origin: Record<SettingsSection, SettingOrigin>;
  /** Sections whose stored value could not be used, with the reason (the default is used instead). */
  problems: string[];
}

/** Checks one section's value; throws SettingsError naming the field. Returns the value with defaults filled in. */
export function parseSection<S extends SettingsSection>(section: S, value: unknown): ConsoleSettings[S] {
  if (!(SETTINGS_SECTIONS as readonly string[]).includes(section)) throw new SettingsError(`unknown settings section "${String(section).slice(0, 50)}"`);
  const r = SETTINGS_SCHEMAS[section].safeParse(value);
  if (!r.success) throw new SettingsError(`${section}: ${describeZodError(r.error)}`);
  return r.data as ConsoleSettings[S];
}

export function readSettings(store: Store, fromFile: WallSettingsFile = {}): StoredSettings {
  const rows = store.statement(`SELECT section, value FROM settings`).all() as Array<{ section: string; value: string }>;
  const stored = new Map(rows.map((r) => [r.section, r.value]));
  const settings = { ...DEFAULT_SETTINGS } as Record<SettingsSection, unknown>;
  const origin = {} as Record<SettingsSection, SettingOrigin>;
  const problems: string[] = [];
  for (const section of SETTINGS_SECTIONS) {
    origin[section] = 'default';
    const file = fromFile[section];
    if (file !== undefined) {
      settings[section] = file;
      origin[section] = 'config-file';
      continue;
    }
    const text = stored.get(section);
    if (text === undefined) continue;
    try {
      settings[section] = parseSection(section, JSON.parse(text));
      origin[section] = 'cache';
    } catch (err) {
      problems.push(`${section}: the stored value is not usable (${(err as Error).message}); the default is used`);
    }
  }
  return { settings: settings as unknown as ConsoleSettings, origin, problems };
}

/** Stores one section (validated) in one transaction with its audit entry; returns the stored value. */
export function writeSection<S extends SettingsSection>(store: Store, section: S, value: unknown, by: { actor: unknown; at: number }): ConsoleSettings[S] {
  const parsed = parseSection(section, value);
  store.write((tx) => {
    store
      .statement(
        `INSERT INTO settings (section, value, updated_at, updated_by) VALUES (?, ?, ?, ?)
         ON CONFLICT (section) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
      )
      .run(section, JSON.stringify(parsed), by.at, by.actor ? JSON.stringify(by.actor) : null);
    writeAudit(store, { at: by.at, actor: by.actor, action: 'settings.changed', subject: section, detail: parsed });
    tx.changed('settings');
  });
  return parsed;
}
