// The wall's incident filter (time window, category, severity, status, street) as plain data, and what
// it becomes for deck.gl's DataFilterExtension: a filterRange over the report time and filterCategories
// over four category channels. A filter change therefore changes two props (uniforms on the GPU) and never
// the attribute arrays. countPassing does the same test on the CPU, for the test probe and the filter bar.
import { SEVERITY_CODES } from '../../src-shared/api.ts';
import type { EpochMs } from '../../src-shared/api.ts';
import type { Severity } from '../../src-shared/sfp/schemas.ts';
import { STATUS_CLASS_CLOSED, STATUS_CLASS_OPEN, UNKNOWN_CODE } from './incident-buffer.ts';
import type { IncidentBuffer } from './incident-buffer.ts';

export const TIME_WINDOWS = ['1h', '24h', '7d', 'all'] as const;
export type TimeWindow = (typeof TIME_WINDOWS)[number];
export const STATUS_FILTERS = ['open', 'closed', 'all'] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number];

export interface MapFilter {
  window: TimeWindow;
  /** Category major name, null for all. */
  category: string | null;
  severity: Severity | null;
  status: StatusFilter;
  /** Street (sub-centre) id, null for all. */
  street: string | null;
}

/** What the wall shows before anyone touches the filter bar: every open incident. */
export const DEFAULT_FILTER: MapFilter = { window: 'all', category: null, severity: null, status: 'open', street: null };

const WINDOW_MS: Record<TimeWindow, number> = { '1h': 3_600_000, '24h': 86_400_000, '7d': 7 * 86_400_000, all: Number.POSITIVE_INFINITY };

/** The props DataFilterExtension({ filterSize: 1, categorySize: 4 }) reads. */
export interface DeckFilterProps {
  filterEnabled: true;
  filterRange: [number, number];
  /** [category, severity, status class, street] codes, as in IncidentBuffer.filterCategories. */
  filterCategories: [number[], number[], number[], number[]];
}

const FAR = 1e10;

function codes(names: readonly string[], wanted: string | null): number[] {
  if (wanted === null) return [...names.keys(), UNKNOWN_CODE];
  const code = names.indexOf(wanted);
  return code < 0 ? [] : [code];
}

/** The filter as deck.gl props; `now` is host time (the window's end). */
export function deckFilterProps(filter: MapFilter, buf: Pick<IncidentBuffer, 'timeBase' | 'categoryNames' | 'streetIds'>, now: EpochMs): DeckFilterProps {
  const span = WINDOW_MS[filter.window];
  const from = Number.isFinite(span) ? (now - span - buf.timeBase) / 1000 : -FAR;
  const severity = filter.severity === null ? [0, 1, 2] : [SEVERITY_CODES.indexOf(filter.severity)].filter((c) => c >= 0);
  const status = filter.status === 'open' ? [STATUS_CLASS_OPEN] : filter.status === 'closed' ? [STATUS_CLASS_CLOSED] : [STATUS_CLASS_OPEN, STATUS_CLASS_CLOSED];
  return {
    filterEnabled: true,
    filterRange: [from, FAR],
    filterCategories: [codes(buf.categoryNames, filter.category), severity, status, codes(buf.streetIds, filter.street)],
  };
}

/**
 * What deck.gl's DataFilterExtension({ filterSize: 4 }) is given: a range per channel over [report time,
 * category, severity, street] (the status is not a channel: open and closed incidents are separate layers).
 *
 * Ranges, not the extension's category sets: it re-maps every category value of a layer whenever the layer's
 * data changes at all, so one live incident would re-upload a million rows' categories; its numeric ranges
 * are plain attributes that deck.gl updates row by row. The filter bar chooses one value or all for each
 * channel, and codes are small integers, so [min, max] of the allowed codes is the same set (an empty list
 * becomes [1, 0], which nothing passes).
 */
export interface GpuFilterProps {
  filterEnabled: true;
  filterRange: [[number, number], [number, number], [number, number], [number, number]];
}

/** The value a row gets on the time channel when the layer must never draw it (hidden, or another status). */
export const NEVER = -1e12;

const gpuCache = new WeakMap<DeckFilterProps, GpuFilterProps>();
export function gpuFilterProps(props: DeckFilterProps): GpuFilterProps {
  let gpu = gpuCache.get(props);
  if (!gpu) {
    const range = (list: readonly number[]): [number, number] => (list.length === 0 ? [1, 0] : [Math.min(...list), Math.max(...list)]);
    const [category, severity, , street] = props.filterCategories;
    gpu = { filterEnabled: true, filterRange: [props.filterRange, range(category), range(severity), range(street)] };
    gpuCache.set(props, gpu);
  }
  return gpu;
}

/**
 * The GPU's test on the CPU, slot by slot; `ignoreStatus` leaves the status channel out (the grid measures
 * say themselves whether they count open or overdue incidents).
 */
export function slotFilter(buf: Pick<IncidentBuffer, 'filterCategories' | 'filterTime'>, props: DeckFilterProps, ignoreStatus = false): (slot: number) => boolean {
  const [cat, sev, status, street] = props.filterCategories.map((list, channel) => {
    const allowed = new Uint8Array(256);
    if (ignoreStatus && channel === 2) allowed.fill(1);
    for (const c of list) allowed[c] = 1;
    return allowed;
  }) as [Uint8Array, Uint8Array, Uint8Array, Uint8Array];
  const [lo, hi] = props.filterRange;
  const fc = buf.filterCategories;
  const ft = buf.filterTime;
  return (i) => {
    const t = ft[i]!;
    const o = i * 4;
    return t >= lo && t <= hi && cat[fc[o]!] === 1 && sev[fc[o + 1]!] === 1 && status[fc[o + 2]!] === 1 && street[fc[o + 3]!] === 1;
  };
}

/** How many slots pass the filter (the GPU's test, on the CPU): for the probe and the filter bar only. */
export function countPassing(buf: IncidentBuffer, props: DeckFilterProps): number {
  const passes = slotFilter(buf, props);
  let n = 0;
  for (let i = 0; i < buf.length; i++) if (passes(i)) n++;
  return n;
}

/** Reads a stored filter back, keeping only what is valid (localStorage is not trusted). */
export function parseFilter(raw: unknown): MapFilter {
  const v = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const str = (x: unknown) => (typeof x === 'string' && x.length > 0 && x.length < 100 ? x : null);
  return {
    window: TIME_WINDOWS.includes(v.window as TimeWindow) ? (v.window as TimeWindow) : DEFAULT_FILTER.window,
    category: str(v.category),
    severity: SEVERITY_CODES.includes(v.severity as Severity) ? (v.severity as Severity) : null,
    status: STATUS_FILTERS.includes(v.status as StatusFilter) ? (v.status as StatusFilter) : DEFAULT_FILTER.status,
    street: str(v.street),
  };
}
