// The wall with its time replay: WallScreen shows either the LiveWall or a ReplayWall; the replay bar
// chooses a period and drives the cursor. Keys: R opens the replay, Space plays/pauses, ←/→ jump,
// +/− change speed, Esc (or L) returns to live. `?replay=<fromMs>-<toMs>` starts one at load (tests, links).
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { connectConsoleApi } from '../api/client.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { LiveWall } from '../wall/live-wall.ts';
import { WallScreen } from '../wall/WallScreen.tsx';
import { REPLAY_SPEEDS, ReplayWall } from './replay-wall.ts';
import './replay.css';

const MIN = 60_000;
const HOUR = 60 * MIN;
const OFFSET_MS = 8 * HOUR;

function periodFromUrl(): { from: number; to: number } | null {
  const m = /^(\d+)-(\d+)$/.exec(new URLSearchParams(location.search).get('replay') ?? '');
  if (!m) return null;
  const from = Number(m[1]);
  const to = Number(m[2]);
  return to > from ? { from, to } : null;
}

/** "2026-11-23T10:05" in Shanghai time, for datetime-local inputs. */
function localInput(ms: number): string {
  return new Date(ms + OFFSET_MS).toISOString().slice(0, 16);
}
function parseLocalInput(v: string): number {
  return Date.parse(`${v}:00+08:00`);
}

export function ReplayHost(props: { live: LiveWall }) {
  const [replay, setReplay] = useState<ReplayWall | null>(null);
  const [choosing, setChoosing] = useState(false);
  const replayRef = useRef<ReplayWall | null>(null);
  replayRef.current = replay;

  const start = useCallback(
    (period: { from: number; to: number }) => {
      void connectConsoleApi().then((api) => {
        replayRef.current?.dispose();
        const r = new ReplayWall(api, props.live, period);
        setReplay(r);
        setChoosing(false);
        void r.load();
      });
    },
    [props.live],
  );
  const backToLive = useCallback(() => {
    replayRef.current?.dispose();
    setReplay(null);
    setChoosing(false);
  }, []);

  useEffect(() => {
    const p = periodFromUrl();
    if (p) start(p);
  }, [start]);
  useEffect(() => () => replayRef.current?.dispose(), []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement) return;
      const r = replayRef.current;
      if (e.key === 'Escape' || ((e.key === 'l' || e.key === 'L') && r)) {
        backToLive();
      } else if ((e.key === 'r' || e.key === 'R') && !r) {
        setChoosing((c) => !c);
      } else if (r && e.key === ' ') {
        e.preventDefault();
        r.toggle();
      } else if (r && (e.key === 'ArrowLeft' || e.key === 'ArrowRight')) {
        const step = Math.max(MIN, r.getState().speed * 10_000);
        r.jump(e.key === 'ArrowLeft' ? -step : step);
      } else if (r && (e.key === '+' || e.key === '=' || e.key === '-')) {
        const speeds = REPLAY_SPEEDS as readonly number[];
        const i = speeds.indexOf(r.getState().speed);
        const next = e.key === '-' ? speeds[Math.max(0, i - 1)] : speeds[Math.min(speeds.length - 1, i + 1)];
        r.setSpeed(next ?? 60);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [backToLive]);

  return (
    <>
      <WallScreen live={replay ?? props.live} />
      {replay ? <ReplayBar replay={replay} onLive={backToLive} /> : choosing ? <ReplayChooser onStart={start} onCancel={() => setChoosing(false)} /> : <OpenButton onOpen={() => setChoosing(true)} />}
    </>
  );
}

function OpenButton(props: { onOpen: () => void }) {
  const { t } = useI18n();
  return (
    <button type="button" className="replay-open" onClick={props.onOpen} data-testid="replay-open">
      {t('briefing.replay.open')}
    </button>
  );
}

