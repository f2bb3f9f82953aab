// The settings view (?view=settings, issue 9): sub-centres with "test connection", the wall's basemap,
// alarm rules and sound, display, language, and accounts. Everyone may look; an admin or a duty officer
// changes (the host decides, this screen only offers what it will allow); accounts are the admin's.
import { useCallback, useEffect, useState } from 'react';
import { useConsoleSession } from '../shell/use-console-session.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { ViewNav } from '../shell/ViewNav.tsx';
import { SignInScreen } from '../operator/SignInScreen.tsx';
import { SubcentresSection } from './SubcentresSection.tsx';
import { AlarmSection, DisplaySection, LanguageSection, TileSourceSection } from './WallSections.tsx';
import { AccountsSection } from './AccountsSection.tsx';
import { LockIcon } from './LockIcon.tsx';
import type { AccountInfo, ConsoleApi, ConsoleInfo, EndpointList } from '../../src-shared/api.ts';
import type { SettingsView } from '../../src-shared/settings.ts';
import type { MessageKey } from '../i18n/translator.ts';
import '../operator/operator.css';
import './settings.css';

const SECTIONS = ['subcentres', 'tileSource', 'alarm', 'display', 'language', 'accounts'] as const;
type Section = (typeof SECTIONS)[number];

function initialSection(): Section {
  const s = new URLSearchParams(location.search).get('section');
  return (SECTIONS as readonly string[]).includes(s ?? '') ? (s as Section) : 'subcentres';
}

export function SettingsApp() {
  const { t } = useI18n();
  const { api, failure, account, accountsExist, setAccount } = useConsoleSession();
  const [signingIn, setSigningIn] = useState(false);

  if (failure) return <div className="connect-screen connect-message connect-failed" role="alert">{t('app.connectFailed', { message: failure })}</div>;
  if (!api || account === undefined) return <div className="connect-screen connect-message" role="status">{t('settings.loading')}</div>;
  if (signingIn || !accountsExist) {
    return (
      <SignInScreen
        api={api}
        firstRun={!accountsExist}
        onSignedIn={(a) => {
          setAccount(a);
          setSigningIn(false);
        }}
      />
    );
  }
  return (
    <SettingsScreen
      key={account?.accountId ?? 'anonymous'}
      api={api}
      account={account}
      onSignIn={() => setSigningIn(true)}
      onSignOut={async () => {
        await api.signOut();
        setAccount(null);
      }}
    />
  );
}

function SettingsScreen(props: { api: ConsoleApi; account: AccountInfo | null; onSignIn: () => void; onSignOut: () => void }) {
  const { t } = useI18n();
  const { api, account } = props;
  const [section, setSection] = useState<Section>(initialSection);
  const [settings, setSettings] = useState<SettingsView | null>(null);
  const [endpoints, setEndpoints] = useState<EndpointList | null>(null);
  const [info, setInfo] = useState<ConsoleInfo | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const reload = useCallback(async () => {
    try {
      const [s, e, i] = await Promise.all([api.getSettings(), api.listEndpoints(), api.getInfo()]);
      setSettings(s);
      setEndpoints(e);
      setInfo(i);
      setProblem(null);
    } catch (err) {
      setProblem(err instanceof Error ? err.message : String(err));
    }
  }, [api]);

  useEffect(() => {
    void reload();
    // Link states and settings change under us (another officer, the feed): follow them.
    let pending = false;
    const sub = api.onChanges((notice) => {
      if (pending || (notice.links === null && !notice.kinds.includes('settings'))) return;
      pending = true;
      setTimeout(() => {
        pending = false;
        void reload();
      }, 200);
    });
    return () => sub.dispose();
  }, [api, reload]);

  const canEdit = settings?.canEdit ?? false;
  const streets = (endpoints?.endpoints ?? []).map((e) => ({ id: e.subcentreId, name: e.link?.name ?? e.name ?? e.subcentreId }));
  const roleName = account ? t(`operator.role.${account.role}` as MessageKey) : '';
  const readOnlyReason = canEdit ? null : account ? t('settings.readOnly.role', { role: roleName }) : t('settings.readOnly.signedOut');

  return (
    <div className="st-root" data-testid="settings-view">
      <header className="st-header">
        <span className="st-title">{t('settings.title')}</span>
        <ViewNav />
        <div className="st-who">
          {account ? (
            <>
              <span data-testid="settings-who">{t('settings.signedInAs', { name: account.displayName, role: roleName })}</span>
              <button type="button" className="op-button" onClick={props.onSignOut}>
                {t('settings.signOut')}
              </button>
            </>
          ) : (
            <button type="button" className="op-button primary" onClick={props.onSignIn} data-testid="settings-sign-in">
              {t('settings.signIn')}
            </button>
          )}
        </div>
      </header>
      <div className="st-body">
        <nav className="st-nav" aria-label={t('settings.title')}>
          {SECTIONS.map((s) => (
            <button key={s} type="button" className={s === section ? 'st-nav-item active' : 'st-nav-item'} aria-current={s === section ? 'page' : undefined} onClick={() => setSection(s)} data-testid={`settings-nav-${s}`}>
              {t(`settings.section.${s}` as MessageKey)}
              {s !== 'subcentres' && s !== 'accounts' && settings?.origin[s] === 'config-file' ? <span className="st-lock"><LockIcon label={t('settings.locked')} /></span> : null}
            </button>
          ))}
        </nav>
        <main className="st-main">
          {readOnlyReason ? (
            <p className="st-readonly" role="note" data-testid="settings-readonly">
              {readOnlyReason}
            </p>
          ) : null}
          {problem ? (
            <p className="st-error" role="alert">
              {problem}
            </p>
          ) : null}
          {!settings || !endpoints ? (
            <p className="st-hint">{t('settings.loading')}</p>
          ) : section === 'subcentres' ? (
            <SubcentresSection api={api} list={endpoints} onChanged={(l) => (setEndpoints(l), void reload())} />
          ) : section === 'tileSource' ? (
            <TileSourceSection api={api} view={settings} onSaved={setSettings} />
          ) : section === 'alarm' ? (
            <AlarmSection api={api} view={settings} streets={streets} onSaved={setSettings} />
          ) : section === 'display' ? (
            <DisplaySection api={api} view={settings} onSaved={setSettings} />
          ) : section === 'language' ? (
            <LanguageSection api={api} view={settings} onSaved={setSettings} />
          ) : (
            <AccountsSection api={api} account={account} demo={info?.demo ?? false} streets={streets} />
          )}
        </main>
      </div>
    </div>
  );
}
