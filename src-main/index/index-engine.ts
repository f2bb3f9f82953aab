// Keeps the stored strength-index scores (index_scores) up to date with the cache. Once at start it
// scores every month from scratch; after that it listens to store commits and, from the rows written
// since the last local version it saw (`lv`), re-scores only the units whose report or grid work
// changed, and their ancestors (PeriodScores decides; a moved min-max range re-scores that month).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseIndexModel, type IndexModel } from '../../src-shared/domain/index-model.ts';
import {
  DISTRICT_ORG_ID,
  EMPTY_WORK,
  OrgTree,
  PeriodScores,
  shanghaiPeriodOf,
  shanghaiPeriodRange,
  type GridWorkFacts,
  type OrgNode,
  type UnitInput,
  type UnitScore,
} from '../../src-shared/domain/strength-index.ts';
import type { Disposable } from '../../src-shared/api.ts';
import type { Store, StoreCommit } from '../store/store.ts';

export const DEFAULT_INDEX_MODEL_FILE = (resourcesDir: string): string => path.join(resourcesDir, 'index-model', 'default.json');

/** Reads and checks a model file; throws an IndexModelError naming the line and the problem. */
export function loadIndexModel(file: string): IndexModel {
  return parseIndexModel(readFileSync(file, 'utf8'), file);
}

export interface IndexEngineOptions {
  store: Store;
  model: IndexModel;
  /** Wait this long after a relevant commit before re-scoring, to take several commits at once. Default 250 ms. */
  debounceMs?: number;
  onError?: (err: unknown) => void;
}

export interface RecomputeStats {
  periods: number;
  /** Scores written (inserted, replaced or deleted). */
  written: number;
  full: boolean;
}

export interface IndexEngine {
  readonly model: IndexModel;
  /** Scores everything from scratch and rewrites index_scores. */
  recomputeAll(): RecomputeStats;
  /** Applies what was committed since the last run (incrementally). */
  processPending(): RecomputeStats;
  /** The org tree as last read (names, kinds, parents). */
  tree(): OrgTree;
  /** Months with scores, oldest first. */
  periods(): string[];
  /** The live score of one unit (same as stored). */
  score(period: string, orgId: string): UnitScore | undefined;
  /** Called after scores were written (for change notices). */
  onDidUpdate(listener: (stats: RecomputeStats) => void): Disposable;
  dispose(): void;
}

const RELEVANT = new Set(['indicator', 'incident', 'alert', 'org']);

interface WorkRow {
  grid_id: string;
  period: string;
  closed: number;
  on_time: number;
  in_grid: number;
  sat_sum: number | null;
  sat_n: number;
}
interface AlertRow {
  grid_id: string;
  period: string;
  confirmed: number;
  dismissed: number;
}

const MONTH_SQL = (col: string): string => `strftime('%Y-%m', (${col} + 28800000) / 1000, 'unixepoch')`;
const WORK_SQL = `
  SELECT grid_id, ${MONTH_SQL('closed_at')} AS period, count(*) AS closed,
         sum(CASE WHEN due_at IS NULL OR closed_at <= due_at THEN 1 ELSE 0 END) AS on_time,
         sum(CASE WHEN level = 'grid' THEN 1 ELSE 0 END) AS in_grid,
         sum(json_extract(raw, '$.satisfaction')) AS sat_sum,
         count(json_extract(raw, '$.satisfaction')) AS sat_n
  FROM incidents WHERE status = 'closed' AND closed_at IS NOT NULL AND grid_id IS NOT NULL`;
const ALERT_SQL = `
  SELECT grid_id, ${MONTH_SQL('raised_at')} AS period,
         sum(CASE WHEN state = 'confirmed' THEN 1 ELSE 0 END) AS confirmed,
         sum(CASE WHEN state = 'dismissed' THEN 1 ELSE 0 END) AS dismissed
  FROM alerts WHERE state IN ('confirmed', 'dismissed') AND grid_id IS NOT NULL`;

