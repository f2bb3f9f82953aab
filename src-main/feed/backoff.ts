// Reconnection delays: exponential backoff with full jitter (a random delay between 0 and the capped
// exponential), so that 13 links dropped by one network blip do not all knock again at the same instant.
export interface BackoffOptions {
  /** First ceiling. Default 500 ms. */
  baseMs?: number;
  /** Highest ceiling. Default 30,000 ms. */
  maxMs?: number;
  /** Source of randomness in [0, 1). Default Math.random. */
  random?: () => number;
}

export const DEFAULT_BACKOFF = { baseMs: 500, maxMs: 30_000 } as const;

/** The delay before reconnection attempt `attempt` (0 for the first). */
export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
  const base = Math.max(1, options.baseMs ?? DEFAULT_BACKOFF.baseMs);
  const max = Math.max(base, options.maxMs ?? DEFAULT_BACKOFF.maxMs);
  const ceiling = Math.min(max, base * 2 ** Math.min(Math.max(0, attempt), 30));
  const r = (options.random ?? Math.random)();
  return Math.floor(Math.min(Math.max(r, 0), 1) * ceiling);
}
