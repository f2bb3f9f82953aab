// Issue 7: the strength-index ranking (组织力指数 红黑榜) of a briefing period's month, read from the
// stored scores through the index queries, and limited to a street operator's own street.
import { getIndexRanking, indexPeriods, type IndexSource } from '../index/index-queries.ts';
import { shanghaiPeriodOf, shiftPeriod } from '../../src-shared/domain/strength-index.ts';
import type { BriefingIndex, BriefingIndexRow } from '../../src-shared/briefing.ts';
import type { IndexRankingRow } from '../../src-shared/index-api.ts';

/** The month a briefing of [from, to) ranks: the month of its last day, or the newest scored month before it. */
export function briefingIndexMonth(periods: readonly string[], to: number): string | null {
  const month = shanghaiPeriodOf(to - 1);
  let best: string | null = null;
  for (const p of periods) if (p <= month && (best === null || p > best)) best = p;
  return best;
}

/** The street committee of a sub-centre (a street operator's scope). */
function streetOrgOf(src: IndexSource, subcentreId: string): string | null {
  const row = src.store.statement(`SELECT org_id AS id FROM orgs WHERE subcentre_id = ? AND kind = 'street-committee' ORDER BY org_id LIMIT 1`).get(subcentreId) as { id: string } | undefined;
  return row?.id ?? null;
}

export function getBriefingIndex(src: IndexSource, q: { to: number }, street: string | null): BriefingIndex | null {
  const period = briefingIndexMonth(indexPeriods(src), q.to);
  if (!period) return null;
  const tree = src.tree();
  const within = street === null ? null : streetOrgOf(src, street);
  // a street operator whose street has no committee in the tree sees no ranking rather than the district's
  if (street !== null && within === null) return null;
  const scope = within ? { withinOrgId: within } : {};
  const branches = getIndexRanking(src, { level: 'grid-branch', period, ...scope });
  const streets = getIndexRanking(src, { level: 'street-committee', period, ...scope });
  if (branches.rows.length === 0 && streets.rows.length === 0) return null;
  const row = (r: IndexRankingRow): BriefingIndexRow => ({
    orgId: r.orgId,
    name: r.name,
    parentName: r.parentName,
    streetOrgId: r.streetOrgId,
    streetName: r.streetOrgId ? (tree.nodes.get(r.streetOrgId)?.name ?? null) : null,
    score: r.score,
    stars: r.stars,
    rank: r.rank,
    previous: r.previous,
    change: r.change,
  });
  // the district's score stays as the benchmark, also for a street operator (as in the index view)
  const d = branches.district ?? streets.district;
  return {
    period,
    month: shanghaiPeriodOf(q.to - 1),
    previousPeriod: shiftPeriod(period, -1),
    branches: branches.rows.length,
    red: branches.red.map(row),
    black: branches.black.map(row),
    streets: streets.rows.map(row),
    district: d ? { score: d.score, stars: d.stars, previous: d.previous, change: d.previous === null ? null : Math.round((d.score - d.previous) * 100) / 100 } : null,
  };
}
