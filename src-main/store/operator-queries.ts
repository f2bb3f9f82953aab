// Queries for the operator's queue and video-alert triage (issue 5).
import { LEVEL_CODES, SEVERITY_CODES, SOURCE_CODES, STATUS_CODES } from '../../src-shared/api.ts';
import type { AlertTriageStats, QueueColumns } from '../../src-shared/api.ts';
import type { Store } from './store.ts';

interface QueueDbRow {
  lv: number;
  id: string;
  rev: number;
  title: string;
  categoryMajor: string;
  categoryName: string;
  source: string;
  severity: string;
  level: string;
  status: string;
  street: string;
  grid: string | null;
  department: string | null;
  reportedAt: number;
  updatedAt: number;
  dueAt: number | null;
}

/**
 * Incidents changed after `afterVersion` with everything the queue shows and filters on, as parallel
 * arrays ordered by local version (deletions as tombstones in the same order), like getIncidentColumns.
 */
export function getQueueColumns(store: Store, q: { afterVersion: number; limit: number }): QueueColumns {
  return store.read(() => {
    const rows = store
      .statement(
        `SELECT lv, incident_id AS id, rev, title, category_major AS categoryMajor, category_name AS categoryName, source, severity, level, status,
                subcentre_id AS street, grid_id AS grid, department, reported_at AS reportedAt, updated_at AS updatedAt, due_at AS dueAt
         FROM incidents WHERE lv > ? ORDER BY lv LIMIT ?`,
      )
      .all(q.afterVersion, q.limit + 1) as QueueDbRow[];
    const tombs = store.statement(`SELECT id, lv FROM tombstones WHERE kind = 'incident' AND lv > ? ORDER BY lv LIMIT ?`).all(q.afterVersion, q.limit + 1) as Array<{ id: string; lv: number }>;
    const out: QueueColumns = {
      version: q.afterVersion, more: false, count: 0, ids: [], rev: [], title: [], category: [], categories: [], categoryName: [], source: [], severity: [], level: [],
      status: [], street: [], streets: [], grid: [], department: [], reportedAt: [], updatedAt: [], dueAt: [], deleted: [],
    };
    const cat = new Map<string, number>();
    const st = new Map<string, number>();
    const code = (map: Map<string, number>, list: string[], v: string): number => {
      let i = map.get(v);
      if (i === undefined) (i = list.length), list.push(v), map.set(v, i);
      return i;
    };
    let r = 0;
    let t = 0;
    while (out.count + out.deleted.length < q.limit && (r < rows.length || t < tombs.length)) {
      if (t >= tombs.length || (r < rows.length && rows[r]!.lv < tombs[t]!.lv)) {
        const row = rows[r++]!;
        out.version = row.lv;
        out.count++;
        out.ids.push(row.id);
        out.rev.push(row.rev);
        out.title.push(row.title);
        out.category.push(code(cat, out.categories, row.categoryMajor));
        out.categoryName.push(row.categoryName);
        out.source.push(SOURCE_CODES.indexOf(row.source as never));
        out.severity.push(SEVERITY_CODES.indexOf(row.severity as never));
        out.level.push(LEVEL_CODES.indexOf(row.level as never));
        out.status.push(STATUS_CODES.indexOf(row.status as never));
        out.street.push(code(st, out.streets, row.street));
        out.grid.push(row.grid);
        out.department.push(row.department);
        out.reportedAt.push(row.reportedAt);
        out.updatedAt.push(row.updatedAt);
        out.dueAt.push(row.dueAt);
      } else {
        const tomb = tombs[t++]!;
        out.version = tomb.lv;
        out.deleted.push(tomb.id);
      }
    }
    out.more = r < rows.length || t < tombs.length;
    if (!out.more) out.version = Math.max(out.version, store.version());
    return out;
  });
}

/** Decided alerts per camera and per kind, with how many were dismissed as false positives; the noisiest first. */
export function getAlertTriageStats(store: Store, street: string | null): AlertTriageStats {
  const where = `state <> 'open'${street !== null ? ' AND subcentre_id = @street' : ''}`;
  const p = street !== null ? { street } : {};
  const group = (column: string) =>
    store
      .statement(
        `SELECT ${column} AS key, count(*) AS decided,
                sum(CASE WHEN state = 'dismissed' AND json_extract(raw, '$.dismissReason') = 'false-positive' THEN 1 ELSE 0 END) AS falsePositives
         FROM alerts WHERE ${where} GROUP BY ${column} ORDER BY falsePositives DESC, falsePositives * 1.0 / count(*) DESC, decided DESC, key LIMIT 200`,
      )
      .all(p) as Array<{ key: string; decided: number; falsePositives: number }>;
  return store.read(() => ({ byCamera: group('camera_id'), byKind: group('kind') }));
}
