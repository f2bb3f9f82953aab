// The organisational-strength index (组织力指数): pure computation over plain data.
//
// Rules (resources/index-model/README.md says the same for users):
// - A unit is scored for a month when it has an indicators.report for that month ("reported unit",
//   normally a grid branch). Its raw values come from the report (`reported:key`, or `reported:a/b`
//   for a ratio) and from live work in its grid (`derived:name`, see deriveIndicators).
// - Each value is normalised to 0..1 (`target`: linear from floor to target, clamped; `minmax`: over
//   every reported unit of the district in that month). An indicator with no value (not reported,
//   no incidents to derive it from) is left out and the weights of the others are scaled up to 100.
// - contribution = 100 × weight / (sum of the weights present) × normalised, rounded to 0.01 point;
//   the score IS the sum of the contributions, so a breakdown always adds up exactly to its score.
// - A unit without its own report (community, street, district, or a branch that did not report)
//   aggregates its scored children, weighted by their members (a unit whose member count is unknown
//   or 0 weighs 1): each contribution is the members-weighted mean of the children's contributions,
//   rounded to 0.01, and the score is again their sum. A unit that reports is scored on its own
//   report; its children (building groups) do not change it.
// - Grades: the first grade of the model whose `min` the score reaches. Red and black lists: the
//   best and worst N of one level in one month.
import type { IndexModel } from './index-model.ts';

/** Counts from a grid's incidents closed, and video alerts decided, in one month. */
export interface GridWorkFacts {
  closed: number;
  /** Closed no later than their time limit (dueAt); one without a time limit counts as on time. */
  closedOnTime: number;
  /** Closed while still at level "grid" (never escalated out of the grid). */
  closedInGrid: number;
  satisfactionSum: number;
  satisfactionCount: number;
  alertsConfirmed: number;
  alertsDismissed: number;
}

export const EMPTY_WORK: GridWorkFacts = Object.freeze({
  closed: 0,
  closedOnTime: 0,
  closedInGrid: 0,
  satisfactionSum: 0,
  satisfactionCount: 0,
  alertsConfirmed: 0,
  alertsDismissed: 0,
});

/** The derived indicators of one grid and month; an indicator with nothing to derive it from is absent. */
export function deriveIndicators(f: GridWorkFacts): Record<string, number> {
  const out: Record<string, number> = {};
  if (f.closed > 0) {
    out.closed_on_time_share = f.closedOnTime / f.closed;
    out.handled_in_grid_share = f.closedInGrid / f.closed;
  }
  if (f.satisfactionCount > 0) out.satisfaction_avg = f.satisfactionSum / f.satisfactionCount;
  const decided = f.alertsConfirmed + f.alertsDismissed;
  if (decided > 0) out.video_confirmed_share = f.alertsConfirmed / decided;
  return out;
}

export interface OrgNode {
  orgId: string;
  kind: string;
  name: string;
  parentId: string | null;
  gridId: string | null;
  members: number | null;
}

/** The inputs of one reported unit for one month. */
export interface UnitInput {
  reported: Record<string, number>;
  /** Work in the unit's grid that month (absent: no derived indicator). */
  work?: GridWorkFacts | undefined;
}

/** One score with the breakdown that explains it. Points are in hundredths (integers), so sums are exact. */
export interface UnitScore {
  orgId: string;
  /** Sum of `contributions`, in hundredths of a point (0..10000). */
  scoreCenti: number;
  stars: number;
  /** True when aggregated from children rather than computed from the unit's own report. */
  aggregated: boolean;
  /** Members weight used when aggregating this unit into its parent. */
  weight: number;
  /** Reported units that went into this score (1 for a reported unit). */
  units: number;
  /** Per model indicator: the points it earned, in hundredths. */
  contributions: number[];
  /** Per model indicator: the points it could have earned, in hundredths (0 when it had no value). */
  available: number[];
  /** Per model indicator, reported units only: the raw value and its normalised value (null: none). */
  values: Array<number | null>;
  normalised: Array<number | null>;
}

export function scoreOf(s: Pick<UnitScore, 'scoreCenti'>): number {
  return s.scoreCenti / 100;
}

export function starsFor(model: IndexModel, score: number): number {
  for (const g of model.grades) if (score >= g.min) return g.stars;
  return model.grades[model.grades.length - 1]?.stars ?? 1;
}

