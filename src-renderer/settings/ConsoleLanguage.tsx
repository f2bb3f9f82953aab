// Issue 9: the console's language setting reaches every window. A window follows it when it changes; at
// start it takes it when the config file sets it (an unattended wall), or when the setting was saved
// in the app and this window has no language of its own yet (a person's switch on one window stays
// that window's). Print pages keep the language they were opened with.
import { useEffect } from 'react';
import { connectConsoleApi } from '../api/client.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';

const LOCALE_KEY = 'superbrain.locale'; // i18n/locale-store.ts

function windowHasOwnLanguage(): boolean {
  try {
    return window.localStorage.getItem(LOCALE_KEY) !== null;
  } catch {
    return false;
  }
}

export function ConsoleLanguage() {
  const { setLocale } = useI18n();
  useEffect(() => {
    if (new URLSearchParams(location.search).has('print')) return;
    let disposed = false;
    let sub: { dispose(): void } | null = null;
    let last: string | null = null;
    void connectConsoleApi()
      .then(async (api) => {
        const read = async (initial: boolean) => {
          const view = await api.getSettings();
          if (disposed) return;
          const lang = view.settings.language;
          const origin = view.origin.language;
          if (initial) {
            if (origin === 'config-file' || (origin === 'cache' && !windowHasOwnLanguage())) setLocale(lang);
          } else if (last !== null && lang !== last) {
            setLocale(lang);
          }
          last = lang;
        };
        await read(true);
        if (disposed) return;
        sub = api.onChanges((notice) => {
          if (notice.kinds.includes('settings')) void read(false).catch(() => undefined);
        });
      })
      .catch(() => undefined);
    return () => {
      disposed = true;
      sub?.dispose();
    };
  }, [setLocale]);
  return null;
}
