// Reads of the stored strength-index scores (index_scores), so that a past month shows as it was
// computed. Names and parents come from the engine's org tree.
import { listIncidents } from '../store/queries.ts';
import { dimensionScores, rankUnits, shiftPeriod, type OrgTree } from '../../src-shared/domain/strength-index.ts';
import type { IndexModel } from '../../src-shared/domain/index-model.ts';
import type {
  GridIndexScore,
  IndexBreakdownItem,
  IndexLevel,
  IndexModelInfo,
  IndexProfile,
  IndexProfileQuery,
  IndexRanking,
  IndexRankingQuery,
  IndexRankingRow,
} from '../../src-shared/index-api.ts';
import { DISTRICT_UNIT_ID } from '../../src-shared/index-api.ts';
import type { Store } from '../store/store.ts';

export interface IndexSource {
  store: Store;
  model: IndexModel;
  modelFile: string;
  tree: () => OrgTree;
  now: () => number;
}

interface ScoreRow {
  period: string;
  org_id: string;
  kind: string;
  score: number;
  stars: number;
  units: number;
  aggregated: number;
  breakdown: string;
}
interface Breakdown {
  c: number[];
  a: number[];
  v: Array<number | null>;
  n: Array<number | null>;
}

const round2 = (x: number): number => Math.round(x * 100) / 100;

export function indexPeriods(src: IndexSource): string[] {
  return (src.store.statement(`SELECT DISTINCT period FROM index_scores ORDER BY period`).all() as Array<{ period: string }>).map((r) => r.period);
}

function latestPeriod(src: IndexSource, kind?: string): string | null {
  const row = (kind
    ? src.store.statement(`SELECT max(period) AS p FROM index_scores WHERE kind = ?`).get(kind)
    : src.store.statement(`SELECT max(period) AS p FROM index_scores`).get()) as { p: string | null };
  return row.p;
}

export function getIndexModelInfo(src: IndexSource): IndexModelInfo {
  const m = src.model;
  return {
    name: m.name,
    file: src.modelFile,
    period: m.period,
    baselineMonthsBefore: m.baselineMonthsBefore,
    listSize: m.listSize,
    grades: m.grades.map((g) => ({ ...g })),
    dimensions: m.dimensions.map((d) => ({ ...d })),
    indicators: m.indicators.map((i) => ({
      id: i.id,
      name: i.name,
      nameEn: i.nameEn,
      dimension: i.dimension,
      source: i.sourceText,
      direction: i.direction,
      normalisation: { ...i.normalisation },
      weight: i.weight,
    })),
    totalWeight: m.totalWeight,
    periods: indexPeriods(src),
  };
}

function scoresOf(src: IndexSource, period: string, kind: string): Map<string, ScoreRow> {
  const rows = src.store.statement(`SELECT * FROM index_scores WHERE period = ? AND kind = ?`).all(period, kind) as ScoreRow[];
  return new Map(rows.map((r) => [r.org_id, r]));
}

function streetOf(tree: OrgTree, orgId: string): string | null {
  for (const id of [orgId, ...tree.ancestors(orgId)]) if (tree.nodes.get(id)?.kind === 'street-committee') return id;
  return null;
}

