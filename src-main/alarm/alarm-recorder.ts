// Issue 4: records alarms as items are applied, whether or not a wall is open. Listens to store commits;
// a commit with new incident or alert activity is checked against the alarm rules (settings, re-read when
// a 'settings' commit says they changed) and the alarms found are written in a transaction of their own.
import type { Disposable } from '../../src-shared/api.ts';
import type { AlarmSettings, WallSettingsFile } from '../../src-shared/settings.ts';
import type { AlarmRow } from '../../src-shared/wall-api.ts';
import { alarmsSince, recordAlarms } from '../store/alarms.ts';
import { readSettings } from '../store/settings.ts';
import type { Store } from '../store/store.ts';

export interface AlarmRecorderOptions {
  store: Store;
  now: () => number;
  /** The config file's `wall` block (its alarm section, if given, wins). */
  settingsFromFile?: WallSettingsFile | undefined;
  /** Hears of every alarm recorded (logging, tests). */
  onAlarm?: (alarm: AlarmRow) => void;
  onError?: (err: unknown) => void;
}

export interface AlarmRecorder extends Disposable {
  /** Since when this cache records alarms. */
  readonly since: number;
}

export function startAlarmRecorder(options: AlarmRecorderOptions): AlarmRecorder {
  const { store, now } = options;
  const since = alarmsSince(store, now());
  let rules: AlarmSettings | null = null;
  const currentRules = (): AlarmSettings => (rules ??= readSettings(store, options.settingsFromFile ?? {}).settings.alarm);
  const onError = options.onError ?? ((err: unknown) => console.error('[superbrain] alarm recorder:', err));
  const sub = store.onDidCommit((commit) => {
    if (commit.kinds.has('settings')) rules = null;
    if (commit.activityIds.length === 0 || !(commit.kinds.has('incident') || commit.kinds.has('alert'))) return;
    if (store.isClosed()) return;
    try {
      const found = recordAlarms(store, commit.activityIds, currentRules(), since, now());
      if (options.onAlarm) for (const a of found) options.onAlarm(a);
    } catch (err) {
      onError(err);
    }
  });
  return { since, dispose: () => sub.dispose() };
}
