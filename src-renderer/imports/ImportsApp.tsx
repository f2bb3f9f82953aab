// ?view=imports (issue 9): the import panel on its own page, with sign-in (only an admin or a duty officer
// may import; the host decides, this page only offers what it will allow).
import { useCallback, useEffect, useState } from 'react';
import { connectConsoleApi, onDidChangeConnection } from '../api/client.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { ViewNav } from '../shell/ViewNav.tsx';
import { SignInScreen } from '../operator/SignInScreen.tsx';
import { canChangeSettings } from '../../src-shared/domain/roles.ts';
import type { AccountInfo, ConsoleApi } from '../../src-shared/api.ts';
import type { MessageKey } from '../i18n/translator.ts';
import { ImportsPanel } from './ImportsPanel.tsx';
import '../operator/operator.css';
import './imports.css';

export function ImportsApp() {
  const { t } = useI18n();
  const [api, setApi] = useState<ConsoleApi | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [account, setAccount] = useState<AccountInfo | null | undefined>(undefined);
  const [accountsExist, setAccountsExist] = useState(true);
  const [signingIn, setSigningIn] = useState(false);

  const refreshWho = useCallback(async (a: ConsoleApi) => {
    const who = await a.whoAmI();
    setAccount(who.account);
    setAccountsExist(who.accountsExist);
  }, []);

  useEffect(() => {
    let disposed = false;
    connectConsoleApi().then(
      (a) => {
        if (disposed) return;
        setApi(a);
        void refreshWho(a);
      },
      (err: unknown) => !disposed && setFailure(err instanceof Error ? err.message : String(err)),
    );
    // A new host connection is a new session: the sign-in does not survive it.
    const sub = onDidChangeConnection((status) => {
      if (status.connected) void connectConsoleApi().then((a) => (disposed ? undefined : refreshWho(a))).catch(() => undefined);
    });
    return () => {
      disposed = true;
      sub.dispose();
    };
  }, [refreshWho]);

  if (failure) return <div className="connect-screen connect-message connect-failed" role="alert">{t('app.connectFailed', { message: failure })}</div>;
  if (!api || account === undefined) return <div className="connect-screen connect-message" role="status">{t('imports.loading')}</div>;
  if (signingIn || !accountsExist) {
    return (
      <SignInScreen
        api={api}
        firstRun={!accountsExist}
        onSignedIn={(a) => {
          setAccount(a);
          setAccountsExist(true);
          setSigningIn(false);
        }}
      />
    );
  }
  const roleName = account ? t(`operator.role.${account.role}` as MessageKey) : '';
  return (
    <div className="im-root" data-testid="imports-view">
      <header className="im-header">
        <span className="im-title">{t('imports.title')}</span>
        <ViewNav />
        <div className="im-who">
          {account ? (
            <>
              <span data-testid="imports-who">{t('imports.signedInAs', { name: account.displayName, role: roleName })}</span>
              <button
                type="button"
                className="op-button"
                onClick={() => {
                  void api.signOut().then(() => setAccount(null));
                }}
              >
                {t('imports.signOut')}
              </button>
            </>
          ) : (
            <button type="button" className="op-button primary" onClick={() => setSigningIn(true)} data-testid="imports-sign-in">
              {t('imports.signIn')}
            </button>
          )}
        </div>
      </header>
      <main className="im-main">
        <ImportsPanel key={account?.accountId ?? 'anonymous'} api={api} canEdit={account ? canChangeSettings(account.role) : false} />
      </main>
    </div>
  );
}
