import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { loadLocale, saveLocale } from './locale-store.ts';
import type { KeyValueStorage } from './locale-store.ts';
import { createTranslator } from './translator.ts';
import type { Locale, Translator } from './translator.ts';

export interface I18nValue extends Translator {
  setLocale(locale: Locale): void;
}

const I18nContext = createContext<I18nValue | null>(null);

function browserStorage(): KeyValueStorage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

export function I18nProvider(props: { children: ReactNode; initialLocale?: Locale }) {
  const [locale, setLocaleState] = useState<Locale>(() => props.initialLocale ?? loadLocale(browserStorage()));
  const setLocale = useCallback((next: Locale) => {
    saveLocale(browserStorage(), next);
    setLocaleState(next);
  }, []);
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  const value = useMemo<I18nValue>(() => ({ ...createTranslator(locale), setLocale }), [locale, setLocale]);
  return <I18nContext.Provider value={value}>{props.children}</I18nContext.Provider>;
}

export function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n() outside <I18nProvider>');
  return value;
}
