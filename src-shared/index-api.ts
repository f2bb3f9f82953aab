// Issue 6: the strength index (组织力指数) as the ConsoleApi carries it. Scores are points 0..100 with
// two decimals; every breakdown's contributions add up exactly to its score.
import type { IncidentRow } from './api.ts';

/** The levels of the ranking; "district" is the one unit `@district`. */
export type IndexLevel = 'grid-branch' | 'community-committee' | 'street-committee';
export const INDEX_LEVELS: readonly IndexLevel[] = ['grid-branch', 'community-committee', 'street-committee'];
export const DISTRICT_UNIT_ID = '@district';

export interface IndexModelInfo {
  name: string;
  /** The model file in use. */
  file: string;
  period: 'month';
  baselineMonthsBefore: number;
  listSize: number;
  grades: Array<{ stars: number; min: number }>;
  dimensions: Array<{ id: string; name: string; nameEn: string }>;
  indicators: Array<{
    id: string;
    name: string;
    nameEn: string;
    dimension: string;
    source: string;
    direction: 'higher' | 'lower';
    normalisation: { method: 'minmax' } | { method: 'target'; floor: number; target: number };
    weight: number;
  }>;
  totalWeight: number;
  /** Months with scores, oldest first. */
  periods: string[];
}

export interface IndexRankingQuery {
  level: IndexLevel;
  /** "YYYY-MM"; default the newest month with scores. */
  period?: string;
  /** Only units under this org (e.g. a street's branches). */
  withinOrgId?: string;
  /** The month to compare with; default `baselineMonthsBefore` of the model before `period`. */
  baselinePeriod?: string;
}

export interface IndexRankingRow {
  orgId: string;
  name: string;
  kind: string;
  parentId: string | null;
  parentName: string | null;
  /** The street committee above the unit (or the unit itself). */
  streetOrgId: string | null;
  gridId: string | null;
  members: number | null;
  score: number;
  stars: number;
  rank: number;
  /** Reported units in the score. */
  units: number;
  previous: number | null;
  baseline: number | null;
  /** Points against the previous month, and against the baseline month. */
  change: number | null;
  changeBaseline: number | null;
}

export interface IndexRanking {
  period: string | null;
  previousPeriod: string | null;
  baselinePeriod: string | null;
  level: IndexLevel;
  rows: IndexRankingRow[];
  /** 红榜: the best, best first. */
  red: IndexRankingRow[];
  /** 黑榜: the worst, worst first. */
  black: IndexRankingRow[];
  district: { score: number; stars: number; previous: number | null; baseline: number | null; changeBaselinePct: number | null } | null;
}

export interface IndexBreakdownItem {
  indicatorId: string;
  name: string;
  nameEn: string;
  dimension: string;
  /** Raw value and its normalised value (0..1); null for aggregates or when missing. */
  value: number | null;
  normalised: number | null;
  weight: number;
  /** Points the indicator could earn, and earned. */
  available: number;
  contribution: number;
  /** Earned points in the previous month (null: not scored then). */
  previousContribution: number | null;
}

export interface IndexProfileQuery {
  /** The unit; or give `gridId` for the grid branch of that grid (how the map opens a profile). */
  orgId?: string;
  gridId?: string;
  period?: string;
  baselinePeriod?: string;
}

export interface IndexProfile {
  orgId: string;
  name: string;
  kind: string;
  gridId: string | null;
  members: number | null;
  parentName: string | null;
  period: string;
  score: number;
  stars: number;
  aggregated: boolean;
  units: number;
  rank: number | null;
  rankOf: number | null;
  previous: number | null;
  baseline: number | null;
  baselinePeriod: string;
  /** In model order; contributions add up to `score`. */
  breakdown: IndexBreakdownItem[];
  dimensions: Array<{ id: string; name: string; nameEn: string; score: number | null }>;
  /** Up to the last 12 months, oldest first. */
  trend: Array<{ period: string; score: number; stars: number }>;
  /** The indicators that lost the most points. */
  weakest: IndexBreakdownItem[];
  /** Scored children (communities of a street, branches of a community), best first. */
  children: Array<{ orgId: string; name: string; score: number; stars: number }>;
  /** Open incidents in the unit's grid (grid branches and building groups). */
  incidents: IncidentRow[];
}

export interface IndexStreetComparison {
  period: string;
  streets: [IndexProfile, IndexProfile];
}

export interface GridIndexScore {
  gridId: string;
  orgId: string;
  score: number;
  stars: number;
}
