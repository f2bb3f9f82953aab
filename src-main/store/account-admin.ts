// Account administration (issue 9, completing issue 5): the admin lists every account (disabled ones
// too), renames, disables / enables and resets passwords. Each change is audited; a console never loses
// its last enabled admin (nobody could manage accounts any more).
import { hashPassword, MIN_PASSWORD_LENGTH } from './accounts.ts';
import { writeAudit, type Store } from './store.ts';
import { isRole } from '../../src-shared/domain/roles.ts';
import type { ManagedAccount } from '../../src-shared/api.ts';

interface Row {
  account_id: string;
  name: string;
  display_name: string;
  role: string;
  street: string | null;
  disabled: number;
  created_at: number;
}

export class AccountAdminError extends Error {
  override name = 'BadRequest';
}

const COLUMNS = 'account_id, name, display_name, role, street, disabled, created_at';

function toManaged(r: Row): ManagedAccount {
  if (!isRole(r.role)) throw new Error(`account ${r.account_id} has an unknown role ${JSON.stringify(r.role)}`);
  return { accountId: r.account_id, name: r.name, displayName: r.display_name, role: r.role, street: r.street, disabled: r.disabled === 1, createdAt: r.created_at };
}

export function listManagedAccounts(store: Store): ManagedAccount[] {
  return (store.statement(`SELECT ${COLUMNS} FROM accounts ORDER BY disabled, name`).all() as Row[]).map(toManaged);
}

export function getManagedAccount(store: Store, accountId: string): ManagedAccount | null {
  const r = store.statement(`SELECT ${COLUMNS} FROM accounts WHERE account_id = ?`).get(accountId) as Row | undefined;
  return r ? toManaged(r) : null;
}

/** Renames and / or disables / enables an account. Refuses to disable the last enabled admin. */
export function updateManagedAccount(store: Store, change: { accountId: string; displayName?: string; disabled?: boolean }, by: { actor: unknown; at: number }): ManagedAccount {
  return store.write(() => {
    const before = getManagedAccount(store, change.accountId);
    if (!before) throw new AccountAdminError(`no account "${change.accountId}"`);
    const displayName = change.displayName?.trim() || before.displayName;
    const disabled = change.disabled ?? before.disabled;
    if (disabled && !before.disabled && before.role === 'admin') {
      const admins = (store.statement(`SELECT count(*) AS n FROM accounts WHERE role = 'admin' AND disabled = 0`).get() as { n: number }).n;
      if (admins <= 1) throw new AccountAdminError(`"${before.name}" is the last enabled admin: enable or create another admin first`);
    }
    store.statement(`UPDATE accounts SET display_name = ?, disabled = ? WHERE account_id = ?`).run(displayName, disabled ? 1 : 0, before.accountId);
    const detail: Record<string, unknown> = { name: before.name };
    if (displayName !== before.displayName) detail.displayName = { from: before.displayName, to: displayName };
    if (disabled !== before.disabled) detail.disabled = disabled;
    const action = disabled !== before.disabled ? (disabled ? 'account.disabled' : 'account.enabled') : 'account.changed';
    writeAudit(store, { at: by.at, actor: by.actor, action, subject: before.accountId, detail });
    return getManagedAccount(store, before.accountId)!;
  });
}

/** Sets a new password (salted scrypt hash); the audit entry says who and when, never the password. */
export async function setManagedAccountPassword(store: Store, accountId: string, password: string, by: { actor: unknown; at: number }): Promise<ManagedAccount> {
  if (password.length < MIN_PASSWORD_LENGTH) throw new AccountAdminError(`the password must have at least ${MIN_PASSWORD_LENGTH} characters`);
  if (!getManagedAccount(store, accountId)) throw new AccountAdminError(`no account "${accountId}"`);
  const hash = await hashPassword(password);
  return store.write(() => {
    const r = store.statement(`UPDATE accounts SET password_hash = ? WHERE account_id = ?`).run(hash, accountId);
    if (r.changes === 0) throw new AccountAdminError(`no account "${accountId}"`);
    writeAudit(store, { at: by.at, actor: by.actor, action: 'account.password-set', subject: accountId, detail: { name: getManagedAccount(store, accountId)!.name } });
    return getManagedAccount(store, accountId)!;
  });
}
