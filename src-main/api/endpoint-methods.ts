// Issue 9's API methods: the sub-centre endpoints managed in the app (admin / duty officer), their
// "test connection", and account administration (admin). Tokens go into the cache and to the feed link,
// never into an answer: the renderer learns `tokenSet` only.
import { z } from 'zod';
import { describeZodError } from '../../src-shared/sfp/validate.ts';
import { canManageAccounts } from '../../src-shared/domain/roles.ts';
import { MIN_PASSWORD_LENGTH, auditActor, getAccount } from '../store/accounts.ts';
import { listManagedAccounts, setManagedAccountPassword, updateManagedAccount, AccountAdminError } from '../store/account-admin.ts';
import { getStoredEndpoint, listStoredEndpoints, removeStoredEndpoint, saveStoredEndpoint } from '../store/endpoints.ts';
import type { Store } from '../store/store.ts';
import { testEndpoint } from '../feed/test-connection.ts';
import type { FeedEndpoint } from '../feed/feed-manager.ts';
import { callerMayChangeSettings, requireSettingsActor } from './settings-methods.ts';
import { currentCaller, ForbiddenError, UnauthorizedError } from './caller.ts';
import { BadRequestError, parseNoParam } from './params.ts';
import type { ConsoleApi, EndpointList, EndpointView, LinkState } from '../../src-shared/api.ts';

/** What the runtime lends these methods: which endpoints are fixed, the demo's, and how to apply a change. */
export interface EndpointPort {
  /** The config file's sub-centres (fixed; tokens included, host only). */
  fixed(): readonly FeedEndpoint[];
  /** The embedded demo's sub-centres while the demo runs; [] otherwise. */
  demo(): readonly FeedEndpoint[];
  /** Makes the feed follow the saved endpoints now; in demo mode, with a saved endpoint, leaves the demo. */
  apply(actor: unknown): Promise<void>;
  consoleId(): string;
}

export interface EndpointMethodDeps {
  store: Store;
  now: () => number;
  live: (method: string) => void;
  feed: { links(): LinkState[] };
  endpoints?: EndpointPort | undefined;
  /** For tests: how long each step of a connection test may take. Default 5,000 ms. */
  testTimeoutMs?: number;
}

type EndpointMethods = Pick<ConsoleApi, 'listEndpoints' | 'saveEndpoint' | 'removeEndpoint' | 'testEndpoint' | 'listManagedAccounts' | 'updateAccount' | 'setAccountPassword'>;