/** The raw value of every model indicator for one unit (null where it has none). */
export function rawIndicatorValues(model: IndexModel, input: UnitInput): Array<number | null> {
  const derived = input.work ? deriveIndicators(input.work) : {};
  return model.indicators.map((ind) => {
    const src = ind.source;
    if (src.kind === 'derived') return derived[src.name] ?? null;
    const v = input.reported[src.key];
    if (v === undefined || !Number.isFinite(v)) return null;
    if (src.per === undefined) return v;
    const d = input.reported[src.per];
    return d === undefined || !Number.isFinite(d) || d === 0 ? null : v / d;
  });
}

export interface Ranges {
  min: number[];
  max: number[];
}

/** Min and max of each min-max indicator over the given units (NaN where none has a value, and for the others). */
export function computeRanges(model: IndexModel, raws: Iterable<Array<number | null>>): Ranges {
  const n = model.indicators.length;
  const min = new Array<number>(n).fill(Number.NaN);
  const max = new Array<number>(n).fill(Number.NaN);
  const minmax = model.indicators.flatMap((ind, i) => (ind.normalisation.method === 'minmax' ? [i] : []));
  for (const raw of raws) {
    for (const i of minmax) {
      const v = raw[i];
      if (v === null || v === undefined) continue;
      if (!(v >= min[i]!)) min[i] = v;
      if (!(v <= max[i]!)) max[i] = v;
    }
  }
  return { min, max };
}

export function sameRanges(a: Ranges, b: Ranges): boolean {
  for (let i = 0; i < a.min.length; i++) {
    if (!Object.is(a.min[i], b.min[i]) || !Object.is(a.max[i], b.max[i])) return false;
  }
  return true;
}

export function normalise(model: IndexModel, i: number, v: number, ranges: Ranges): number {
  const ind = model.indicators[i]!;
  const n = ind.normalisation;
  let x: number;
  if (n.method === 'target') {
    x = (v - n.floor) / (n.target - n.floor);
  } else {
    const lo = ranges.min[i]!;
    const hi = ranges.max[i]!;
    // Everyone equal: nobody is behind.
    if (!(hi > lo)) return 1;
    x = (v - lo) / (hi - lo);
    if (ind.direction === 'lower') x = 1 - x;
  }
  return Math.min(1, Math.max(0, x));
}

/** The score of one reported unit from its raw values and the month's ranges. */
export function scoreReportedUnit(model: IndexModel, orgId: string, raw: Array<number | null>, ranges: Ranges, weight: number): UnitScore | null {
  const n = model.indicators.length;
  let present = 0;
  for (let i = 0; i < n; i++) if (raw[i] !== null) present += model.indicators[i]!.weight;
  if (present <= 0) return null;
  const contributions = new Array<number>(n).fill(0);
  const available = new Array<number>(n).fill(0);
  const normalised = new Array<number | null>(n).fill(null);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const v = raw[i];
    if (v === null || v === undefined) continue;
    const share = (10_000 * model.indicators[i]!.weight) / present; // hundredths of a point
    const x = normalise(model, i, v, ranges);
    normalised[i] = x;
    available[i] = Math.round(share);
    contributions[i] = Math.round(share * x);
    total += contributions[i]!;
  }
  return { orgId, scoreCenti: total, stars: starsFor(model, total / 100), aggregated: false, weight, units: 1, contributions, available, values: raw.slice(), normalised };
}

/** The members-weighted aggregate of children's scores (null when no child is scored). */
export function aggregateScores(model: IndexModel, orgId: string, children: readonly UnitScore[], weight: number): UnitScore | null {
  if (children.length === 0) return null;
  const n = model.indicators.length;
  let wsum = 0;
  let units = 0;
  const c = new Array<number>(n).fill(0);
  const a = new Array<number>(n).fill(0);
  for (const ch of children) {
    wsum += ch.weight;
    units += ch.units;
    for (let i = 0; i < n; i++) {
      c[i]! += ch.weight * ch.contributions[i]!;
      a[i]! += ch.weight * ch.available[i]!;
    }
  }
  let total = 0;
  for (let i = 0; i < n; i++) {
    c[i] = Math.round(c[i]! / wsum);
    a[i] = Math.round(a[i]! / wsum);
    total += c[i]!;
  }
  return {
    orgId,
    scoreCenti: total,
    stars: starsFor(model, total / 100),
    aggregated: true,
    weight,
    units,
    contributions: c,
    available: a,
    values: new Array<number | null>(n).fill(null),
    normalised: new Array<number | null>(n).fill(null),
  };
}

