// The connection and the signed-in account of a view that acts (operator, settings, imports): connects
// once, asks who we are, and asks again after every reconnection (the host resumes a sign-in on a new
// socket; an account disabled meanwhile comes back signed out).
import { useCallback, useEffect, useState } from 'react';
import { connectConsoleApi, onDidChangeConnection } from '../api/client.ts';
import type { AccountInfo, ConsoleApi } from '../../src-shared/api.ts';

export interface ConsoleSession {
  api: ConsoleApi | null;
  /** Why the host could not be reached, or null. */
  failure: string | null;
  /** undefined until known, null when nobody is signed in. */
  account: AccountInfo | null | undefined;
  /** False on a console with no account yet (the first may be created without signing in). */
  accountsExist: boolean;
  /** After a sign-in, a first account or a sign-out. */
  setAccount(account: AccountInfo | null): void;
}

export function useConsoleSession(): ConsoleSession {
  const [api, setApi] = useState<ConsoleApi | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [account, setAccountState] = useState<AccountInfo | null | undefined>(undefined);
  const [accountsExist, setAccountsExist] = useState(true);

  const refreshWho = useCallback(async (a: ConsoleApi) => {
    const who = await a.whoAmI();
    setAccountState(who.account);
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
    const sub = onDidChangeConnection((status) => {
      if (status.connected) void connectConsoleApi().then((a) => (disposed ? undefined : refreshWho(a))).catch(() => undefined);
    });
    return () => {
      disposed = true;
      sub.dispose();
    };
  }, [refreshWho]);

  const setAccount = useCallback((a: AccountInfo | null) => {
    setAccountState(a);
    if (a) setAccountsExist(true);
  }, []);
  return { api, failure, account, accountsExist, setAccount };
}
