// Who is calling (issue 5). Each transport connection — one WebSocket in web mode, one webContents in
// Electron — owns a CallerSession, and runs every API call inside it (AsyncLocalStorage), so that every
// method, including ones added later, can ask `currentCaller()` without the contract changing shape.
// signIn / signOut change the account of the connection's session.
//
// A call with no session at all comes from inside the host process (tests, the runtime, bench) and has
// the district-wide rights of the console's default operator. A transport session that has not signed
// in may read the district (the wall) but not act.
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { canAct, streetScope, type AccountInfo } from '../../src-shared/domain/roles.ts';

export interface CallerSession {
  readonly id: string;
  readonly transport: 'web' | 'electron';
  account: AccountInfo | null;
  readonly openedAt: number;
  /** The account as the store has it now (null: disabled or gone), checked before every action. */
  readonly verify?: ((accountId: string) => AccountInfo | null) | undefined;
}

export function createCallerSession(
  transport: CallerSession['transport'],
  now: number = Date.now(),
  verify?: (accountId: string) => AccountInfo | null,
): CallerSession {
  return { id: randomUUID(), transport, account: null, openedAt: now, ...(verify ? { verify } : {}) };
}

const storage = new AsyncLocalStorage<CallerSession>();

export function runAsCaller<T>(session: CallerSession, fn: () => T): T {
  return storage.run(session, fn);
}

/** The session of the connection this call came over; undefined for in-process calls. */
export function currentCaller(): CallerSession | undefined {
  return storage.getStore();
}

/** Not signed in. Crosses the transports as { name: 'Unauthorized', message }. */
export class UnauthorizedError extends Error {
  override name = 'Unauthorized';
}
/** Signed in, but the role or the street does not allow it. */
export class ForbiddenError extends Error {
  override name = 'Forbidden';
}

/** The street the current caller is limited to, or null for the whole district. */
export function currentScope(session: CallerSession | undefined = currentCaller()): string | null {
  return session ? streetScope(session.account) : null;
}

/**
 * The account that may act now; null for an in-process caller (the host's default operator acts).
 * Throws Unauthorized without a sign-in and Forbidden for a read-only role.
 */
export function requireActor(method: string, session: CallerSession | undefined = currentCaller()): AccountInfo | null {
  if (!session) return null;
  if (!session.account) throw new UnauthorizedError(`${method}: sign in first`);
  // An account disabled (or changed) by an admin takes effect at the next action, not the next sign-in.
  if (session.verify) {
    const fresh = session.verify(session.account.accountId);
    if (!fresh) {
      const name = session.account.name;
      session.account = null;
      throw new UnauthorizedError(`${method}: the account ${name} is disabled; sign in again`);
    }
    session.account = fresh;
  }
  if (!canAct(session.account.role)) throw new ForbiddenError(`${method}: the ${session.account.role} role is read-only`);
  return session.account;
}