/** Points per dimension, 0..100 each (the radar chart): earned / available within the dimension. */
export function dimensionScores(model: IndexModel, s: Pick<UnitScore, 'contributions' | 'available'>): Array<{ id: string; score: number | null }> {
  return model.dimensions.map((d) => {
    let got = 0;
    let could = 0;
    model.indicators.forEach((ind, i) => {
      if (ind.dimension !== d.id) return;
      got += s.contributions[i]!;
      could += s.available[i]!;
    });
    return { id: d.id, score: could > 0 ? Math.round((10_000 * got) / could) / 100 : null };
  });
}

// ---------------------------------------------------------------- the tree

export class OrgTree {
  readonly nodes = new Map<string, OrgNode>();
  readonly children = new Map<string, string[]>();
  /** Every org, children before parents (the order to aggregate in). */
  readonly bottomUp: string[];

  constructor(orgs: readonly OrgNode[]) {
    for (const o of orgs) this.nodes.set(o.orgId, o);
    for (const o of orgs) {
      if (o.parentId && this.nodes.has(o.parentId)) {
        let list = this.children.get(o.parentId);
        if (!list) this.children.set(o.parentId, (list = []));
        list.push(o.orgId);
      }
    }
    const depth = new Map<string, number>();
    const depthOf = (id: string): number => {
      const known = depth.get(id);
      if (known !== undefined) return known;
      depth.set(id, 0); // guards against a cycle in bad data
      const p = this.nodes.get(id)?.parentId;
      const d = p && this.nodes.has(p) ? depthOf(p) + 1 : 0;
      depth.set(id, d);
      return d;
    };
    this.bottomUp = [...this.nodes.keys()].sort((x, y) => depthOf(y) - depthOf(x));
  }

  /** The org's ancestors, nearest first. */
  ancestors(orgId: string): string[] {
    const out: string[] = [];
    const seen = new Set([orgId]);
    let p = this.nodes.get(orgId)?.parentId ?? null;
    while (p && this.nodes.has(p) && !seen.has(p)) {
      out.push(p);
      seen.add(p);
      p = this.nodes.get(p)!.parentId;
    }
    return out;
  }

  weightOf(orgId: string): number {
    const m = this.nodes.get(orgId)?.members;
    return m && m > 0 ? m : 1;
  }
}

/** The id under which the whole district's score is kept (parent of every root of the tree). */
export const DISTRICT_ORG_ID = '@district';

/**
 * The scores of one month, kept up to date unit by unit. setUnit() re-scores one unit and its
 * ancestors only, unless the change moved a min-max range (then the whole month is re-scored,
 * because every unit's normalised value depends on the range).
 */
export class PeriodScores {
  readonly raws = new Map<string, Array<number | null>>();
  readonly scores = new Map<string, UnitScore>();
  private ranges: Ranges;

  constructor(
    readonly model: IndexModel,
    readonly tree: OrgTree,
    readonly period: string,
  ) {
    this.ranges = computeRanges(model, []);
  }

  /** Replaces every unit's input and scores everything. Returns the ids scored. */
  setAll(inputs: ReadonlyMap<string, UnitInput>): Set<string> {
    this.raws.clear();
    for (const [orgId, input] of inputs) this.raws.set(orgId, rawIndicatorValues(this.model, input));
    return this.rescoreAll();
  }

  /** Sets (or, with null, removes) one unit's input. Returns the ids whose score may have changed. */
  setUnit(orgId: string, input: UnitInput | null): Set<string> {
    return this.setUnits(new Map([[orgId, input]]));
  }

  /** Sets several units' inputs at once; re-scores them and their ancestors (or all, if a range moved). */
  setUnits(inputs: ReadonlyMap<string, UnitInput | null>): Set<string> {
    for (const [orgId, input] of inputs) {
      if (input) this.raws.set(orgId, rawIndicatorValues(this.model, input));
      else this.raws.delete(orgId);
    }
    const ranges = computeRanges(this.model, this.raws.values());
    if (!sameRanges(ranges, this.ranges)) return this.rescoreAll();
    const changed = new Set<string>();
    for (const orgId of inputs.keys()) {
      changed.add(orgId);
      for (const a of this.tree.ancestors(orgId)) changed.add(a);
    }
    // Children before parents, then units outside the tree, then the district.
    for (const id of this.tree.bottomUp) if (changed.has(id)) this.aggregateInto(id);
    for (const id of inputs.keys()) if (!this.tree.nodes.has(id)) this.aggregateInto(id);
    this.aggregateInto(DISTRICT_ORG_ID);
    changed.add(DISTRICT_ORG_ID);
    return changed;
  }