const SubcentreId = z.string().regex(/^\d{6,12}$/, 'must be a street code of 6 to 12 digits, e.g. 370102012');
/** http(s) only, no user:password@ in it (credentials belong in the token, which is kept out of logs). */
const EndpointUrl = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(1000)
  .superRefine((value, ctx) => {
    let u: URL;
    try {
      u = new URL(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be an http:// or https:// URL, e.g. http://10.1.12.5:7312' });
      return;
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') ctx.addIssue({ code: 'custom', message: 'must start with http:// or https://' });
    else if (!u.hostname) ctx.addIssue({ code: 'custom', message: 'must name a host' });
    else if (u.username || u.password) ctx.addIssue({ code: 'custom', message: 'must not contain a user name or password (put the secret in the token)' });
    else if (u.search || u.hash) ctx.addIssue({ code: 'custom', message: 'must not have a query or fragment' });
  });
const Token = z.string().min(1, 'must not be empty').max(1000).refine((t) => t.trim() === t, 'must not start or end with spaces');

const SaveSchema = z.strictObject({
  subcentreId: SubcentreId,
  name: z.string().trim().max(100).optional(),
  url: EndpointUrl,
  token: Token.optional(),
  enabled: z.boolean(),
});
const RemoveSchema = z.strictObject({ subcentreId: SubcentreId });
const TestSchema = z.strictObject({ subcentreId: SubcentreId.optional(), url: EndpointUrl.optional(), token: Token.optional() });
const UpdateAccountSchema = z.strictObject({ accountId: z.string().min(1).max(100), displayName: z.string().trim().min(1).max(100).optional(), disabled: z.boolean().optional() });
const PasswordSchema = z.strictObject({
  accountId: z.string().min(1).max(100),
  password: z.string().min(MIN_PASSWORD_LENGTH, `must have at least ${MIN_PASSWORD_LENGTH} characters`).max(256),
});

function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}

function parse<T>(method: string, schema: z.ZodType<T>, param: unknown): T {
  const r = schema.safeParse(param ?? {});
  if (!r.success) throw new BadRequestError(`${method}: ${describeZodError(r.error)}`);
  return r.data;
}

/** A session whose account was disabled (or removed) since it signed in is signed out here and now. */
function dropDisabledSession(store: Store, method: string): void {
  const caller = currentCaller();
  if (caller?.account && !getAccount(store, caller.account.accountId)) {
    caller.account = null;
    throw new UnauthorizedError(`${method}: this account has been disabled; sign in with another`);
  }
}

/** Only an admin manages accounts; returns the audit actor (in-process callers act as the console). */
function requireAccountAdmin(store: Store, method: string): unknown {
  dropDisabledSession(store, method);
  const caller = currentCaller();
  if (!caller) return { id: 'console', name: 'console', role: 'system' };
  if (!caller.account) throw new UnauthorizedError(`${method}: sign in first`);
  if (!canManageAccounts(caller.account.role)) throw new ForbiddenError(`${method}: only an admin may manage accounts`);
  return auditActor(caller.account);
}

export function createEndpointMethods(deps: EndpointMethodDeps): EndpointMethods {
  const { store, now, live } = deps;
  const settingsActor = (method: string): unknown => {
    dropDisabledSession(store, method);
    return requireSettingsActor(method);
  };
  const port = deps.endpoints;

  const list = (): EndpointList => {
    const links = new Map(deps.feed.links().map((l) => [l.subcentreId, l]));
    const out: EndpointView[] = [];
    const seen = new Set<string>();
    const add = (e: FeedEndpoint, origin: EndpointView['origin'], updatedAt: number | null): void => {
      if (seen.has(e.id)) return;
      seen.add(e.id);
      out.push({ subcentreId: e.id, name: e.name ?? null, url: e.url, enabled: e.enabled !== false, tokenSet: e.token.length > 0, origin, link: links.get(e.id) ?? null, updatedAt });
    };
    for (const e of port?.fixed() ?? []) add(e, 'config-file', null);
    for (const e of listStoredEndpoints(store)) add({ id: e.id, name: e.name ?? undefined, url: e.url, token: e.token, enabled: e.enabled }, 'app', e.updatedAt);
    for (const e of port?.demo() ?? []) add(e, 'demo', null);
    return { endpoints: out, demo: (port?.demo().length ?? 0) > 0, canEdit: callerMayChangeSettings() };
  };

  const requirePort = (method: string): EndpointPort => {
    if (!port) throw new BadRequestError(`${method}: this console cannot change its sub-centres while running`);
    return port;
  };
  const refuseFixed = (method: string, id: string): void => {
    if (port?.fixed().some((e) => e.id === id)) throw new ForbiddenError(`${method}: sub-centre ${id} is set by the console's config file and can only be changed there`);
  };

  return {
    async listEndpoints(param?: unknown) {
      parseNoParam('listEndpoints', param);
      live('listEndpoints');
      return list();
    },
    async saveEndpoint(param) {
      const q = parse('saveEndpoint', SaveSchema, param);
      live('saveEndpoint');
      const actor = settingsActor('saveEndpoint');
      const p = requirePort('saveEndpoint');
      refuseFixed('saveEndpoint', q.subcentreId);
      const before = getStoredEndpoint(store, q.subcentreId);
      if (!q.token && !before) throw new BadRequestError('saveEndpoint: token: a new sub-centre needs its token');
      // The kept token only ever goes where it went before: a new address needs the token typed again.
      if (!q.token && before && !sameOrigin(before.url, q.url)) throw new BadRequestError('saveEndpoint: token: the address changed; type the token again');
      try {
        saveStoredEndpoint(store, { id: q.subcentreId, name: q.name ? q.name : null, url: q.url, ...(q.token ? { token: q.token } : {}), enabled: q.enabled }, { actor, at: now() });
      } catch (err) {
        throw new BadRequestError(`saveEndpoint: ${(err as Error).message}`);
      }
      await p.apply(actor);
      return list();
    },
    async removeEndpoint(param) {
      const q = parse('removeEndpoint', RemoveSchema, param);
      live('removeEndpoint');
      const actor = settingsActor('removeEndpoint');
      const p = requirePort('removeEndpoint');
      refuseFixed('removeEndpoint', q.subcentreId);
      if (!removeStoredEndpoint(store, q.subcentreId, { actor, at: now() })) throw new BadRequestError(`removeEndpoint: no sub-centre ${q.subcentreId} was saved in the app`);
      await p.apply(actor);
      return list();
    },
    async testEndpoint(param) {
      const q = parse('testEndpoint', TestSchema, param);
      live('testEndpoint');
      // Outbound connections from the host on request: only for those who may change the endpoints.
      settingsActor('testEndpoint');
      const known = (id: string): FeedEndpoint | null => {
        const fixed = port?.fixed().find((e) => e.id === id) ?? port?.demo().find((e) => e.id === id);
        if (fixed) return fixed;
        const saved = getStoredEndpoint(store, id);
        return saved ? { id: saved.id, url: saved.url, token: saved.token } : null;
      };
      let url = q.url;
      let token = q.token;
      if (!url || !token) {
        if (!q.subcentreId) throw new BadRequestError('testEndpoint: give url and token, or the subcentreId of a saved sub-centre');
        const e = known(q.subcentreId);
        if (!e) throw new BadRequestError(`testEndpoint: token: sub-centre ${q.subcentreId} has no saved token; type the token to test`);
        if (url && !sameOrigin(url, e.url)) throw new BadRequestError('testEndpoint: token: the address differs from the saved one; type the token to test it');
        url ??= e.url;
        token ??= e.token;
      }
      return testEndpoint({
        url,
        token,
        consoleId: port?.consoleId() ?? 'superbrain-console',
        ...(q.subcentreId ? { expectedSubcentreId: q.subcentreId } : {}),
        ...(deps.testTimeoutMs !== undefined ? { timeoutMs: deps.testTimeoutMs } : {}),
      });
    },
    async listManagedAccounts(param?: unknown) {
      parseNoParam('listManagedAccounts', param);
      live('listManagedAccounts');
      requireAccountAdmin(store, 'listManagedAccounts');
      return listManagedAccounts(store);
    },
    async updateAccount(param) {
      const q = parse('updateAccount', UpdateAccountSchema, param);
      live('updateAccount');
      const actor = requireAccountAdmin(store, 'updateAccount');
      try {
        return updateManagedAccount(store, { accountId: q.accountId, ...(q.displayName !== undefined ? { displayName: q.displayName } : {}), ...(q.disabled !== undefined ? { disabled: q.disabled } : {}) }, { actor, at: now() });
      } catch (err) {
        if (err instanceof AccountAdminError) throw new BadRequestError(`updateAccount: ${err.message}`);
        throw err;
      }
    },
    async setAccountPassword(param) {
      const q = parse('setAccountPassword', PasswordSchema, param);
      live('setAccountPassword');
      const actor = requireAccountAdmin(store, 'setAccountPassword');
      try {
        return await setManagedAccountPassword(store, q.accountId, q.password, { actor, at: now() });
      } catch (err) {
        if (err instanceof AccountAdminError) throw new BadRequestError(`setAccountPassword: ${err.message}`);
        throw err;
      }
    },
  };
}
