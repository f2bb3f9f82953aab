// The operator view (?view=operator): sign in, then the incident queue with its detail and actions, the
// video-alert triage and the audit log. What a caller may see and do is decided by the host (issue 5);
// this screen only offers what the host will allow.
import { useEffect, useState } from 'react';
import { useConsoleSession } from '../shell/use-console-session.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { ViewNav } from '../shell/ViewNav.tsx';
import { SignInScreen } from './SignInScreen.tsx';
import { QueuePane } from './QueuePane.tsx';
import { streetName } from './names.ts';
import { AlertTriage } from './AlertTriage.tsx';
import { AuditLog } from './AuditLog.tsx';
import { LiveQueue } from './live-queue.ts';
import type { AccountInfo, ConsoleApi } from '../../src-shared/api.ts';
import type { MessageKey } from '../i18n/translator.ts';
import './operator.css';

type Tab = 'queue' | 'alerts' | 'audit';

export function OperatorApp() {
  const { t } = useI18n();
  const { api, failure, account, accountsExist, setAccount } = useConsoleSession();

  if (failure) return <div className="connect-screen connect-message connect-failed" role="alert">{t('app.connectFailed', { message: failure })}</div>;
  if (!api || account === undefined) return <div className="connect-screen connect-message" role="status">{t('app.loading')}</div>;
  if (!account) return <SignInScreen api={api} firstRun={!accountsExist} onSignedIn={(a) => setAccount(a)} />;
  return (
    <OperatorScreen
      key={account.accountId}
      api={api}
      account={account}
      onSignOut={async () => {
        await api.signOut();
        setAccount(null);
      }}
    />
  );
}

function OperatorScreen(props: { api: ConsoleApi; account: AccountInfo; onSignOut: () => void }) {
  const { t, locale, setLocale, placeName } = useI18n();
  const { api, account } = props;
  // A link from the wall (a video alert clicked on the map) opens the alerts tab on that alert.
  const [tab, setTab] = useState<Tab>(() => (typeof location !== 'undefined' && new URLSearchParams(location.search).get('alert') ? 'alerts' : 'queue'));
  const [live, setLive] = useState<LiveQueue | null>(null);

  useEffect(() => {
    const q = new LiveQueue(api);
    setLive(q);
    void q.start();
    return () => q.dispose();
  }, [api]);

  const tabs: Array<[Tab, MessageKey]> = [
    ['queue', 'operator.tab.queue'],
    ['alerts', 'operator.tab.alerts'],
    ['audit', 'operator.tab.audit'],
  ];
  return (
    <div className="op-root" data-testid="operator-view">
      <header className="op-header">
        <div className="op-title">{t('operator.title')}</div>
        <ViewNav />
        <nav className="op-tabs" role="tablist">
          {tabs.map(([name, key]) => (
            <button key={name} type="button" role="tab" aria-selected={tab === name} className={tab === name ? 'op-tab active' : 'op-tab'} data-testid={`op-tab-${name}`} onClick={() => setTab(name)}>
              {t(key)}
            </button>
          ))}
        </nav>
        <div className="op-who" data-testid="op-who">
          <span>{t('operator.signedInAs', { name: account.displayName, role: t(`operator.role.${account.role}` as MessageKey) })}</span>
          <span className="op-scope">{account.street ? t('operator.scope.street', { street: streetName(account.street, placeName) }) : t('operator.scope.district')}</span>
          <button type="button" className="op-button" onClick={() => setLocale(locale === 'zh-CN' ? 'en' : 'zh-CN')}>
            {locale === 'zh-CN' ? t('lang.en') : t('lang.zh')}
          </button>
          <button type="button" className="op-button" data-testid="op-sign-out" onClick={props.onSignOut}>
            {t('operator.signOut')}
          </button>
        </div>
      </header>
      <main className="op-main">
        {live && tab === 'queue' ? <QueuePane api={api} live={live} account={account} /> : null}
        {live && tab === 'alerts' ? <AlertTriage api={api} live={live} account={account} /> : null}
        {tab === 'audit' ? <AuditLog api={api} /> : null}
      </main>
    </div>
  );
}
