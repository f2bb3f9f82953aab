// Issue 5's API methods: sign-in per connection, accounts and the audit log. Parameters are checked here
// (zod); the rules of who may do what are in src-shared/domain/roles.ts and caller.ts.
import { z } from 'zod';
import { describeZodError } from '../../src-shared/sfp/validate.ts';
import { formatShanghaiIso } from '../../src-shared/domain/time.ts';
import { canManageAccounts, ROLES } from '../../src-shared/domain/roles.ts';
import * as accounts from '../store/accounts.ts';
import { currentCaller, currentScope, ForbiddenError, UnauthorizedError, type CallerSession } from './caller.ts';
import { BadRequestError, parseColumnsQuery, parseNoParam } from './params.ts';
import { scopeColumns } from './scope.ts';
import { getAlertTriageStats, getQueueColumns } from '../store/operator-queries.ts';
import { writeAudit, type Store } from '../store/store.ts';
import type { AccountInfo, AuditEntry, ConsoleApi, LinkState, WhoAmI } from '../../src-shared/api.ts';

export interface OperatorMethodDeps {
  store: Store;
  feed: { links(): LinkState[] };
  now: () => number;
}

export const MAX_AUDIT_ROWS = 5_000;
export const MAX_AUDIT_EXPORT_ROWS = 200_000;

const Name = z.string().trim().min(1).max(64);
const Password = z.string().min(1).max(256);
const SignInSchema = z.strictObject({ name: Name, password: Password });
const CreateAccountSchema = z.strictObject({
  name: Name.regex(/^[^\s\u0000-\u001f]+$/, 'must not contain spaces or control characters'),
  displayName: z.string().trim().max(100).optional(),
  role: z.enum(ROLES),
  street: z.string().min(1).max(50).optional(),
  password: z.string().min(accounts.MIN_PASSWORD_LENGTH, `must have at least ${accounts.MIN_PASSWORD_LENGTH} characters`).max(256),
});
const AuditQuerySchema = z.strictObject({
  beforeId: z.number().int().min(1).optional(),
  action: z.string().min(1).max(100).optional(),
  limit: z.number().int().min(1).optional(),
});

function parse<T>(method: string, schema: z.ZodType<T>, param: unknown): T {
  const r = schema.safeParse(param ?? {});
  if (!r.success) throw new BadRequestError(`${method}: ${describeZodError(r.error)}`);
  return r.data;
}

type OperatorMethods = Pick<
  ConsoleApi,
  'signIn' | 'signOut' | 'whoAmI' | 'createAccount' | 'listAccounts' | 'listAuditLog' | 'exportAuditCsv' | 'getQueueColumns' | 'getAlertTriageStats'
>;

/** Queue chunks are smaller than map chunks: each row carries its title, grid and department. */
export const MAX_QUEUE_CHUNK = 20_000;

