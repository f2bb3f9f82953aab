// Local operator accounts (issue 5). Passwords are kept only as salted scrypt hashes
// ("scrypt$N$r$p$salt$hash", base64), checked with a timing-safe compare; the hash never leaves this file.
import { randomBytes, randomUUID, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { writeAudit, type Store } from './store.ts';
import { isRole, type AccountInfo, type Role } from '../../src-shared/domain/roles.ts';

const SCRYPT = { N: 16_384, r: 8, p: 1 } as const;
const KEY_BYTES = 32;
const SALT_BYTES = 16;
export const MIN_PASSWORD_LENGTH = 8;

function scryptAsync(password: string, salt: Buffer, keylen: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => scrypt(password.normalize('NFC'), salt, keylen, { ...options, maxmem: 64 * 1024 * 1024 }, (err, key) => (err ? reject(err) : resolve(key))));
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await scryptAsync(password, salt, KEY_BYTES, SCRYPT);
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  const salt = Buffer.from(parts[4]!, 'base64');
  const expected = Buffer.from(parts[5]!, 'base64');
  if (!Number.isSafeInteger(N) || !Number.isSafeInteger(r) || !Number.isSafeInteger(p) || expected.length === 0) return false;
  const key = await scryptAsync(password, salt, expected.length, { N, r, p });
  return timingSafeEqual(key, expected);
}

// Unknown names still cost one scrypt, so that timing does not tell which names exist.
let dummyHash: Promise<string> | null = null;

interface AccountDbRow {
  account_id: string;
  name: string;
  display_name: string;
  role: string;
  street: string | null;
  password_hash: string;
  disabled: number;
}

function toInfo(r: AccountDbRow): AccountInfo {
  if (!isRole(r.role)) throw new Error(`account ${r.account_id} has an unknown role ${JSON.stringify(r.role)}`);
  return { accountId: r.account_id, name: r.name, displayName: r.display_name, role: r.role, street: r.street };
}

export function countAccounts(store: Store): number {
  return (store.statement(`SELECT count(*) AS n FROM accounts`).get() as { n: number }).n;
}

export function listAccounts(store: Store): AccountInfo[] {
  return (store.statement(`SELECT * FROM accounts WHERE disabled = 0 ORDER BY name`).all() as AccountDbRow[]).map(toInfo);
}

export function getAccount(store: Store, accountId: string): AccountInfo | null {
  const r = store.statement(`SELECT * FROM accounts WHERE account_id = ? AND disabled = 0`).get(accountId) as AccountDbRow | undefined;
  return r ? toInfo(r) : null;
}

export interface NewAccount {
  name: string;
  displayName?: string;
  role: Role;
  street?: string | null;
  password: string;
}

/** Creates an account (with an audit entry by `actor`); throws with a reason on a taken name or a bad combination. */
export async function createAccount(store: Store, input: NewAccount, actor: unknown, now: number = Date.now()): Promise<AccountInfo> {
  if (!isRole(input.role)) throw new Error(`unknown role ${JSON.stringify(input.role)}`);
  const street = input.role === 'street-operator' ? (input.street ?? null) : null;
  if (input.role === 'street-operator' && !street) throw new Error('a street operator needs a street');
  if (input.password.length < MIN_PASSWORD_LENGTH) throw new Error(`the password must have at least ${MIN_PASSWORD_LENGTH} characters`);
  const hash = await hashPassword(input.password);
  const accountId = `op-${randomUUID().slice(0, 8)}`;
  const displayName = input.displayName?.trim() || input.name;
  store.write(() => {
    if (store.statement(`SELECT 1 FROM accounts WHERE name = ?`).get(input.name)) throw new Error(`an account named "${input.name}" already exists`);
    store
      .statement(`INSERT INTO accounts (account_id, name, display_name, role, street, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`)
      .run(accountId, input.name, displayName, input.role, street, hash, now);
    writeAudit(store, { at: now, actor, action: 'account.created', subject: accountId, detail: { name: input.name, displayName, role: input.role, street } });
  });
  return { accountId, name: input.name, displayName, role: input.role, street };
}

