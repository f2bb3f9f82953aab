// Issue 4: the "missed alarms" button in the top bar (count badge) and its list — every alarm nobody has
// acknowledged, newest first, kept by the host so that it survives a reload and alarms raised while no
// wall watched are not lost. Also shown as a side panel in the 32:9 layout.
import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { alarmKey } from '../../src-shared/domain/alarm.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { alarmHeadline, alarmWhat } from './AlarmBanner.tsx';
import type { DisplaySnapshot, LiveDisplay } from './live-display.ts';

export function MissedAlarmsList(props: { snapshot: DisplaySnapshot; display: LiveDisplay; streetNames: ReadonlyMap<string, string>; testId: string }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { missed, unacknowledged, localAcks, alarms } = props.snapshot;
  const total = Math.max(unacknowledged - alarms.filter((a) => localAcks.has(alarmKey(a))).length, missed.length);
  if (missed.length === 0) return <div className="panel-empty">{t('wall.missed.empty')}</div>;
  return (
    <>
      <ol className="missed-list" data-testid={props.testId}>
        {missed.map((a) => (
          <li key={alarmKey(a)} className="missed-item" data-severity={a.severity} data-testid="missed-item" data-alarm-id={a.id}>
            <div className="missed-line">
              <span className="ticker-time">{i18n.formatTime(a.raisedAt)}</span>
              <span className="sev-dot" aria-hidden="true" />
              <span className="missed-kind">{alarmHeadline(i18n, a)}</span>
              <span className="ticker-street">{i18n.placeName(a.subcentreId, props.streetNames.get(a.subcentreId) ?? a.subcentreId)}</span>
            </div>
            <div className="missed-what">{alarmWhat(i18n, a)}</div>
            <button type="button" className="missed-ack" onClick={() => void props.display.acknowledge(a)}>
              {t('wall.alarm.ack')}
            </button>
          </li>
        ))}
      </ol>
      {total > missed.length ? <div className="missed-footer">{t('wall.missed.shown', { shown: missed.length, n: total })}</div> : null}
    </>
  );
}

export function MissedAlarmsButton(props: { snapshot: DisplaySnapshot; display: LiveDisplay; streetNames: ReadonlyMap<string, string> }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const count = props.snapshot.missed.length;
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setOpen(false);
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open]);
  return (
    <div className="missed">
      <button type="button" className="missed-button" data-testid="missed-alarms" data-count={count} aria-expanded={open} onClick={() => setOpen((v) => !v)}>
        <span className="missed-label">{t('wall.missed.button')}</span>
        <span className="missed-badge" data-testid="missed-count" data-alarm={count > 0 ? 'red' : 'none'}>
          {count}
        </span>
      </button>
      {open ? (
        <div className="missed-popover panel" role="dialog" aria-label={t('wall.missed.title')}>
          <header className="panel-head">
            <h2 className="panel-title">{t('wall.missed.title')}</h2>
            <button type="button" className="missed-close" onClick={() => setOpen(false)}>
              {t('wall.missed.close')}
            </button>
          </header>
          <WallSignIn snapshot={props.snapshot} display={props.display} />
          <MissedAlarmsList {...props} testId="missed-list" />
        </div>
      ) : null}
    </div>
  );
}

/** Signing in on the wall itself: its acknowledgements are then recorded in the officer's name. */
function WallSignIn(props: { snapshot: DisplaySnapshot; display: LiveDisplay }) {
  const { t } = useI18n();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const account = props.snapshot.account;
  if (account) {
    return (
      <div className="wall-signin" data-testid="wall-signed-in">
        <span>{t('wall.signIn.as', { name: account.displayName })}</span>
        <button type="button" className="missed-close" onClick={() => void props.display.signOut()}>
          {t('wall.signIn.out')}
        </button>
      </div>
    );
  }
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    props.display.signIn(name, password).then(
      () => setPassword(''),
      (err: unknown) => setError(err instanceof Error ? err.message : String(err)),
    );
  };
  return (
    <form className="wall-signin" onSubmit={submit} data-testid="wall-signin">
      <span className="wall-signin-hint">{t('wall.signIn.hint')}</span>
      <input aria-label={t('wall.signIn.name')} placeholder={t('wall.signIn.name')} value={name} onChange={(e) => setName(e.target.value)} autoComplete="username" />
      <input aria-label={t('wall.signIn.password')} placeholder={t('wall.signIn.password')} type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" />
      <button type="submit" className="missed-close" disabled={!name || !password}>
        {t('wall.signIn.submit')}
      </button>
      {error ? <span className="wall-signin-error" role="alert">{error}</span> : null}
    </form>
  );
}
