// Issue 9, first run: while the console runs the embedded demo, the wall says so in a visible banner
// with a button that opens the settings. Dismissal is remembered per wall (this browser / window's
// localStorage) and per cache, so a new installation shows it again. It goes away by itself once the
// console leaves the demo (a first sub-centre saved in the settings).
import { useEffect, useState } from 'react';
import { connectConsoleApi } from '../api/client.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { viewHref } from '../shell/views.ts';
import './demo-banner.css';

const STORAGE_KEY = 'superbrain.demoBanner.dismissed';

function dismissedFor(): string | null {
  try {
    return window.localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

export function DemoBanner() {
  const { t } = useI18n();
  const [cacheId, setCacheId] = useState<string | null>(null);
  const [demo, setDemo] = useState(false);
  const [dismissed, setDismissed] = useState<string | null>(dismissedFor);

  useEffect(() => {
    let disposed = false;
    let sub: { dispose(): void } | null = null;
    void connectConsoleApi()
      .then(async (api) => {
        const read = async () => {
          const info = await api.getInfo();
          if (disposed) return;
          setDemo(info.demo);
          setCacheId(info.cacheId);
        };
        await read();
        if (disposed) return;
        // Leaving the demo is a settings change: read again then.
        sub = api.onChanges((notice) => {
          if (notice.kinds.includes('settings')) void read().catch(() => undefined);
        });
      })
      .catch(() => undefined);
    return () => {
      disposed = true;
      sub?.dispose();
    };
  }, []);

  if (!demo || !cacheId || dismissed === cacheId) return null;
  const dismiss = () => {
    try {
      window.localStorage.setItem(STORAGE_KEY, cacheId);
    } catch {
      // Not remembered; hidden for this page at least.
    }
    setDismissed(cacheId);
  };
  return (
    <div className="demo-banner" role="status" data-testid="demo-banner">
      <span className="demo-banner-text">{t('demoBanner.text')}</span>
      <a className="demo-banner-open" href={viewHref('settings')} data-testid="demo-banner-open">
        {t('demoBanner.open')}
      </a>
      <button type="button" className="demo-banner-dismiss" onClick={dismiss} data-testid="demo-banner-dismiss">
        {t('demoBanner.dismiss')}
      </button>
    </div>
  );
}
