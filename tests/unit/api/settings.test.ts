import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCallerSession, runAsCaller } from '../../../src-main/api/caller.ts';
import { createSettingsMethods } from '../../../src-main/api/settings-methods.ts';
import { readSettings } from '../../../src-main/store/settings.ts';
import { DEFAULT_SETTINGS } from '../../../src-shared/settings.ts';
import { tempStore } from '../store/fixtures.ts';
import { NOW, setupApi } from './fixtures.ts';

test('settings start at the defaults, are stored per section with an audit entry', async () => {
  const t = setupApi();
  try {
    const first = await t.api.getSettings();
    assert.deepEqual(first.settings, DEFAULT_SETTINGS);
    assert.equal(first.origin.alarm, 'default');
    const next = await t.api.updateSettings({ section: 'alarm', value: { incidentSeverities: ['red', 'yellow'], sound: 'chime' } });
    assert.deepEqual(next.settings.alarm.incidentSeverities, ['red', 'yellow']);
    assert.equal(next.settings.alarm.repeatSeconds, 6, 'defaults filled in');
    assert.equal(next.origin.alarm, 'cache');
    assert.equal(readSettings(t.store).settings.alarm.sound, 'chime');
    const audit = t.store.db.prepare(`SELECT action, subject FROM audit WHERE action = 'settings.changed'`).all();
    assert.deepEqual(audit, [{ action: 'settings.changed', subject: 'alarm' }]);
  } finally {
    t.cleanup();
  }
});

test('a bad value is refused naming the field, and nothing changes', async () => {
  const t = setupApi();
  try {
    await assert.rejects(t.api.updateSettings({ section: 'tileSource', value: { kind: 'xyz', url: 'http://tiles/{z}/{x}.png' } }), (err: Error) => {
      assert.equal(err.name, 'BadRequest');
      assert.match(err.message, /tileSource: url: must contain \{z\}, \{x\} and \{y\}/);
      return true;
    });
    await assert.rejects(t.api.updateSettings({ section: 'nope', value: 1 } as never), /BadRequest|section/);
    await assert.rejects(t.api.updateSettings({ section: 'display', value: { layout: '1024x768' } }), /display: layout/);
    assert.deepEqual((await t.api.getSettings()).settings, DEFAULT_SETTINGS);
  } finally {
    t.cleanup();
  }
});

test('only an admin or a duty officer may change settings; sections from the config file are fixed', async () => {
  const tmp = tempStore();
  try {
    const m = createSettingsMethods({ store: tmp.store, now: () => NOW, live: () => {}, fromFile: { language: 'en' } });
    const anonymous = createCallerSession('web');
    await assert.rejects(runAsCaller(anonymous, () => m.updateSettings({ section: 'alarm', value: {} })), { name: 'Unauthorized' });
    const leader = createCallerSession('web');
    leader.account = { accountId: 'a1', name: 'leader', displayName: '领导', role: 'leader', street: null };
    await assert.rejects(runAsCaller(leader, () => m.updateSettings({ section: 'alarm', value: {} })), { name: 'Forbidden' });
    assert.equal((await runAsCaller(leader, () => m.getSettings())).canEdit, false);
    const duty = createCallerSession('web');
    duty.account = { accountId: 'a2', name: 'duty', displayName: '值班员', role: 'duty-officer', street: null };
    const v = await runAsCaller(duty, () => m.updateSettings({ section: 'display', value: { layout: '7680x2160' } }));
    assert.equal(v.settings.display.layout, '7680x2160');
    assert.equal(v.settings.language, 'en');
    assert.equal(v.origin.language, 'config-file');
    await assert.rejects(runAsCaller(duty, () => m.updateSettings({ section: 'language', value: 'zh-CN' })), /config file/);
  } finally {
    tmp.cleanup();
  }
});

test('a stored section that no longer parses falls back to its default and says why', () => {
  const tmp = tempStore();
  try {
    tmp.store.db.prepare(`INSERT INTO settings (section, value, updated_at) VALUES ('alarm', '{"volume": 7}', 0)`).run();
    const r = readSettings(tmp.store);
    assert.deepEqual(r.settings.alarm, DEFAULT_SETTINGS.alarm);
    assert.match(r.problems[0] ?? '', /alarm: the stored value is not usable/);
  } finally {
    tmp.cleanup();
  }
});
