// Times in the district's own zone. China has no daylight saving, so Asia/Shanghai is a fixed
// +08:00 offset and plain arithmetic is exact (and needs no Intl data in the renderer).
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;

function shifted(date: Date): Date {
  const ms = date.getTime();
  if (!Number.isFinite(ms)) throw new RangeError('invalid date');
  return new Date(ms + SHANGHAI_OFFSET_MS);
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** "2026-11-23T08:01:02.123+08:00": the SFP/1 time format (§1), in Shanghai time. */
export function formatShanghaiIso(date: Date): string {
  const d = shifted(date);
  return (
    `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}+08:00`
  );
}

/** "20261123": the Shanghai calendar day, as used in epochs and incident ids. */
export function shanghaiDateKey(date: Date): string {
  const d = shifted(date);
  return `${pad(d.getUTCFullYear(), 4)}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}`;
}
