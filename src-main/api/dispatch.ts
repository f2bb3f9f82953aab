// What both transports do with one request: look the method up in API_METHODS (nothing else on the
// object is callable from outside), call it, and turn any failure into plain { name, message } data.
import { isApiMethod, type ApiError, type ConsoleApi } from '../../src-shared/api.ts';
import { runAsCaller, type CallerSession } from './caller.ts';

export class UnknownMethodError extends Error {
  override name = 'UnknownMethod';
}

/** `session`: the caller's connection (issue 5); the method runs inside it (see caller.ts). */
export async function callApiMethod(api: ConsoleApi, method: unknown, param: unknown, session?: CallerSession): Promise<unknown> {
  if (!isApiMethod(method)) {
    const shown = typeof method === 'string' ? `"${method.slice(0, 100)}"` : typeof method;
    throw new UnknownMethodError(`unknown method ${shown}`);
  }
  const fn = api[method] as (param: unknown) => Promise<unknown>;
  if (session) return await runAsCaller(session, () => fn.call(api, param));
  return await fn.call(api, param);
}

const MAX_MESSAGE = 2_000;

/** Errors cross a process boundary as plain data; a thrown non-Error still becomes a readable message. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof Error) {
    return { name: String(err.name || 'Error').slice(0, 100), message: String(err.message).slice(0, MAX_MESSAGE) };
  }
  return { name: 'Error', message: String(err).slice(0, MAX_MESSAGE) };
}