export function getIndexRanking(src: IndexSource, q: IndexRankingQuery): IndexRanking {
  const { store, model } = src;
  const tree = src.tree();
  const period = q.period ?? latestPeriod(src, q.level);
  const empty: IndexRanking = { period, previousPeriod: null, baselinePeriod: null, level: q.level, rows: [], red: [], black: [], district: null };
  if (!period) return empty;
  const previousPeriod = shiftPeriod(period, -1);
  const baselinePeriod = q.baselinePeriod ?? shiftPeriod(period, -model.baselineMonthsBefore);
  return store.read(() => {
    let current = [...scoresOf(src, period, q.level).values()];
    if (q.withinOrgId) current = current.filter((r) => r.org_id === q.withinOrgId || tree.ancestors(r.org_id).includes(q.withinOrgId!));
    const prev = scoresOf(src, previousPeriod, q.level);
    const base = scoresOf(src, baselinePeriod, q.level);
    const byId = new Map(current.map((r) => [r.org_id, r]));
    const { ranked, red, black } = rankUnits(
      current.map((r) => ({ orgId: r.org_id, scoreCenti: Math.round(r.score * 100) })),
      model.listSize,
    );
    const rows: IndexRankingRow[] = ranked.map((u) => {
      const r = byId.get(u.orgId)!;
      const node = tree.nodes.get(u.orgId);
      const parent = node?.parentId ? tree.nodes.get(node.parentId) : undefined;
      const p = prev.get(u.orgId)?.score ?? null;
      const b = base.get(u.orgId)?.score ?? null;
      return {
        orgId: u.orgId,
        name: node?.name ?? u.orgId,
        kind: r.kind,
        parentId: node?.parentId ?? null,
        parentName: parent?.name ?? null,
        streetOrgId: streetOf(tree, u.orgId),
        gridId: node?.gridId ?? null,
        members: node?.members ?? null,
        score: r.score,
        stars: r.stars,
        rank: u.rank,
        units: r.units,
        previous: p,
        baseline: b,
        change: p === null ? null : round2(r.score - p),
        changeBaseline: b === null ? null : round2(r.score - b),
      };
    });
    const rowById = new Map(rows.map((r) => [r.orgId, r]));
    const district = (src.store.statement(`SELECT period, score, stars FROM index_scores WHERE org_id = ? AND period IN (?, ?, ?)`).all(DISTRICT_UNIT_ID, period, previousPeriod, baselinePeriod) as Array<{
      period: string;
      score: number;
      stars: number;
    }>).reduce<Record<string, { score: number; stars: number }>>((acc, r) => ((acc[r.period] = r), acc), {});
    const d = district[period];
    const db = district[baselinePeriod]?.score ?? null;
    return {
      period,
      previousPeriod,
      baselinePeriod,
      level: q.level,
      rows,
      red: red.map((id) => rowById.get(id)!),
      black: black.map((id) => rowById.get(id)!),
      district: d
        ? { score: d.score, stars: d.stars, previous: district[previousPeriod]?.score ?? null, baseline: db, changeBaselinePct: db ? round2(((d.score - db) / db) * 100) : null }
        : null,
    };
  });
}

function breakdownOf(model: IndexModel, row: ScoreRow, previous: ScoreRow | undefined): IndexBreakdownItem[] {
  const b = JSON.parse(row.breakdown) as Breakdown;
  const pb = previous ? (JSON.parse(previous.breakdown) as Breakdown) : null;
  return model.indicators.map((ind, i) => ({
    indicatorId: ind.id,
    name: ind.name,
    nameEn: ind.nameEn,
    dimension: ind.dimension,
    value: b.v[i] ?? null,
    normalised: b.n[i] ?? null,
    weight: ind.weight,
    available: (b.a[i] ?? 0) / 100,
    contribution: (b.c[i] ?? 0) / 100,
    previousContribution: pb ? (pb.c[i] ?? 0) / 100 : null,
  }));
}

/** The grid branch of a grid (the first, if a grid has several). */
export function branchOfGrid(src: IndexSource, gridId: string): string | null {
  for (const n of src.tree().nodes.values()) if (n.gridId === gridId && n.kind === 'grid-branch') return n.orgId;
  return null;
}

