import type { ReactNode } from 'react';
import type { ConsoleInfo, EpochMs } from '../../src-shared/api.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { HostConnection } from './live-wall.ts';
import { ViewNav } from '../shell/ViewNav.tsx';

const CONNECTION_KEY = { connected: 'host.connected', connecting: 'host.connecting', disconnected: 'host.disconnected' } as const;

/** `controls`: the wall's own buttons (missed alarms, carousel), after the title. */
export function TopBar(props: { info: ConsoleInfo | null; connection: HostConnection; now: EpochMs; controls?: ReactNode }) {
  const i18n = useI18n();
  const { t } = i18n;
  const district = props.info ? i18n.placeName(props.info.district.id, props.info.district.name) : i18n.placeName('370102', '历下区');
  return (
    <header className="topbar">
      <div className="topbar-left">
        <h1 className="topbar-title" data-testid="wall-title">
          <span className="topbar-brand">{t('app.title')}</span>
          <span className="topbar-dot" aria-hidden="true">
            ·
          </span>
          <span className="topbar-centre">{t('app.subtitle', { district })}</span>
          {props.info?.demo ? <span className="topbar-demo">{t('host.demo')}</span> : null}
        </h1>
        {props.controls ? <div className="topbar-controls">{props.controls}</div> : null}
      </div>
      <div className="topbar-clock" data-testid="wall-clock">
        <span className="clock-date">{i18n.formatDate(props.now)}</span>
        <span className="clock-weekday">{i18n.formatWeekday(props.now)}</span>
        <span className="clock-time">{i18n.formatTime(props.now)}</span>
      </div>
      <div className="topbar-right">
        <ViewNav />
        <div className="host-state" data-testid="host-state" data-state={props.connection}>
          <span className="state-dot" aria-hidden="true" />
          <span>{t(CONNECTION_KEY[props.connection])}</span>
        </div>
        <button
          type="button"
          className="lang-switch"
          data-testid="lang-switch"
          aria-label={t('lang.switch')}
          title={t('lang.switch')}
          onClick={() => i18n.setLocale(i18n.locale === 'en' ? 'zh-CN' : 'en')}
        >
          <span className={i18n.locale === 'zh-CN' ? 'lang-option active' : 'lang-option'} lang="zh-CN">
            {t('lang.zh')}
          </span>
          <span className={i18n.locale === 'en' ? 'lang-option active' : 'lang-option'} lang="en">
            {t('lang.en')}
          </span>
        </button>
      </div>
    </header>
  );
}
