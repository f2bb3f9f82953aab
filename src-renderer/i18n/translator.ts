// The pure part of i18n: dictionaries, `t`, and number / time / enum formatting per locale. No React and no
// DOM here, so it runs (and is tested) under plain Node too.
import type { EpochMs, LinkStateName } from '../../src-shared/api.ts';
import type { AlertState, CameraStatus, IncidentStatus, Level, Severity, Source } from '../../src-shared/sfp/schemas.ts';
import { en } from './messages.en.ts';
import { zhCN } from './messages.zh-CN.ts';
import type { MessageKey, Messages } from './messages.zh-CN.ts';
import { EN_PLACE_NAMES } from './place-names.ts';

export type { MessageKey } from './messages.zh-CN.ts';
export type Locale = 'zh-CN' | 'en';
export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];
export const DEFAULT_LOCALE: Locale = 'zh-CN';
/** Wall clocks, "today" and every time shown are in the district's zone, whatever the machine says. */
export const TIME_ZONE = 'Asia/Shanghai';

export type MessageParams = Readonly<Record<string, string | number>>;

const DICTIONARIES: Record<Locale, Messages> = { 'zh-CN': zhCN, en };

export interface Translator {
  readonly locale: Locale;
  t(key: MessageKey, params?: MessageParams): string;
  formatNumber(value: number): string;
  /** 08:01:02 */
  formatTime(at: EpochMs): string;
  /** 08:01 */
  formatShortTime(at: EpochMs): string;
  /** 2026年11月23日 / Nov 23, 2026 */
  formatDate(at: EpochMs): string;
  /** 星期一 / Monday */
  formatWeekday(at: EpochMs): string;
  /** "3秒前" / "3 s ago"; `now` is the host's clock. */
  formatAgo(at: EpochMs, now: EpochMs): string;
  severity(value: Severity): string;
  status(value: IncidentStatus): string;
  source(value: Source): string;
  level(value: Level): string;
  linkState(value: LinkStateName): string;
  alertState(value: AlertState): string;
  cameraStatus(value: CameraStatus): string;
  /** A video-alert kind; an unknown kind is shown as it came. */
  alertKind(kind: string): string;
  /** A place by its code; `dataName` is what the data calls it. */
  placeName(id: string, dataName: string): string;
}

export function parseLocale(value: unknown): Locale | null {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value) ? (value as Locale) : null;
}

export function interpolate(template: string, params?: MessageParams): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name];
    return v === undefined ? whole : String(v);
  });
}

export function createTranslator(locale: Locale): Translator {
  const messages = DICTIONARIES[locale];
  const numberFormat = new Intl.NumberFormat(locale);
  const time = new Intl.DateTimeFormat(locale, { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
  const shortTime = new Intl.DateTimeFormat(locale, { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const date = new Intl.DateTimeFormat(locale, { timeZone: TIME_ZONE, year: 'numeric', month: locale === 'en' ? 'short' : 'long', day: 'numeric' });
  const weekday = new Intl.DateTimeFormat(locale, { timeZone: TIME_ZONE, weekday: 'long' });
  const t = (key: MessageKey, params?: MessageParams): string => interpolate(messages[key] ?? key, params);
  const lookup = (key: string, fallback: string): string => (key in messages ? messages[key as MessageKey] : fallback);
  const safeDate = (at: EpochMs): Date | null => (Number.isFinite(at) ? new Date(at) : null);

  return {
    locale,
    t,
    formatNumber: (value) => (Number.isFinite(value) ? numberFormat.format(value) : t('kpi.pending')),
    formatTime: (at) => {
      const d = safeDate(at);
      return d ? time.format(d) : '--:--:--';
    },
    formatShortTime: (at) => {
      const d = safeDate(at);
      return d ? shortTime.format(d) : '--:--';
    },
    formatDate: (at) => {
      const d = safeDate(at);
      return d ? date.format(d) : '';
    },
    formatWeekday: (at) => {
      const d = safeDate(at);
      return d ? weekday.format(d) : '';
    },
    formatAgo: (at, now) => {
      const s = Math.max(0, Math.floor((now - at) / 1000));
      if (s < 2) return t('ago.now');
      if (s < 60) return t('ago.seconds', { n: s });
      if (s < 3600) return t('ago.minutes', { n: Math.floor(s / 60) });
      if (s < 86_400) return t('ago.hours', { n: Math.floor(s / 3600) });
      return t('ago.days', { n: Math.floor(s / 86_400) });
    },
    severity: (value) => lookup(`severity.${value}`, value),
    status: (value) => lookup(`status.${value}`, value),
    source: (value) => lookup(`source.${value}`, value),
    level: (value) => lookup(`level.${value}`, value),
    linkState: (value) => lookup(`linkState.${value}`, value),
    alertState: (value) => lookup(`alertState.${value}`, value),
    cameraStatus: (value) => lookup(`cameraStatus.${value}`, value),
    alertKind: (kind) => lookup(`alertKind.${kind}`, kind),
    placeName: (id, dataName) => (locale === 'en' ? (EN_PLACE_NAMES[id] ?? dataName) : dataName),
  };
}
