// ?view=imports (issue 9): the import panel on its own page, with sign-in (only an admin or a duty officer
// may import; the host decides, this page only offers what it will allow).
import { useState } from 'react';
import { useConsoleSession } from '../shell/use-console-session.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { ViewNav } from '../shell/ViewNav.tsx';
import { SignInScreen } from '../operator/SignInScreen.tsx';
import { canChangeSettings } from '../../src-shared/domain/roles.ts';
import type { MessageKey } from '../i18n/translator.ts';
import { ImportsPanel } from './ImportsPanel.tsx';
import '../operator/operator.css';
import './imports.css';

export function ImportsApp() {
  const { t } = useI18n();
  const { api, failure, account, accountsExist, setAccount } = useConsoleSession();
  const [signingIn, setSigningIn] = useState(false);

  if (failure) return <div className="connect-screen connect-message connect-failed" role="alert">{t('app.connectFailed', { message: failure })}</div>;
  if (!api || account === undefined) return <div className="connect-screen connect-message" role="status">{t('imports.loading')}</div>;
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
