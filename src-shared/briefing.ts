// The leaders' briefing (issue 7): what getBriefing answers. Plain data; every figure comes for the
// chosen period and for the previous period of equal length, so that the view can show the change.
import type { EpochMs } from './api.ts';
import type { IncidentStatus, Severity } from './sfp/schemas.ts';

export interface BriefingQuery {
  /** Inclusive start (epoch ms). */
  from: EpochMs;
  /** Exclusive end (epoch ms); at most 400 days after `from`. */
  to: EpochMs;
  /** Also answer `map`, the positions of the period's incidents (the print page and the presentation). */
  withMap?: boolean;
}

/**
 * Where the period's incidents (not rejected) were, for the briefing's map: parallel arrays, the most
 * severe and then the most recent first, at most MAP_POINTS_LIMIT of them (`total` counts all).
 */
export interface BriefingMapPoints {
  total: number;
  lon: number[];
  lat: number[];
  /** SEVERITY_CODES index: 0 red, 1 yellow, 2 green. */
  severity: number[];
  /** 1 when closed before the period's end. */
  closed: number[];
}

export const MAP_POINTS_LIMIT = 5000;

/**
 * The figures of one period, over the incidents REPORTED in it (and the alerts raised in it).
 * "Closed" means closed before the period's end, so that a past period is judged as it stood then.
 */
export interface BriefingFigures {
  total: number;
  rejected: number;
  closed: number;
  /** closed / (total - rejected); null when nothing was accepted. */
  closureRate: number | null;
  /** Closed ones that had a time limit. */
  closedWithDue: number;
  closedOnTime: number;
  /** closedOnTime / closedWithDue. */
  onTimeRate: number | null;
  /** Mean of closedAt - reportedAt over the closed ones, ms. */
  avgCloseMs: number | null;
  /** Closed without any dispatch or escalation in their history (小事不出网格). */
  inGrid: number;
  /** inGrid / closed. */
  inGridRate: number | null;
  /** Closed ones with a satisfaction rating (1..5). */
  rated: number;
  satisfactionAvg: number | null;
  /** Ratings of 4 or 5 / rated. */
  satisfiedRate: number | null;
  /** Not rejected, past their time limit and not closed at min(now, period end). */
  overdue: number;
  alerts: {
    total: number;
    open: number;
    confirmed: number;
    dismissed: number;
    /** Dismissed with reason "false-positive". */
    falsePositive: number;
    /** falsePositive / (confirmed + dismissed). */
    falsePositiveRate: number | null;
  };
}

/** A count in the period and in the previous one. */
export interface BriefingCount {
  key: string;
  count: number;
  prev: number;
}

export interface BriefingOverdueRow {
  incidentId: string;
  subcentreId: string;
  gridId: string | null;
  gridName: string | null;
  title: string;
  category: string;
  severity: Severity;
  status: IncidentStatus;
  department: string | null;
  reportedAt: EpochMs;
  dueAt: EpochMs;
  /** How long past its limit at min(now, period end), ms. */
  overdueMs: number;
}

export interface BriefingGridProblem {
  gridId: string;
  gridName: string | null;
  subcentreId: string;
  category: string;
  /** Incidents of this category in this grid in the period. */
  count: number;
  /** Mean per period of equal length over the EARLY_WARNING_WINDOWS periods before (early warnings only). */
  baseline?: number;
}

export interface Briefing {
  period: { from: EpochMs; to: EpochMs };
  previous: { from: EpochMs; to: EpochMs };
  /** The host's clock when computed; "overdue" is judged at min(generatedAt, period end). */
  generatedAt: EpochMs;
  current: BriefingFigures;
  prev: BriefingFigures;
  /** Incidents reported per Shanghai day ("YYYY-MM-DD"), every day of the period, zeros included. */
  byDay: Array<{ day: string; count: number }>;
  /** The previous period's days, aligned with byDay by position. */
  prevByDay: Array<{ day: string; count: number }>;
  byCategory: BriefingCount[];
  bySource: BriefingCount[];
  /** key: sub-centre (street) id. */
  byStreet: BriefingCount[];
  alertsByKind: BriefingCount[];
  /** Most overdue first, at most OVERDUE_LIST_LIMIT rows (current.overdue has the full count). */
  overdueList: BriefingOverdueRow[];
  /** Grid × category pairs with the most incidents in the period (2 or more). */
  repeated: BriefingGridProblem[];
  /** 未诉先办: grid × category pairs rising against their own recent baseline. */
  warnings: BriefingGridProblem[];
  /** The strength-index (组织力指数) ranking of the period's month; null when the index is not running or has no scores. */
  index: BriefingIndex | null;
  /** Only when the query asked for it (withMap). */
  map?: BriefingMapPoints;
}

/** One unit of the index ranking as the briefing shows it. */
export interface BriefingIndexRow {
  orgId: string;
  name: string;
  /** The community (for a branch). */
  parentName: string | null;
  /** The street committee above the unit (or the unit itself). */
  streetOrgId: string | null;
  streetName: string | null;
  /** Points 0..100. */
  score: number;
  stars: number;
  rank: number;
  /** Last month's score, and the change in points (null: not scored then). */
  previous: number | null;
  change: number | null;
}

/** 红黑榜 and the streets' scores for one month, with the change against the month before. */
export interface BriefingIndex {
  /** "YYYY-MM": the month of the period's last day, or the newest scored month before it. */
  period: string;
  /** "YYYY-MM": the month of the period's last day (differs from `period` while that month has no scores). */
  month: string;
  previousPeriod: string;
  /** The grid branches ranked (in the caller's street, for a street operator). */
  branches: number;
  /** 红榜: the best branches, best first. */
  red: BriefingIndexRow[];
  /** 黑榜: the worst branches, worst first. */
  black: BriefingIndexRow[];
  /** Street committees (each the members-weighted mean of its branches), best first. */
  streets: BriefingIndexRow[];
  district: { score: number; stars: number; previous: number | null; change: number | null } | null;
}

/** An exported workbook: a file name to offer and the .xlsx bytes in base64. */
export interface BriefingWorkbook {
  name: string;
  base64: string;
}

export const OVERDUE_LIST_LIMIT = 50;
export const REPEATED_LIMIT = 10;
export const WARNINGS_LIMIT = 10;
/** The baseline of an early warning: this many periods of equal length before the period. */
export const EARLY_WARNING_WINDOWS = 4;
/** A warning needs at least this many incidents in the period … */
export const EARLY_WARNING_MIN_COUNT = 3;
/** … at least this many times the baseline mean … */
export const EARLY_WARNING_FACTOR = 2;
/** … and at least this many more than the baseline mean. */
export const EARLY_WARNING_MIN_EXCESS = 2;
/** Longest period one briefing covers. */
export const MAX_BRIEFING_DAYS = 400;
