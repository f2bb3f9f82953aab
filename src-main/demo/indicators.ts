// Monthly raw indicator values of a grid party branch (indicators.report), in the spirit of the
// strength-index dimensions of DOMAIN.md. Each branch has its own seeded quality and a slight upward
// trend, so that a year of reports shows branches improving (Lixia: +15.6 % in a year) at different paces.
import type { IndicatorReport } from '../../src-shared/sfp/schemas.ts';
import { createRandom, hashString } from './random.ts';

export interface IndicatorDefinition {
  key: string;
  label: string;
  unit: string;
  /** The dimension of the strength index it belongs to. */
  dimension: '组织建设' | '党员作用' | '制度落实' | '服务群众' | '共驻共建' | '阵地保障';
}

/** The keys every demo report carries (documented for the strength-index model). */
export const DEMO_INDICATORS: readonly IndicatorDefinition[] = [
  { key: 'members_total', label: '党员人数', unit: '人', dimension: '组织建设' },
  { key: 'new_activists', label: '入党积极分子', unit: '人', dimension: '组织建设' },
  { key: 'dues_on_time_share', label: '党费按时缴纳率', unit: '比例', dimension: '组织建设' },
  { key: 'members_reporting_share', label: '在职党员“双报到”率', unit: '比例', dimension: '党员作用' },
  { key: 'member_households', label: '党员中心户', unit: '户', dimension: '党员作用' },
  { key: 'pioneer_posts', label: '党员先锋岗', unit: '个', dimension: '党员作用' },
  { key: 'volunteer_hours', label: '志愿服务时长', unit: '小时', dimension: '党员作用' },
  { key: 'meetings_held', label: '“三会一课”次数', unit: '次', dimension: '制度落实' },
  { key: 'theme_party_days', label: '主题党日', unit: '次', dimension: '制度落实' },
  { key: 'training_hours', label: '学习培训时长', unit: '小时', dimension: '制度落实' },
  { key: 'micro_wishes_received', label: '微心愿认领', unit: '个', dimension: '服务群众' },
  { key: 'micro_wishes_done', label: '微心愿实现', unit: '个', dimension: '服务群众' },
  { key: 'resident_visits', label: '走访群众', unit: '户', dimension: '服务群众' },
  { key: 'disputes_mediated', label: '调解矛盾纠纷', unit: '件', dimension: '服务群众' },
  { key: 'satisfaction_survey', label: '群众满意度测评', unit: '分', dimension: '服务群众' },
  { key: 'co_building_units', label: '共建单位', unit: '个', dimension: '共驻共建' },
  { key: 'co_building_projects', label: '共建项目', unit: '个', dimension: '共驻共建' },
  { key: 'activities', label: '组织活动', unit: '次', dimension: '共驻共建' },
  { key: 'funding_wan', label: '服务群众专项经费', unit: '万元', dimension: '阵地保障' },
  { key: 'station_open_days', label: '阵地开放天数', unit: '天', dimension: '阵地保障' },
];

export interface BranchFacts {
  orgId: string;
  /** Members of the branch (from the organisation tree). */
  members: number;
  /** Households of its grid. */
  households: number;
}

/** Months counted from year 0, so that "YYYY-MM" ↔ a number. */
export function monthIndex(period: string): number {
  const [y, mo] = period.split('-').map(Number);
  return y! * 12 + (mo! - 1);
}

export function periodOf(index: number): string {
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

function daysInMonth(index: number): number {
  const y = Math.floor(index / 12);
  const mo = index % 12;
  return new Date(Date.UTC(y, mo + 1, 0)).getUTCDate();
}

// The trend is anchored to a fixed month so that a report for a month is the same whenever it is made.
const TREND_ORIGIN = monthIndex('2025-01');

/** The report of one branch for one month: a pure function of (seed, branch, month). */
export function branchIndicatorReport(seed: number, branch: BranchFacts, period: string): IndicatorReport {
  const base = createRandom((seed ^ hashString(branch.orgId)) >>> 0);
  const quality = base.range(0.25, 0.85); // how strong the branch is (room left to improve)
  const growth = base.range(0.004, 0.022); // per month
  const mi = monthIndex(period);
  const t = Math.max(-24, Math.min(48, mi - TREND_ORIGIN));
  const trend = 1 + growth * t;
  const r = createRandom((seed ^ hashString(`${branch.orgId}@${period}`)) >>> 0);
  const noise = (spread = 0.08): number => 1 + spread * r.gaussian() * 0.5;
  const q = Math.min(1, quality * trend);
  const share = (lo: number, hi: number): number => round(Math.min(0.995, Math.max(0, lo + (hi - lo) * q * noise(0.04))), 3);
  const count = (lo: number, hi: number, min = 0): number => Math.max(min, Math.round((lo + (hi - lo) * q) * noise()));
  const members = Math.max(3, Math.round(branch.members * (1 + 0.002 * t)));

  const wishes = count(2, 14);
  const values: Record<string, number> = {
    members_total: members,
    new_activists: count(0, 3),
    dues_on_time_share: share(0.88, 1),
    members_reporting_share: share(0.55, 0.97),
    member_households: count(1, Math.max(2, members / 8), 1),
    pioneer_posts: count(1, 6, 1),
    volunteer_hours: round(members * (1.2 + 3 * q) * noise(), 1),
    meetings_held: count(2, 7, 1),
    theme_party_days: count(0.6, 2, 0),
    training_hours: round(members * (0.6 + 1.6 * q) * noise(), 1),
    micro_wishes_received: wishes,
    micro_wishes_done: Math.min(wishes, Math.round(wishes * Math.min(1, 0.55 + 0.45 * q * noise(0.05)))),
    resident_visits: Math.round(branch.households * (0.04 + 0.16 * q) * noise()),
    disputes_mediated: count(0, 8),
    satisfaction_survey: round(Math.min(100, (84 + 15 * q) * noise(0.01)), 1),
    co_building_units: count(1, 10, 1),
    co_building_projects: count(0, 4),
    activities: count(2, 9, 1),
    funding_wan: round(Math.max(0.1, (0.2 + 0.9 * q) * noise()), 2),
    station_open_days: Math.min(daysInMonth(mi), count(16, 31, 8)),
  };
  return { orgId: branch.orgId, period, values, rev: 1 };
}

function round(x: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(x * f) / f;
}