  rescoreAll(): Set<string> {
    this.ranges = computeRanges(this.model, this.raws.values());
    const changed = new Set(this.scores.keys());
    this.scores.clear();
    for (const orgId of this.tree.bottomUp) this.aggregateInto(orgId);
    // Reported units that are not in the tree still count for the district.
    for (const orgId of this.raws.keys()) {
      if (!this.tree.nodes.has(orgId)) {
        const own = this.scoreOwn(orgId);
        if (own) this.scores.set(orgId, own);
      }
    }
    this.aggregateInto(DISTRICT_ORG_ID);
    for (const id of this.scores.keys()) changed.add(id);
    return changed;
  }

  private scoreOwn(orgId: string): UnitScore | null {
    const raw = this.raws.get(orgId);
    return raw ? scoreReportedUnit(this.model, orgId, raw, this.ranges, this.tree.weightOf(orgId)) : null;
  }

  /** Scores one unit from its own report, else from its scored children. */
  private aggregateInto(orgId: string): void {
    if (this.raws.has(orgId)) {
      const own = this.scoreOwn(orgId);
      if (own) this.scores.set(orgId, own);
      else this.scores.delete(orgId);
      return;
    }
    const childIds =
      orgId === DISTRICT_ORG_ID
        ? [...this.tree.nodes.values()].filter((o) => !o.parentId || !this.tree.nodes.has(o.parentId)).map((o) => o.orgId).concat([...this.raws.keys()].filter((id) => !this.tree.nodes.has(id)))
        : (this.tree.children.get(orgId) ?? []);
    const kids: UnitScore[] = [];
    for (const c of childIds) {
      const s = this.scores.get(c);
      if (s) kids.push(s);
    }
    const agg = aggregateScores(this.model, orgId, kids, orgId === DISTRICT_ORG_ID ? 1 : this.tree.weightOf(orgId));
    if (agg) this.scores.set(orgId, agg);
    else this.scores.delete(orgId);
  }
}

// ---------------------------------------------------------------- ranking

export interface RankedUnit {
  orgId: string;
  scoreCenti: number;
  rank: number;
}

/** Rank units best first (ties share a rank); red = best N, black = worst N, never overlapping. */
export function rankUnits(scores: ReadonlyArray<{ orgId: string; scoreCenti: number }>, listSize: number): { ranked: RankedUnit[]; red: string[]; black: string[] } {
  const sorted = [...scores].sort((a, b) => b.scoreCenti - a.scoreCenti || a.orgId.localeCompare(b.orgId));
  const ranked: RankedUnit[] = [];
  sorted.forEach((s, k) => {
    const prev = ranked[k - 1];
    ranked.push({ orgId: s.orgId, scoreCenti: s.scoreCenti, rank: prev && prev.scoreCenti === s.scoreCenti ? prev.rank : k + 1 });
  });
  const n = Math.min(listSize, Math.floor(sorted.length / 2));
  return { ranked, red: sorted.slice(0, n).map((s) => s.orgId), black: sorted.slice(sorted.length - n).reverse().map((s) => s.orgId) };
}

// ---------------------------------------------------------------- periods

/** "2026-11" ↔ months since year 0. */
export function periodIndex(period: string): number {
  const y = Number(period.slice(0, 4));
  const m = Number(period.slice(5, 7));
  return y * 12 + m - 1;
}

export function periodFromIndex(index: number): string {
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

export function shiftPeriod(period: string, months: number): string {
  return periodFromIndex(periodIndex(period) + months);
}

/** The Shanghai calendar month of an instant. */
export function shanghaiPeriodOf(ms: number): string {
  const d = new Date(ms + 8 * 3_600_000);
  return `${String(d.getUTCFullYear()).padStart(4, '0')}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** Start and end (exclusive) of a Shanghai calendar month, epoch ms. */
export function shanghaiPeriodRange(period: string): [number, number] {
  const i = periodIndex(period);
  const start = Date.UTC(Math.floor(i / 12), i % 12, 1) - 8 * 3_600_000;
  const end = Date.UTC(Math.floor((i + 1) / 12), (i + 1) % 12, 1) - 8 * 3_600_000;
  return [start, end];
}