function ReplayChooser(props: { onStart: (p: { from: number; to: number }) => void; onCancel: () => void }) {
  const { t } = useI18n();
  const now = Date.now();
  const [from, setFrom] = useState(() => localInput(now - HOUR));
  const [to, setTo] = useState(() => localInput(now));
  const preset = (ms: number): void => props.onStart({ from: now - ms, to: now });
  const todayStart = Math.floor((now + OFFSET_MS) / 86_400_000) * 86_400_000 - OFFSET_MS;
  const custom = (): void => {
    const f = parseLocalInput(from);
    const e = parseLocalInput(to);
    if (Number.isFinite(f) && Number.isFinite(e) && e > f) props.onStart({ from: f, to: e });
  };
  return (
    <div className="replay-bar replay-chooser" role="dialog" aria-label={t('briefing.replay.title')} data-testid="replay-chooser">
      <span className="replay-title">{t('briefing.replay.title')}</span>
      <button type="button" onClick={() => preset(HOUR)}>{t('briefing.replay.lastHour')}</button>
      <button type="button" onClick={() => preset(6 * HOUR)}>{t('briefing.replay.last6h')}</button>
      <button type="button" onClick={() => preset(24 * HOUR)}>{t('briefing.replay.last24h')}</button>
      <button type="button" onClick={() => props.onStart({ from: todayStart, to: now })}>{t('briefing.replay.today')}</button>
      <input type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} />
      <input type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} />
      <button type="button" className="primary" onClick={custom}>{t('briefing.replay.start')}</button>
      <button type="button" onClick={props.onCancel}>{t('briefing.replay.live')}</button>
    </div>
  );
}

function ReplayBar(props: { replay: ReplayWall; onLive: () => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const r = props.replay;
  const s = useSyncExternalStore(r.subscribe, r.getState);
  return (
    <div className="replay-bar" data-testid="replay-bar" data-status={s.status} data-cursor={s.cursor} data-applied={s.applied} data-changes={s.changes} data-playing={s.playing ? '1' : '0'} data-visible={r.visibleIncidentIds().length}>
      <span className="replay-badge">{t('briefing.replay.badge')}</span>
      <span className="replay-clock" data-testid="replay-clock">
        {i18n.formatDate(s.cursor)} {i18n.formatTime(s.cursor)}
      </span>
      {s.status === 'loading' ? <span className="replay-note">{t('briefing.replay.loading')}</span> : null}
      {s.status === 'error' ? <span className="replay-note bad">{t('briefing.replay.error', { message: s.error ?? '' })}</span> : null}
      {s.status === 'ready' ? (
        <>
          <button type="button" onClick={() => r.jump(-Math.max(MIN, s.speed * 10_000))} data-testid="replay-back">{t('briefing.replay.back')}</button>
          <button type="button" className="primary" onClick={() => r.toggle()} data-testid="replay-toggle">
            {s.playing ? t('briefing.replay.pause') : t('briefing.replay.play')}
          </button>
          <button type="button" onClick={() => r.jump(Math.max(MIN, s.speed * 10_000))} data-testid="replay-forward">{t('briefing.replay.forward')}</button>
          <label className="replay-speed">
            {t('briefing.replay.speed')}{' '}
            <select value={s.speed} onChange={(e) => r.setSpeed(Number(e.target.value))} data-testid="replay-speed">
              {REPLAY_SPEEDS.map((v) => (
                <option key={v} value={v}>
                  {v}×
                </option>
              ))}
            </select>
          </label>
          <input
            className="replay-timeline"
            type="range"
            min={s.from}
            max={s.to}
            step={1000}
            value={s.cursor}
            onChange={(e) => r.seek(Number(e.target.value))}
            data-testid="replay-timeline"
            aria-label={t('briefing.replay.title')}
          />
          <span className="replay-note">{t('briefing.replay.changes', { applied: i18n.formatNumber(s.applied), total: i18n.formatNumber(s.changes) })}</span>
          {s.truncated ? <span className="replay-note bad">{t('briefing.replay.truncated', { total: i18n.formatNumber(s.changes) })}</span> : null}
        </>
      ) : null}
      <button type="button" onClick={props.onLive} data-testid="replay-live">
        {t('briefing.replay.live')}
      </button>
      <span className="replay-keys">{t('briefing.replay.keys')}</span>
    </div>
  );
}