/** The account for this name and password, or null (and an audit entry) when they do not match. */
export async function authenticate(store: Store, name: string, password: string, now: number = Date.now()): Promise<AccountInfo | null> {
  const r = store.statement(`SELECT * FROM accounts WHERE name = ? AND disabled = 0`).get(name) as AccountDbRow | undefined;
  let ok: boolean;
  if (r) ok = await verifyPassword(password, r.password_hash);
  else {
    dummyHash ??= hashPassword(randomBytes(12).toString('hex'));
    await verifyPassword(password, await dummyHash);
    ok = false;
  }
  if (store.isClosed()) return null;
  if (!ok || !r) {
    store.write(() => writeAudit(store, { at: now, actor: null, action: 'auth.sign-in-failed', subject: name.slice(0, 100), detail: { known: Boolean(r) } }));
    return null;
  }
  const account = toInfo(r);
  store.write(() => writeAudit(store, { at: now, actor: auditActor(account), action: 'auth.signed-in', subject: account.accountId, detail: { role: account.role, street: account.street } }));
  return account;
}

export function recordSignOut(store: Store, account: AccountInfo, now: number = Date.now()): void {
  store.write(() => writeAudit(store, { at: now, actor: auditActor(account), action: 'auth.signed-out', subject: account.accountId, detail: null }));
}

/** How an account appears as `actor` in audit entries (the same shape as an SFP/1 operator). */
export function auditActor(account: AccountInfo): { id: string; name: string; role: Role; street?: string } {
  return { id: account.accountId, name: account.displayName, role: account.role, ...(account.street ? { street: account.street } : {}) };
}

// ---------- the audit log ----------

export interface AuditRow {
  id: number;
  at: number;
  actor: { id?: string; name?: string; role?: string; street?: string } | null;
  action: string;
  subject: string;
  detail: unknown;
}

export interface AuditQuery {
  /** Only entries with id below this (paging back in time). */
  beforeId?: number;
  action?: string;
  /** Only entries whose actor is this account id. */
  actorId?: string;
  /** Only entries about this street (actor's street or the command's sub-centre). */
  street?: string;
  limit: number;
}

interface AuditDbRow {
  id: number;
  at: number;
  actor: string;
  action: string;
  subject: string;
  detail: string;
}

/** Newest first. */
export function listAudit(store: Store, q: AuditQuery): AuditRow[] {
  const where: string[] = [];
  const p: Record<string, unknown> = { limit: q.limit };
  if (q.beforeId !== undefined) (where.push('id < @beforeId'), (p.beforeId = q.beforeId));
  if (q.action !== undefined) (where.push('action = @action'), (p.action = q.action));
  if (q.actorId !== undefined) (where.push(`json_extract(actor, '$.id') = @actorId`), (p.actorId = q.actorId));
  if (q.street !== undefined) {
    // The actor's street, the command's sub-centre, or the sub-centre itself answering (command.acked / refused).
    where.push(
      `(json_extract(actor, '$.street') = @street OR json_extract(detail, '$.subcentreId') = @street OR json_extract(detail, '$.street') = @street
        OR (json_extract(actor, '$.kind') = 'subcentre' AND json_extract(actor, '$.id') = @street))`,
    );
    p.street = q.street;
  }
  const sql = `SELECT id, at, actor, action, subject, detail FROM audit${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT @limit`;
  return (store.statement(sql).all(p) as AuditDbRow[]).map((r) => ({
    id: r.id,
    at: r.at,
    actor: JSON.parse(r.actor) as AuditRow['actor'],
    action: r.action,
    subject: r.subject,
    detail: JSON.parse(r.detail) as unknown,
  }));
}

function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v);
  // Quote everything that could break a row, and defuse spreadsheet formulas.
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) || safe !== s ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The audit rows as CSV (UTF-8 with a BOM so that spreadsheet programs read the Chinese names), oldest first. */
export function auditToCsv(rows: readonly AuditRow[], formatTime: (ms: number) => string): string {
  const lines = ['id,time,actor_id,actor_name,actor_role,actor_street,action,subject,detail'];
  for (const r of [...rows].sort((a, b) => a.id - b.id)) {
    lines.push([r.id, formatTime(r.at), r.actor?.id, r.actor?.name, r.actor?.role, r.actor?.street, r.action, r.subject, r.detail].map(csvCell).join(','));
  }
  return '\ufeff' + lines.join('\r\n') + '\r\n';
}
