// Accounts (admin only): every account with its state, create, disable / enable, reset password. The
// host refuses to disable the last enabled admin; its message is shown as it says it.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { Field } from './SubcentresSection.tsx';
import { errorMessage, fieldErrors, type FieldErrors } from './field-errors.ts';
import type { AccountInfo, ConsoleApi, ManagedAccount, Role } from '../../src-shared/api.ts';
import type { MessageKey } from '../i18n/translator.ts';

const ROLES: Role[] = ['duty-officer', 'street-operator', 'leader', 'admin'];

export function AccountsSection(props: { api: ConsoleApi; account: AccountInfo | null; demo: boolean; streets: Array<{ id: string; name: string }> }) {
  const { t, placeName } = useI18n();
  const { api } = props;
  const isAdmin = props.account?.role === 'admin';
  const [accounts, setAccounts] = useState<ManagedAccount[] | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [resetFor, setResetFor] = useState<string | null>(null);
  const [password, setPassword] = useState('');
  const [draft, setDraft] = useState({ name: '', displayName: '', role: 'duty-officer' as Role, street: '', password: '' });
  const [errors, setErrors] = useState<FieldErrors | null>(null);

  const load = useCallback(async () => {
    try {
      setAccounts(await api.listManagedAccounts());
    } catch (err) {
      setMessage({ ok: false, text: errorMessage(err) });
    }
  }, [api]);
  useEffect(() => {
    if (isAdmin) void load();
  }, [isAdmin, load]);

  if (!isAdmin) {
    return (
      <section className="st-section" data-testid="settings-accounts">
        <h2>{t('settings.section.accounts')}</h2>
        <p className="st-readonly">{t('settings.acc.adminOnly')}</p>
      </section>
    );
  }

  const act = async (fn: () => Promise<unknown>, ok?: string) => {
    setMessage(null);
    try {
      await fn();
      if (ok) setMessage({ ok: true, text: ok });
      await load();
      return true;
    } catch (err) {
      setMessage({ ok: false, text: errorMessage(err) });
      return false;
    }
  };

  const toggleDisabled = async (a: ManagedAccount) => {
    setMessage(null);
    try {
      await api.updateAccount({ accountId: a.accountId, disabled: !a.disabled });
      await load();
    } catch (err) {
      const text = errorMessage(err);
      // The one refusal an admin meets in normal use, in the UI's language; others as the host says them.
      setMessage({ ok: false, text: /last enabled admin/.test(text) ? t('settings.acc.lastAdmin', { name: a.name }) : text });
    }
  };

  const create = async (e: FormEvent) => {
    e.preventDefault();
    setErrors(null);
    try {
      await api.createAccount({
        name: draft.name.trim(),
        role: draft.role,
        password: draft.password,
        ...(draft.displayName.trim() ? { displayName: draft.displayName.trim() } : {}),
        ...(draft.role === 'street-operator' ? { street: draft.street } : {}),
      });
      setDraft({ name: '', displayName: '', role: 'duty-officer', street: '', password: '' });
      await load();
    } catch (err) {
      setErrors(fieldErrors(errorMessage(err), ['name', 'displayName', 'role', 'street', 'password']));
    }
  };

  return (
    <section className="st-section" data-testid="settings-accounts">
      <h2>{t('settings.section.accounts')}</h2>
      {props.demo ? <p className="st-demo">{t('settings.acc.demoWarning')}</p> : null}
      <table className="st-table">
        <thead>
          <tr>
            <th>{t('settings.acc.col.name')}</th>
            <th>{t('settings.acc.col.displayName')}</th>
            <th>{t('settings.acc.col.role')}</th>
            <th>{t('settings.acc.col.street')}</th>
            <th>{t('settings.acc.col.status')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {(accounts ?? []).map((a) => (
            <tr key={a.accountId} className={a.disabled ? 'st-row-disabled' : undefined} data-testid={`account-${a.name}`}>
              <td className="st-mono">{a.name}</td>
              <td>{a.displayName}</td>
              <td>{t(`operator.role.${a.role}` as MessageKey)}</td>
              <td>{a.street ? placeName(a.street, props.streets.find((s) => s.id === a.street)?.name ?? a.street) : ''}</td>
              <td>{a.disabled ? t('settings.acc.disabled') : t('settings.acc.enabled')}</td>
              <td className="st-actions">
                <button type="button" className="op-button" onClick={() => void toggleDisabled(a)} data-testid={`account-toggle-${a.name}`}>
                  {a.disabled ? t('settings.acc.enable') : t('settings.acc.disable')}
                </button>
                {resetFor === a.accountId ? (
                  <form
                    className="st-inline"
                    onSubmit={(e) => {
                      e.preventDefault();
                      void act(() => api.setAccountPassword({ accountId: a.accountId, password }), t('settings.acc.passwordSet', { name: a.name })).then((ok) => {
                        if (ok) {
                          setResetFor(null);
                          setPassword('');
                        }
                      });
                    }}
                  >
                    <input type="password" autoComplete="new-password" placeholder={t('settings.acc.newPassword')} value={password} onChange={(e) => setPassword(e.target.value)} />
                    <button type="submit" className="op-button primary" disabled={!password}>
                      {t('settings.acc.setPassword')}
                    </button>
                  </form>
                ) : (
                  <button type="button" className="op-button" onClick={() => (setResetFor(a.accountId), setPassword(''))}>
                    {t('settings.acc.resetPassword')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {message ? (
        <p className={message.ok ? 'st-ok' : 'st-error'} role="status" data-testid="accounts-message">
          {message.text}
        </p>
      ) : null}
      <form className="st-form" onSubmit={create}>
        <h3>{t('settings.acc.create')}</h3>
        <div className="st-row">
          <Field label={t('settings.acc.col.name')} error={errors?.fields.name}>
            <input value={draft.name} autoComplete="off" onChange={(e) => setDraft({ ...draft, name: e.target.value })} />
          </Field>
          <Field label={t('settings.acc.col.displayName')} error={errors?.fields.displayName}>
            <input value={draft.displayName} onChange={(e) => setDraft({ ...draft, displayName: e.target.value })} />
          </Field>
          <Field label={t('settings.acc.col.role')} error={errors?.fields.role}>
            <select value={draft.role} onChange={(e) => setDraft({ ...draft, role: e.target.value as Role })}>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(`operator.role.${r}` as MessageKey)}
                </option>
              ))}
            </select>
          </Field>
          {draft.role === 'street-operator' ? (
            <Field label={t('settings.acc.col.street')} error={errors?.fields.street}>
              <select value={draft.street} onChange={(e) => setDraft({ ...draft, street: e.target.value })}>
                <option value="" />
                {props.streets.map((s) => (
                  <option key={s.id} value={s.id}>
                    {placeName(s.id, s.name)}
                  </option>
                ))}
              </select>
            </Field>
          ) : null}
          <Field label={t('settings.acc.password')} error={errors?.fields.password}>
            <input type="password" autoComplete="new-password" value={draft.password} onChange={(e) => setDraft({ ...draft, password: e.target.value })} />
          </Field>
        </div>
        {errors?.general ? <p className="st-error">{errors.general}</p> : null}
        <div className="st-buttons">
          <button type="submit" className="op-button primary" disabled={!draft.name || !draft.password}>
            {t('settings.acc.create')}
          </button>
        </div>
      </form>
    </section>
  );
}