export function createIndexEngine(options: IndexEngineOptions): IndexEngine {
  const { store, model } = options;
  const debounceMs = options.debounceMs ?? 250;
  const onError = options.onError ?? ((err: unknown) => console.error('[superbrain] strength index:', err));
  const listeners = new Set<(stats: RecomputeStats) => void>();

  let tree = new OrgTree([]);
  /** gridId → orgs of that grid. */
  let orgsByGrid = new Map<string, string[]>();
  const months = new Map<string, PeriodScores>();
  /** period → orgId → reported values. */
  const reports = new Map<string, Map<string, Record<string, number>>>();
  /** `${gridId}@${period}` → work facts. */
  const work = new Map<string, GridWorkFacts>();
  let lastLv = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let disposed = false;

  const workKey = (gridId: string, period: string): string => `${gridId}@${period}`;
  const inputOf = (orgId: string, period: string, values: Record<string, number>): UnitInput => {
    const gridId = tree.nodes.get(orgId)?.gridId;
    return { reported: values, work: gridId ? (work.get(workKey(gridId, period)) ?? EMPTY_WORK) : undefined };
  };

  const readTree = (): void => {
    const rows = store.statement(`SELECT org_id, kind, name, parent_id, grid_id, members FROM orgs`).all() as Array<{
      org_id: string;
      kind: string;
      name: string;
      parent_id: string | null;
      grid_id: string | null;
      members: number | null;
    }>;
    const nodes: OrgNode[] = rows.map((r) => ({ orgId: r.org_id, kind: r.kind, name: r.name, parentId: r.parent_id, gridId: r.grid_id, members: r.members }));
    tree = new OrgTree(nodes);
    orgsByGrid = new Map();
    for (const n of nodes) {
      if (!n.gridId) continue;
      const list = orgsByGrid.get(n.gridId);
      if (list) list.push(n.orgId);
      else orgsByGrid.set(n.gridId, [n.orgId]);
    }
  };

  const setWork = (rows: WorkRow[], alerts: AlertRow[]): void => {
    const get = (g: string, p: string): GridWorkFacts => {
      const k = workKey(g, p);
      let f = work.get(k);
      if (!f) work.set(k, (f = { ...EMPTY_WORK }));
      return f;
    };
    for (const r of rows) {
      const f = get(r.grid_id, r.period);
      f.closed = r.closed;
      f.closedOnTime = r.on_time;
      f.closedInGrid = r.in_grid;
      f.satisfactionSum = r.sat_sum ?? 0;
      f.satisfactionCount = r.sat_n;
    }
    for (const a of alerts) {
      const f = get(a.grid_id, a.period);
      f.alertsConfirmed = a.confirmed;
      f.alertsDismissed = a.dismissed;
    }
  };

  const countReports = (): number => [...reports.values()].reduce((n, m) => n + m.size, 0);

  const writeScores = (changes: Array<{ period: string; ids: Iterable<string> }>, replaceAll: boolean): number => {
    let written = 0;
    store.write(() => {
      if (replaceAll) store.statement(`DELETE FROM index_scores`).run();
      const upsert = store.statement(
        `INSERT OR REPLACE INTO index_scores (period, org_id, kind, score, stars, units, aggregated, breakdown) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      const del = store.statement(`DELETE FROM index_scores WHERE period = ? AND org_id = ?`);
      for (const { period, ids } of changes) {
        const scores = months.get(period);
        for (const id of ids) {
          const s = scores?.scores.get(id);
          written++;
          if (!s) {
            del.run(period, id);
            continue;
          }
          const kind = id === DISTRICT_ORG_ID ? 'district' : (tree.nodes.get(id)?.kind ?? 'unknown');
          const breakdown = JSON.stringify({ c: s.contributions, a: s.available, v: s.values, n: s.normalised });
          upsert.run(period, id, kind, s.scoreCenti / 100, s.stars, s.units, s.aggregated ? 1 : 0, breakdown);
        }
      }
    });
    return written;
  };

  const notify = (stats: RecomputeStats): void => {
    for (const l of [...listeners]) {
      try {
        l(stats);
      } catch (err) {
        onError(err);
      }
    }
  };

  const engine: IndexEngine = {
    model,
    recomputeAll() {
      const stats = store.read(() => {
        lastLv = store.version();
        readTree();
        reports.clear();
        work.clear();
        for (const r of store.statement(`SELECT org_id, period, "values" AS v FROM indicator_reports`).all() as Array<{ org_id: string; period: string; v: string }>) {
          let m = reports.get(r.period);
          if (!m) reports.set(r.period, (m = new Map()));
          m.set(r.org_id, JSON.parse(r.v) as Record<string, number>);
        }
        setWork(
          store.statement(`${WORK_SQL} GROUP BY grid_id, period`).all() as WorkRow[],
          store.statement(`${ALERT_SQL} GROUP BY grid_id, period`).all() as AlertRow[],
        );
        months.clear();
        const changes: Array<{ period: string; ids: Iterable<string> }> = [];
        for (const [period, m] of reports) {
          const scores = new PeriodScores(model, tree, period);
          const inputs = new Map<string, UnitInput>();
          for (const [orgId, values] of m) inputs.set(orgId, inputOf(orgId, period, values));
          changes.push({ period, ids: scores.setAll(inputs) });
          months.set(period, scores);
        }
        return changes;
      });
      const written = writeScores(stats, true);
      const result = { periods: stats.length, written, full: true };
      notify(result);
      return result;
    },
    processPending() {
      if (store.version() === lastLv) return { periods: 0, written: 0, full: false };
      const since = lastLv;
      let needFull = false;
      const dirty = new Map<string, Set<string>>(); // period → units to re-score
      const mark = (period: string, orgId: string): void => {
        let s = dirty.get(period);
        if (!s) dirty.set(period, (s = new Set()));
        s.add(orgId);
      };
      store.read(() => {
        lastLv = store.version();
        const orgsChanged =
          (store.statement(`SELECT count(*) AS n FROM orgs WHERE lv > ?`).get(since) as { n: number }).n +
          (store.statement(`SELECT count(*) AS n FROM tombstones WHERE kind = 'org' AND lv > ?`).get(since) as { n: number }).n;
        const total = (store.statement(`SELECT count(*) AS n FROM indicator_reports`).get() as { n: number }).n;
        const fresh = store.statement(`SELECT org_id, period, "values" AS v FROM indicator_reports WHERE lv > ?`).all(since) as Array<{ org_id: string; period: string; v: string }>;
        for (const r of fresh) {
          let m = reports.get(r.period);
          if (!m) reports.set(r.period, (m = new Map()));
          m.set(r.org_id, JSON.parse(r.v) as Record<string, number>);
          mark(r.period, r.org_id);
        }
        // Org changes move weights and parents; removed reports (a snapshot replacing a sub-centre) are
        // not visible by lv. Both are rare: score everything again.
        if (orgsChanged > 0 || countReports() !== total) {
          needFull = true;
          return;
        }
        // Any incident written with a closing time marks its grid-month (closed now, or re-opened since).
        const grids = new Set<string>();
        for (const r of store.statement(`SELECT grid_id, closed_at FROM incidents WHERE lv > ? AND grid_id IS NOT NULL AND closed_at IS NOT NULL`).all(since) as Array<{ grid_id: string; closed_at: number }>) {
          grids.add(workKey(r.grid_id, shanghaiPeriodOf(r.closed_at)));
        }
        for (const r of store.statement(`SELECT grid_id, raised_at FROM alerts WHERE lv > ? AND state IN ('confirmed', 'dismissed') AND grid_id IS NOT NULL`).all(since) as Array<{ grid_id: string; raised_at: number }>) {
          grids.add(workKey(r.grid_id, shanghaiPeriodOf(r.raised_at)));
        }
        for (const key of grids) {
          const at = key.lastIndexOf('@');
          const gridId = key.slice(0, at);
          const period = key.slice(at + 1);
          const [from, to] = shanghaiPeriodRange(period);
          work.delete(key);
          setWork(
            store.statement(`${WORK_SQL} AND grid_id = ? AND closed_at >= ? AND closed_at < ? GROUP BY grid_id, period`).all(gridId, from, to) as WorkRow[],
            store.statement(`${ALERT_SQL} AND grid_id = ? AND raised_at >= ? AND raised_at < ? GROUP BY grid_id, period`).all(gridId, from, to) as AlertRow[],
          );
          const reported = reports.get(period);
          for (const orgId of orgsByGrid.get(gridId) ?? []) if (reported?.has(orgId)) mark(period, orgId);
        }
      });
      if (needFull) return engine.recomputeAll();
      const changes: Array<{ period: string; ids: Iterable<string> }> = [];
      for (const [period, units] of dirty) {
        let scores = months.get(period);
        if (!scores) months.set(period, (scores = new PeriodScores(model, tree, period)));
        const reported = reports.get(period)!;
        const inputs = new Map<string, UnitInput>();
        for (const orgId of units) inputs.set(orgId, inputOf(orgId, period, reported.get(orgId)!));
        changes.push({ period, ids: scores.setUnits(inputs) });
      }
      if (changes.length === 0) return { periods: 0, written: 0, full: false };
      const result = { periods: changes.length, written: writeScores(changes, false), full: false };
      notify(result);
      return result;
    },
    tree: () => tree,
    periods: () => [...months.keys()].sort(),
    score: (period, orgId) => months.get(period)?.scores.get(orgId),
    onDidUpdate(listener) {
      listeners.add(listener);
      return { dispose: () => void listeners.delete(listener) };
    },
    dispose() {
      disposed = true;
      if (timer) clearTimeout(timer);
      timer = null;
      subscription.dispose();
      listeners.clear();
    },
  };

  const subscription = store.onDidCommit((commit: StoreCommit) => {
    if (disposed || timer) return;
    if (![...commit.kinds].some((k) => RELEVANT.has(k))) return;
    timer = setTimeout(() => {
      timer = null;
      if (disposed || store.isClosed()) return;
      try {
        engine.processPending();
      } catch (err) {
        onError(err);
      }
    }, debounceMs);
  });

  return engine;
}
