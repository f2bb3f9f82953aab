// How often things happen: a day/night rhythm (quiet 0–6 h, peaks 9–11 h and 14–17 h, Shanghai time)
// and Poisson arrivals with a piecewise-constant rate (exact: the process is memoryless, so a draw
// that crosses an hour boundary is simply restarted there).
import type { Random } from './random.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const SHANGHAI_OFFSET_MS = 8 * HOUR_MS;

// Relative activity per hour of the day (0 = midnight–1 am).
const RAW_PROFILE = [0.25, 0.18, 0.15, 0.15, 0.18, 0.3, 0.6, 1.0, 1.4, 1.9, 2.0, 1.9, 1.3, 1.2, 1.7, 1.8, 1.8, 1.7, 1.3, 1.1, 0.9, 0.7, 0.5, 0.35];
const RAW_MEAN = RAW_PROFILE.reduce((a, b) => a + b, 0) / 24;

/** Activity per hour of the day, mean 1 over a day. */
export const HOURLY_PROFILE: readonly number[] = RAW_PROFILE.map((x) => x / RAW_MEAN);

export interface BurstOptions {
  /** Demo minutes after the scenario starts. */
  startInMinutes: number;
  durationMinutes: number;
  /** Multiplies the incident rate (e.g. 20 for a storm). */
  factor: number;
}

/** A burst as an absolute window on the demo clock. */
export interface BurstWindow {
  fromMs: number;
  toMs: number;
  factor: number;
}

export function burstWindow(burst: BurstOptions | undefined, scenarioStartMs: number): BurstWindow | undefined {
  if (!burst) return undefined;
  const { startInMinutes, durationMinutes, factor } = burst;
  if (![startInMinutes, durationMinutes, factor].every(Number.isFinite) || durationMinutes <= 0 || factor < 0) {
    throw new RangeError('burst needs finite startInMinutes, durationMinutes > 0 and factor >= 0');
  }
  const fromMs = scenarioStartMs + startInMinutes * 60_000;
  return { fromMs, toMs: fromMs + durationMinutes * 60_000, factor };
}

export function shanghaiHour(ms: number): number {
  return Math.floor((((ms + SHANGHAI_OFFSET_MS) % DAY_MS) + DAY_MS) % DAY_MS / HOUR_MS);
}

/** Minutes since local (Shanghai) midnight. */
export function shanghaiMinuteOfDay(ms: number): number {
  return Math.floor((((ms + SHANGHAI_OFFSET_MS) % DAY_MS) + DAY_MS) % DAY_MS / 60_000);
}

/** The next local midnight strictly after `ms`. */
export function nextShanghaiMidnight(ms: number): number {
  const local = ms + SHANGHAI_OFFSET_MS;
  return Math.floor(local / DAY_MS) * DAY_MS + DAY_MS - SHANGHAI_OFFSET_MS;
}

export interface RateModel {
  /** Events per day at an average hour, outside bursts. */
  perDay: number;
  /** 1 = the full day/night rhythm, 0 = flat. */
  rhythm: number;
  burst?: BurstWindow | undefined;
}

/** Events per millisecond at `ms`. */
export function rateAt(model: RateModel, ms: number): number {
  const profile = 1 - model.rhythm + model.rhythm * HOURLY_PROFILE[shanghaiHour(ms)]!;
  const b = model.burst;
  const factor = b && ms >= b.fromMs && ms < b.toMs ? b.factor : 1;
  return (model.perDay / DAY_MS) * profile * factor;
}

/** The next instant after `ms` at which the rate may change. */
function nextBoundary(model: RateModel, ms: number): number {
  let next = (Math.floor(ms / HOUR_MS) + 1) * HOUR_MS; // Shanghai is a whole-hour offset from UTC
  const b = model.burst;
  if (b) {
    if (b.fromMs > ms && b.fromMs < next) next = b.fromMs;
    if (b.toMs > ms && b.toMs < next) next = b.toMs;
  }
  return next;
}

/** The time of the next arrival after `fromMs`, or Infinity when none comes within `horizonMs`. */
export function nextArrival(rnd: Random, model: RateModel, fromMs: number, horizonMs = 30 * DAY_MS): number {
  let t = fromMs;
  const end = fromMs + horizonMs;
  while (t < end) {
    const rate = rateAt(model, t);
    const boundary = nextBoundary(model, t);
    const wait = rnd.exponential(rate);
    if (t + wait < boundary) return t + wait;
    t = boundary;
  }
  return Number.POSITIVE_INFINITY;
}
