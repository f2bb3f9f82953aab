import { DEFAULT_LOCALE, parseLocale } from './translator.ts';
import type { Locale } from './translator.ts';

const STORAGE_KEY = 'superbrain.locale';

/** The slice of Web Storage used here (localStorage in the browser, a Map in tests). */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** The remembered language; storage may be missing or refuse access (private mode, file://). */
export function loadLocale(storage: KeyValueStorage | null): Locale {
  try {
    return parseLocale(storage?.getItem(STORAGE_KEY)) ?? DEFAULT_LOCALE;
  } catch {
    return DEFAULT_LOCALE;
  }
}

export function saveLocale(storage: KeyValueStorage | null, locale: Locale): void {
  try {
    storage?.setItem(STORAGE_KEY, locale);
  } catch {
    // Not remembered; the switch still works for this session.
  }
}
