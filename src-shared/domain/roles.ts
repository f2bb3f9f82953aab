// Who may do what (issue 5): the four console roles and the scope each one has. Pure rules, used by the
// core to enforce scope and by the renderer to offer only what the core will allow.

export const ROLES = ['duty-officer', 'street-operator', 'leader', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** The signed-in person as the core and the renderer see them (never the password hash). */
export interface AccountInfo {
  accountId: string;
  /** Sign-in name (unique). */
  name: string;
  /** Shown in the UI and sent as the SFP/1 operator name. */
  displayName: string;
  role: Role;
  /** The street (sub-centre id) a street operator is scoped to; null for the district-wide roles. */
  street: string | null;
}

/** Leaders watch; everyone else acts. */
export function canAct(role: Role): boolean {
  return role !== 'leader';
}

export function canManageAccounts(role: Role): boolean {
  return role === 'admin';
}

/** Settings (endpoints, tile source, alarm, layout, imports; issue 9): the admin and the duty officer. */
export function canChangeSettings(role: Role): boolean {
  return role === 'admin' || role === 'duty-officer';
}

/** The street a caller is limited to, or null for the whole district. */
export function streetScope(account: Pick<AccountInfo, 'role' | 'street'> | null): string | null {
  return account?.role === 'street-operator' ? account.street : null;
}

/** Whether a caller with this scope may see / act on something held by `subcentreId`. */
export function inScope(scope: string | null, subcentreId: string): boolean {
  return scope === null || scope === subcentreId;
}

/** The SFP/1 `operator` of a command issued by this account. */
export function operatorOf(account: AccountInfo): { id: string; name: string; role: Role; street?: string } {
  return { id: account.accountId, name: account.displayName, role: account.role, ...(account.street ? { street: account.street } : {}) };
}