export function createOperatorMethods(deps: OperatorMethodDeps): OperatorMethods {
  const { store, now } = deps;
  const failures = new WeakMap<CallerSession, number>();

  /** The audit log is for signed-in people; a street operator sees their street's entries only. */
  const auditRows = (method: string, param: unknown, max: number) => {
    const q = parse(method, AuditQuerySchema, param);
    const caller = currentCaller();
    if (caller && !caller.account) throw new UnauthorizedError(`${method}: sign in first`);
    const street = currentScope(caller);
    return accounts.listAudit(store, {
      limit: Math.min(q.limit ?? Math.min(200, max), max),
      ...(q.beforeId !== undefined ? { beforeId: q.beforeId } : {}),
      ...(q.action !== undefined ? { action: q.action } : {}),
      ...(street !== null ? { street } : {}),
    });
  };

  return {
    async signIn(param) {
      const q = parse('signIn', SignInSchema, param);
      const caller = currentCaller();
      // Guessing on one connection gets slower: from the 5th failure on, a growing pause (at most 5 s).
      const failed = caller ? (failures.get(caller) ?? 0) : 0;
      if (failed >= 4) await new Promise((r) => setTimeout(r, Math.min(5_000, (failed - 3) * 1_000)));
      const account = await accounts.authenticate(store, q.name, q.password, now());
      if (!account) {
        if (caller) failures.set(caller, failed + 1);
        throw new UnauthorizedError('signIn: wrong name or password');
      }
      if (caller) failures.delete(caller);
      // In-process callers have no connection to sign in; they only get the check.
      if (caller) caller.account = account;
      return account;
    },
    async signOut(param?: unknown) {
      parseNoParam('signOut', param);
      const caller = currentCaller();
      if (caller?.account) {
        accounts.recordSignOut(store, caller.account, now());
        caller.account = null;
      }
      return null;
    },
    async whoAmI(param?: unknown): Promise<WhoAmI> {
      parseNoParam('whoAmI', param);
      return { account: currentCaller()?.account ?? null, accountsExist: accounts.countAccounts(store) > 0 };
    },
    async createAccount(param): Promise<AccountInfo> {
      const q = parse('createAccount', CreateAccountSchema, param);
      const caller = currentCaller();
      const firstRun = accounts.countAccounts(store) === 0;
      // The first account of a console may be created by whoever holds the console (its token); it must be an admin.
      if (firstRun) {
        if (q.role !== 'admin' && q.role !== 'duty-officer') throw new BadRequestError('createAccount: the first account must be an admin or a duty officer');
      } else if (caller) {
        if (!caller.account) throw new UnauthorizedError('createAccount: sign in first');
        if (!canManageAccounts(caller.account.role)) throw new ForbiddenError('createAccount: only an admin may create accounts');
      }
      if (q.role === 'street-operator') {
        if (!q.street) throw new BadRequestError('createAccount: street: a street operator needs a street (sub-centre id)');
        const known = deps.feed.links().map((l) => l.subcentreId);
        if (!known.includes(q.street)) throw new BadRequestError(`createAccount: street: unknown sub-centre "${q.street}" (one of ${known.join(', ')})`);
      }
      const actor = caller?.account ? accounts.auditActor(caller.account) : { id: 'console', name: 'console', role: 'system' };
      try {
        return await accounts.createAccount(
          store,
          { name: q.name, role: q.role, password: q.password, ...(q.displayName ? { displayName: q.displayName } : {}), ...(q.street ? { street: q.street } : {}) },
          actor,
          now(),
        );
      } catch (err) {
        throw new BadRequestError(`createAccount: ${(err as Error).message}`);
      }
    },
    async listAccounts(param?: unknown) {
      parseNoParam('listAccounts', param);
      const caller = currentCaller();
      if (caller && !caller.account) throw new UnauthorizedError('listAccounts: sign in first');
      if (caller?.account && !canManageAccounts(caller.account.role)) throw new ForbiddenError('listAccounts: only an admin may list accounts');
      return accounts.listAccounts(store);
    },
    async listAuditLog(param): Promise<AuditEntry[]> {
      return auditRows('listAuditLog', param, MAX_AUDIT_ROWS);
    },
    async exportAuditCsv(param): Promise<string> {
      const rows = auditRows('exportAuditCsv', { limit: MAX_AUDIT_EXPORT_ROWS, ...((param ?? {}) as object) }, MAX_AUDIT_EXPORT_ROWS);
      const caller = currentCaller();
      if (caller?.account) {
        // The export itself is on record.
        const actor = accounts.auditActor(caller.account);
        store.write(() => writeAudit(store, { at: now(), actor, action: 'audit.exported', subject: 'audit', detail: { rows: rows.length } }));
      }
      return accounts.auditToCsv(rows, (ms) => formatShanghaiIso(new Date(ms)));
    },
    async getQueueColumns(param) {
      const q = parseColumnsQuery('getQueueColumns', param);
      return scopeColumns(getQueueColumns(store, { afterVersion: q.afterVersion, limit: Math.min(q.limit, MAX_QUEUE_CHUNK) }), currentScope());
    },
    async getAlertTriageStats(param?: unknown) {
      parseNoParam('getAlertTriageStats', param);
      return getAlertTriageStats(store, currentScope());
    },
  };
}
