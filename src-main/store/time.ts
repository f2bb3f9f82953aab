// Time helpers of the cache. The district's day is the Asia/Shanghai calendar day: a fixed +08:00
// offset (China has no daylight saving), so plain arithmetic is exact.
import type { EpochMs } from '../../src-shared/api.ts';

const OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Epoch ms of an ISO time with offset (already validated), or null when absent/unreadable. */
export function isoToMs(iso: string | undefined | null): EpochMs | null {
  if (iso === undefined || iso === null) return null;
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? ms : null;
}

/** Local midnight (Asia/Shanghai) of the day holding `ms`. */
export function shanghaiDayStart(ms: EpochMs): EpochMs {
  return Math.floor((ms + OFFSET_MS) / DAY_MS) * DAY_MS - OFFSET_MS;
}

/** "2026-11-23T08:05:00.000+08:00": the SFP/1 time format, in Shanghai time. */
export function formatShanghaiIso(ms: EpochMs): string {
  if (!Number.isFinite(ms)) throw new RangeError(`not a time: ${String(ms)}`);
  return new Date(ms + OFFSET_MS).toISOString().replace('Z', '+08:00');
}
