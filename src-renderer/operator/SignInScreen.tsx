// Sign-in (and, on a console with no account yet, creating the first one).
import { useState, type FormEvent } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { AccountInfo, ConsoleApi, Role } from '../../src-shared/api.ts';

export function SignInScreen(props: { api: ConsoleApi; firstRun: boolean; onSignedIn: (a: AccountInfo) => void }) {
  const { t } = useI18n();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<Role>('admin');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (props.firstRun) await props.api.createAccount({ name, password, role, ...(displayName ? { displayName } : {}) });
      props.onSignedIn(await props.api.signIn({ name, password }));
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="op-signin-screen">
      <form className="op-signin" onSubmit={submit} data-testid="op-signin">
        <h1>{t('operator.signIn.title')}</h1>
        {props.firstRun ? <p className="op-hint">{t('operator.signIn.firstRun')}</p> : null}
        <label>
          {t('operator.signIn.name')}
          <input autoFocus name="name" autoComplete="username" value={name} onChange={(e) => setName(e.target.value)} data-testid="op-signin-name" />
        </label>
        {props.firstRun ? (
          <>
            <label>
              {t('operator.signIn.displayName')}
              <input name="displayName" value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
            </label>
            <label>
              {t('operator.signIn.role')}
              <select value={role} onChange={(e) => setRole(e.target.value as Role)}>
                <option value="admin">{t('operator.role.admin')}</option>
                <option value="duty-officer">{t('operator.role.duty-officer')}</option>
              </select>
            </label>
          </>
        ) : null}
        <label>
          {t('operator.signIn.password')}
          <input type="password" name="password" autoComplete={props.firstRun ? 'new-password' : 'current-password'} value={password} onChange={(e) => setPassword(e.target.value)} data-testid="op-signin-password" />
        </label>
        <button type="submit" className="op-button primary" disabled={busy || !name || !password} data-testid="op-signin-submit">
          {props.firstRun ? t('operator.signIn.create') : t('operator.signIn.submit')}
        </button>
        {error ? (
          <p className="op-error" role="alert" data-testid="op-signin-error">
            {t('operator.signIn.failed', { message: error })}
          </p>
        ) : null}
      </form>
    </div>
  );
}
