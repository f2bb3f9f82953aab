import { test } from 'node:test';
import assert from 'node:assert/strict';
import { en } from '../../../src-renderer/i18n/messages.en.ts';
import { zhCN } from '../../../src-renderer/i18n/messages.zh-CN.ts';
import { loadLocale, saveLocale } from '../../../src-renderer/i18n/locale-store.ts';
import { createTranslator, interpolate, parseLocale } from '../../../src-renderer/i18n/translator.ts';

// 2026-11-23T00:30:05Z is 08:30:05 on Monday in Asia/Shanghai, whatever zone the test machine is in.
const AT = Date.UTC(2026, 10, 23, 0, 30, 5);

test('both dictionaries have the same keys and no empty Chinese text', () => {
  assert.deepEqual(Object.keys(en).sort(), Object.keys(zhCN).sort());
  for (const [key, text] of Object.entries(zhCN)) assert.ok(text.length > 0 || key.startsWith('kpi.unit'), key);
});

test('placeholders are filled and unknown ones are left visible', () => {
  assert.equal(interpolate('在线 {up}/{total}', { up: 12, total: 13 }), '在线 12/13');
  assert.equal(interpolate('lag {n} {missing}', { n: 3 }), 'lag 3 {missing}');
  assert.equal(createTranslator('en').t('links.summary', { up: 1, total: 2 }), '1/2 up');
});

test('times, dates and weekdays are shown in Asia/Shanghai for both languages', () => {
  const zh = createTranslator('zh-CN');
  const e = createTranslator('en');
  assert.equal(zh.formatTime(AT), '08:30:05');
  assert.equal(e.formatTime(AT), '08:30:05');
  assert.equal(zh.formatShortTime(AT), '08:30');
  assert.equal(zh.formatDate(AT), '2026年11月23日');
  assert.equal(zh.formatWeekday(AT), '星期一');
  assert.equal(e.formatWeekday(AT), 'Monday');
  assert.match(e.formatDate(AT), /Nov 23, 2026/);
  // 23:59:59 in Shanghai is still the same day there even though it is 15:59:59 UTC.
  assert.equal(zh.formatDate(Date.UTC(2026, 10, 23, 15, 59, 59)), '2026年11月23日');
  assert.equal(zh.formatDate(Date.UTC(2026, 10, 23, 16, 0, 0)), '2026年11月24日');
});

test('bad times and numbers are shown as placeholders, not as "Invalid Date" or NaN', () => {
  const zh = createTranslator('zh-CN');
  assert.equal(zh.formatTime(Number.NaN), '--:--:--');
  assert.equal(zh.formatDate(Number.POSITIVE_INFINITY), '');
  assert.equal(zh.formatNumber(Number.NaN), '—');
  assert.equal(zh.formatNumber(12345), '12,345');
});

test('"ago" counts from the host clock in seconds, minutes, hours and days', () => {
  const zh = createTranslator('zh-CN');
  const e = createTranslator('en');
  assert.equal(zh.formatAgo(AT, AT + 500), '刚刚');
  assert.equal(zh.formatAgo(AT, AT + 7_000), '7秒前');
  assert.equal(e.formatAgo(AT, AT + 7_000), '7 s ago');
  assert.equal(zh.formatAgo(AT, AT + 125_000), '2分钟前');
  assert.equal(e.formatAgo(AT, AT + 3 * 3600_000), '3 h ago');
  assert.equal(zh.formatAgo(AT, AT + 2 * 86_400_000), '2天前');
  assert.equal(zh.formatAgo(AT + 10_000, AT), '刚刚', 'a clock skew never shows a negative age');
});

test('enum labels come from the dictionary and unknown values stay as data', () => {
  const zh = createTranslator('zh-CN');
  const e = createTranslator('en');
  assert.equal(zh.severity('red'), '红');
  assert.equal(e.severity('red'), 'Red');
  assert.equal(zh.status('dispatched'), '已派遣');
  assert.equal(zh.source('hotline-12345'), '12345热线');
  assert.equal(e.level('community'), 'Community');
  assert.equal(zh.linkState('stale'), '滞后');
  assert.equal(e.linkState('down'), 'Down');
  assert.equal(zh.alertKind('fire-smoke'), '烟火');
  assert.equal(zh.alertKind('drone-sighting'), 'drone-sighting');
});

test('place names: Chinese keeps the data name, English romanises known codes only', () => {
  assert.equal(createTranslator('zh-CN').placeName('370102012', '龙洞街道'), '龙洞街道');
  assert.equal(createTranslator('en').placeName('370102012', '龙洞街道'), 'Longdong');
  assert.equal(createTranslator('en').placeName('999999001', '某某街道'), '某某街道');
});

test('the chosen language is remembered, and broken storage falls back to Chinese', () => {
  const store = new Map<string, string>();
  const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) };
  assert.equal(loadLocale(storage), 'zh-CN');
  saveLocale(storage, 'en');
  assert.equal(loadLocale(storage), 'en');
  store.set('superbrain.locale', 'fr');
  assert.equal(loadLocale(storage), 'zh-CN');
  const throwing = {
    getItem: () => {
      throw new Error('SecurityError');
    },
    setItem: () => {
      throw new Error('QuotaExceeded');
    },
  };
  assert.equal(loadLocale(throwing), 'zh-CN');
  assert.doesNotThrow(() => saveLocale(throwing, 'en'));
  assert.equal(loadLocale(null), 'zh-CN');
  assert.equal(parseLocale('en'), 'en');
  assert.equal(parseLocale(42), null);
});
