// Connects to the host, then hands a LiveWall to the screen. Until the first connection it shows what it
// is doing (and why it cannot), retrying on its own.
import { useEffect, useState } from 'react';
import { connectConsoleApi, onDidChangeConnection } from '../api/client.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { LiveWall } from './live-wall.ts';
import { ReplayHost } from '../replay/ReplayHost.tsx'; // issue 7

const CONNECT_RETRY_MS = 5000;

export function WallApp() {
  const { t } = useI18n();
  const [live, setLive] = useState<LiveWall | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let disposed = false;
    let wall: LiveWall | null = null;
    let retry: ReturnType<typeof setTimeout> | null = null;
    connectConsoleApi().then(
      (api) => {
        if (disposed) return;
        wall = new LiveWall(api, {
          connection: { onDidChangeConnection: (listener) => onDidChangeConnection((status) => listener(status.connected)) },
        });
        setFailure(null);
        setLive(wall);
        void wall.start();
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
    };
  }, [attempt]);

  if (live) return <ReplayHost live={live} />; // issue 7: the wall with its time replay
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
