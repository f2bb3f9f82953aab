// Issue 4: the alarm banner across the top of the wall — what, where, when for the newest alarm, "N more"
// for the rest — with the acknowledge button and its keyboard shortcut (A). Also the sound: it plays at
// once for a new alarm and every repeatSeconds until everything shown is acknowledged, and a small hint
// asks for a click while the browser blocks audio.
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { alarmKey } from '../../src-shared/domain/alarm.ts';
import type { AlarmSettings } from '../../src-shared/settings.ts';
import type { AlarmRow } from '../../src-shared/wall-api.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { soundDue } from './alarm-model.ts';
import type { AlarmSound } from './alarm-sound.ts';
import type { DisplaySnapshot, LiveDisplay } from './live-display.ts';

const LAST_ACK_SHOWN_MS = 6000;

export function alarmHeadline(i18n: ReturnType<typeof useI18n>, a: AlarmRow): string {
  const severity = i18n.severity(a.severity);
  return a.kind === 'incident' ? i18n.t('wall.alarm.incident', { severity }) : i18n.t('wall.alarm.alert', { severity });
}

export function alarmWhat(i18n: ReturnType<typeof useI18n>, a: AlarmRow): string {
  return a.kind === 'incident' ? a.title : `${i18n.alertKind(a.category)} · ${a.title}`;
}

/** Plays the alarm sound while alarms are active (and the settings want one). */
export function useAlarmSound(sound: AlarmSound, active: readonly AlarmRow[], rules: AlarmSettings): void {
  const played = useRef<{ at: number | null; key: string | null }>({ at: null, key: null });
  const activeRef = useRef(active);
  activeRef.current = active;
  const rulesRef = useRef(rules);
  rulesRef.current = rules;
  const hasActive = active.length > 0;
  useEffect(() => {
    if (!hasActive) {
      played.current = { at: null, key: null };
      return;
    }
    const check = () => {
      const list = activeRef.current;
      const r = rulesRef.current;
      const now = Date.now();
      if (!soundDue(list, played.current.at, played.current.key, now, r.repeatSeconds)) return;
      // Counted as played even when blocked: the hint asks for the click, and the next round follows.
      sound.play(r.sound, r.volume);
      played.current = { at: now, key: list[0] ? alarmKey(list[0]) : null };
    };
    check();
    const timer = setInterval(check, 500);
    return () => clearInterval(timer);
  }, [hasActive, sound]);
}

function useSoundBlocked(sound: AlarmSound): boolean {
  return useSyncExternalStore(
    (l) => sound.onDidChangeState(l),
    () => sound.available && sound.blocked,
  );
}

export function AlarmBanner(props: { snapshot: DisplaySnapshot; display: LiveDisplay; sound: AlarmSound; rules: AlarmSettings; streetNames: ReadonlyMap<string, string> }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { active, lastAck } = props.snapshot;
  const blocked = useSoundBlocked(props.sound);
  const [showAck, setShowAck] = useState<DisplaySnapshot['lastAck']>(null);
  useAlarmSound(props.sound, active, props.rules);

  useEffect(() => {
    if (!lastAck) return;
    setShowAck(lastAck);
    const timer = setTimeout(() => setShowAck(null), LAST_ACK_SHOWN_MS);
    return () => clearTimeout(timer);
  }, [lastAck]);

  // A: acknowledge the newest alarm shown (not while typing in a field).
  const newest = active[0] ?? null;
  useEffect(() => {
    if (!newest) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'a' && e.key !== 'A') return;
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const target = e.target as HTMLElement | null;
      if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.isContentEditable)) return;
      e.preventDefault();
      props.sound.unlock();
      void props.display.acknowledge(newest);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [newest, props.display, props.sound]);

  const acked = showAck ? (
    <div className="alarm-acked" role="status" data-testid="alarm-acked" data-local={showAck.local ? 'true' : 'false'}>
      {showAck.local ? t('wall.alarm.ackedLocal') : t('wall.alarm.ackedHost')}
    </div>
  ) : null;
  const hint =
    blocked && props.rules.sound !== 'none' ? (
      <button type="button" className="alarm-sound-hint" data-testid="alarm-sound-hint" onClick={() => props.sound.unlock()}>
        {t('wall.alarm.soundBlocked')}
      </button>
    ) : null;

  if (!newest) {
    return (
      <>
        {hint}
        {acked}
      </>
    );
  }
  const street = i18n.placeName(newest.subcentreId, props.streetNames.get(newest.subcentreId) ?? newest.subcentreId);
  return (
    <>
      <section className="alarm-banner" role="alert" aria-label={t('wall.alarm.region')} data-testid="alarm-banner" data-severity={newest.severity} data-count={active.length} data-alarm-id={newest.id}>
        <span className="alarm-icon" aria-hidden="true">
          !
        </span>
        <div className="alarm-text">
          <div className="alarm-headline">
            <span className="alarm-kind">{alarmHeadline(i18n, newest)}</span>
            <span className="alarm-street">{street}</span>
            <span className="alarm-time">{t('wall.alarm.raisedAt', { time: i18n.formatTime(newest.raisedAt) })}</span>
          </div>
          <div className="alarm-what" data-testid="alarm-what">
            {alarmWhat(i18n, newest)}
          </div>
        </div>
        {active.length > 1 ? (
          <span className="alarm-more" data-testid="alarm-more">
            {t('wall.alarm.more', { n: active.length - 1 })}
          </span>
        ) : null}
        <div className="alarm-actions">
          <button
            type="button"
            className="alarm-ack"
            data-testid="alarm-ack"
            onClick={() => {
              props.sound.unlock();
              void props.display.acknowledge(newest);
            }}
          >
            {t('wall.alarm.ack')}
            <kbd>A</kbd>
          </button>
          {active.length > 1 ? (
            <button type="button" className="alarm-ack-all" data-testid="alarm-ack-all" onClick={() => void props.display.acknowledgeActive()}>
              {t('wall.alarm.ackAll', { n: active.length })}
            </button>
          ) : null}
          <span className="alarm-shortcut">{t('wall.alarm.shortcut')}</span>
        </div>
      </section>
      {hint}
      {acked}
    </>
  );
}
