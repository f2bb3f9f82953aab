// Connects to the host, then hands a LiveWall to the screen. Until the first connection it shows what it
// is doing (and why it cannot), retrying on its own.
import { useEffect, useState } from 'react';
import { connectConsoleApi, onDidChangeConnection } from '../api/client.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { LiveWall } from './live-wall.ts';
import { LiveDisplay } from './live-display.ts'; // issue 4
import { AlarmSound } from './alarm-sound.ts'; // issue 4
import { WallDisplayContext, type WallDisplayValue } from './display-context.tsx'; // issue 4
import { ReplayHost } from '../replay/ReplayHost.tsx'; // issue 7

const CONNECT_RETRY_MS = 5000;

export function WallApp() {
  const { t } = useI18n();
  const [live, setLive] = useState<LiveWall | null>(null);
  const [display, setDisplay] = useState<WallDisplayValue | null>(null); // issue 4
  const [failure, setFailure] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let disposed = false;
    let wall: LiveWall | null = null;
    let shown: WallDisplayValue | null = null;
    let retry: ReturnType<typeof setTimeout> | null = null;
    connectConsoleApi().then(
      (api) => {
        if (disposed) return;
        wall = new LiveWall(api, {
          connection: { onDidChangeConnection: (listener) => onDidChangeConnection((status) => listener(status.connected)) },
        });
        // issue 4: settings, alarms and charts beside the live picture; the alarm sound.
        const connection = { onDidChangeConnection: (listener: (up: boolean) => void) => onDidChangeConnection((status) => listener(status.connected)) };
        shown = { display: new LiveDisplay(api, { connection, storage: safeLocalStorage() }), sound: new AlarmSound() };
        setDisplay(shown);
        setFailure(null);
        setLive(wall);
        void wall.start();
        void shown.display.start();
      },
      (err: unknown) => {
        if (disposed) return;
        setFailure(err instanceof Error ? err.message : String(err));
        retry = setTimeout(() => setAttempt((n) => n + 1), CONNECT_RETRY_MS);
      },
    );
    return () => {
      disposed = true;
      if (retry) clearTimeout(retry);
      wall?.dispose();
      shown?.display.dispose();
      shown?.sound.dispose();
    };
  }, [attempt]);

  if (live) {
    return (
      <WallDisplayContext.Provider value={display}>
        <ReplayHost live={live} /> {/* issue 7: the wall with its time replay */}
      </WallDisplayContext.Provider>
    );
  }
  return (
    <div className="connect-screen" role="status">
      <div className="connect-title">
        {t('app.title')}
      </div>
      <div className={failure ? 'connect-message connect-failed' : 'connect-message'}>{failure ? t('app.connectFailed', { message: failure }) : t('app.loading')}</div>
      {failure ? (
        <button type="button" className="connect-retry" onClick={() => setAttempt((n) => n + 1)}>
          {t('app.retry')}
        </button>
      ) : null}
    </div>
  );
}

function safeLocalStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}