export function getIndexProfile(src: IndexSource, q: IndexProfileQuery & { orgId: string }): IndexProfile | null {
  const { store, model } = src;
  const tree = src.tree();
  return store.read(() => {
    const period =
      q.period ?? (store.statement(`SELECT max(period) AS p FROM index_scores WHERE org_id = ?`).get(q.orgId) as { p: string | null }).p;
    if (!period) return null;
    const row = store.statement(`SELECT * FROM index_scores WHERE period = ? AND org_id = ?`).get(period, q.orgId) as ScoreRow | undefined;
    if (!row) return null;
    const previousPeriod = shiftPeriod(period, -1);
    const baselinePeriod = q.baselinePeriod ?? shiftPeriod(period, -model.baselineMonthsBefore);
    const one = store.statement(`SELECT * FROM index_scores WHERE period = ? AND org_id = ?`);
    const prev = one.get(previousPeriod, q.orgId) as ScoreRow | undefined;
    const base = one.get(baselinePeriod, q.orgId) as ScoreRow | undefined;
    const breakdown = breakdownOf(model, row, prev);
    const b = JSON.parse(row.breakdown) as Breakdown;
    const dims = dimensionScores(model, { contributions: b.c, available: b.a });
    const trend = (store
      .statement(`SELECT period, score, stars FROM index_scores WHERE org_id = ? AND period <= ? ORDER BY period DESC LIMIT 12`)
      .all(q.orgId, period) as Array<{ period: string; score: number; stars: number }>).reverse();
    const rank = row.kind === 'district' ? null : (store.statement(`SELECT count(*) AS n FROM index_scores WHERE period = ? AND kind = ? AND score > ?`).get(period, row.kind, row.score) as { n: number }).n + 1;
    const rankOf = row.kind === 'district' ? null : (store.statement(`SELECT count(*) AS n FROM index_scores WHERE period = ? AND kind = ?`).get(period, row.kind) as { n: number }).n;
    const node = tree.nodes.get(q.orgId);
    const parent = node?.parentId ? tree.nodes.get(node.parentId) : undefined;
    const childIds =
      q.orgId === DISTRICT_UNIT_ID
        ? [...tree.nodes.values()].filter((n) => !n.parentId || !tree.nodes.has(n.parentId)).map((n) => n.orgId)
        : (tree.children.get(q.orgId) ?? []);
    const children = childIds
      .map((id) => ({ id, s: one.get(period, id) as ScoreRow | undefined }))
      .filter((c): c is { id: string; s: ScoreRow } => c.s !== undefined)
      .map((c) => ({ orgId: c.id, name: tree.nodes.get(c.id)?.name ?? c.id, score: c.s.score, stars: c.s.stars }))
      .sort((x, y) => y.score - x.score);
    const weakest = breakdown
      .filter((x) => x.available > 0)
      .sort((x, y) => y.available - y.contribution - (x.available - x.contribution))
      .slice(0, 5);
    const gridId = node?.gridId ?? null;
    return {
      orgId: q.orgId,
      name: q.orgId === DISTRICT_UNIT_ID ? model.name : (node?.name ?? q.orgId),
      kind: row.kind,
      gridId,
      members: node?.members ?? null,
      parentName: parent?.name ?? null,
      period,
      score: row.score,
      stars: row.stars,
      aggregated: row.aggregated === 1,
      units: row.units,
      rank,
      rankOf,
      previous: prev?.score ?? null,
      baseline: base?.score ?? null,
      baselinePeriod,
      breakdown,
      dimensions: dims.map((d) => {
        const dim = model.dimensions.find((x) => x.id === d.id)!;
        return { id: d.id, name: dim.name, nameEn: dim.nameEn, score: d.score };
      }),
      trend,
      weakest,
      children,
      incidents: gridId ? listIncidents(store, { gridId, openOnly: true, orderBy: 'severity', limit: 20 }, src.now()) : [],
    };
  });
}

export function getGridIndexScores(src: IndexSource, period?: string): { period: string | null; grids: GridIndexScore[] } {
  const tree = src.tree();
  const level: IndexLevel = 'grid-branch';
  const p = period ?? latestPeriod(src, level);
  if (!p) return { period: null, grids: [] };
  const grids: GridIndexScore[] = [];
  for (const r of scoresOf(src, p, level).values()) {
    const gridId = tree.nodes.get(r.org_id)?.gridId;
    if (gridId) grids.push({ gridId, orgId: r.org_id, score: r.score, stars: r.stars });
  }
  return { period: p, grids };
}
