// Briefing periods in the district's own calendar (Asia/Shanghai, fixed +08:00, no daylight saving):
// today, this week (Monday first, as Chinese offices count), this month, or a custom range. Every
// period is a half-open [from, to) of epoch ms; its comparison is the period of equal length just
// before it. Pure: no clock is read here, `now` is passed in.

const OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

export type PeriodKind = 'today' | 'week' | 'month' | 'custom';

export interface BriefingPeriod {
  kind: PeriodKind;
  /** Inclusive start, epoch ms. */
  from: number;
  /** Exclusive end, epoch ms. */
  to: number;
}

/** Local midnight (Asia/Shanghai) of the day holding `ms`. */
export function shanghaiMidnight(ms: number): number {
  return Math.floor((ms + OFFSET_MS) / DAY_MS) * DAY_MS - OFFSET_MS;
}

/** "2026-11-23": the Shanghai calendar day of `ms`. */
export function shanghaiDay(ms: number): string {
  return new Date(ms + OFFSET_MS).toISOString().slice(0, 10);
}

/** Epoch ms of local midnight of a "YYYY-MM-DD" Shanghai day; NaN when it is not a date. */
export function parseShanghaiDay(day: string): number {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return Number.NaN;
  const ms = Date.parse(`${day}T00:00:00.000+08:00`);
  return Number.isFinite(ms) && shanghaiDay(ms) === day ? ms : Number.NaN;
}

/** The period of `kind` holding `now`; for 'custom', `from`/`to` as given (to exclusive). */
export function periodOf(kind: PeriodKind, now: number, custom?: { from: number; to: number }): BriefingPeriod {
  const midnight = shanghaiMidnight(now);
  switch (kind) {
    case 'today':
      return { kind, from: midnight, to: midnight + DAY_MS };
    case 'week': {
      const weekday = (new Date(midnight + OFFSET_MS).getUTCDay() + 6) % 7; // Monday = 0
      const from = midnight - weekday * DAY_MS;
      return { kind, from, to: from + 7 * DAY_MS };
    }
    case 'month': {
      const d = new Date(now + OFFSET_MS);
      const from = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) - OFFSET_MS;
      const to = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) - OFFSET_MS;
      return { kind, from, to };
    }
    case 'custom': {
      if (!custom || !(custom.to > custom.from)) throw new RangeError('a custom period needs from < to');
      return { kind, from: custom.from, to: custom.to };
    }
  }
}

/** The comparison period: equal length, ending where `p` starts. */
export function previousPeriod(p: { from: number; to: number }): { from: number; to: number } {
  const len = p.to - p.from;
  return { from: p.from - len, to: p.from };
}

/** Change of `cur` against `prev` as a fraction (0.25 = +25 %); null when there is nothing to compare with. */
export function relativeChange(cur: number | null, prev: number | null): number | null {
  if (cur === null || prev === null || !Number.isFinite(cur) || !Number.isFinite(prev) || prev === 0) return null;
  return (cur - prev) / Math.abs(prev);
}

/** The Shanghai days a period covers, for a by-day chart with no gaps. */
export function daysOf(p: { from: number; to: number }, maxDays = 400): string[] {
  const days: string[] = [];
  for (let t = shanghaiMidnight(p.from); t < p.to && days.length < maxDays; t += DAY_MS) days.push(shanghaiDay(t));
  return days;
}
