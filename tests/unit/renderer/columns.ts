// Builders of IncidentColumns / AlertColumns chunks for the renderer's tests.
import type { AlertColumns, IncidentColumns } from '../../../src-shared/api.ts';

export interface IncidentRowSpec {
  id: string;
  lon?: number;
  lat?: number;
  severity?: number; // 0 red, 1 yellow, 2 green
  status?: number; // 0 reported … 5 closed, 6 rejected
  reportedAt?: number;
  dueAt?: number | null;
}

export function incidentColumns(rows: IncidentRowSpec[], version: number, opts: { more?: boolean; deleted?: string[] } = {}): IncidentColumns {
  return {
    version,
    more: opts.more ?? false,
    count: rows.length,
    ids: rows.map((r) => r.id),
    lon: rows.map((r) => r.lon ?? 117.05),
    lat: rows.map((r) => r.lat ?? 36.66),
    severity: rows.map((r) => r.severity ?? 2),
    status: rows.map((r) => r.status ?? 0),
    level: rows.map(() => 0),
    source: rows.map(() => 0),
    category: rows.map(() => 0),
    categories: ['市容环境'],
    street: rows.map(() => 0),
    streets: ['370102012'],
    reportedAt: rows.map((r) => r.reportedAt ?? 0),
    updatedAt: rows.map((r) => r.reportedAt ?? 0),
    dueAt: rows.map((r) => (r.dueAt === undefined ? null : r.dueAt)),
    deleted: opts.deleted ?? [],
  };
}

export function alertColumns(rows: Array<{ id: string; severity?: number; state?: number; lon?: number; lat?: number }>, version: number, deleted: string[] = []): AlertColumns {
  return {
    version,
    more: false,
    count: rows.length,
    ids: rows.map((r) => r.id),
    lon: rows.map((r) => r.lon ?? 117.05),
    lat: rows.map((r) => r.lat ?? 36.66),
    severity: rows.map((r) => r.severity ?? 1),
    state: rows.map((r) => r.state ?? 0),
    kinds: ['crowd'],
    kind: rows.map(() => 0),
    street: rows.map(() => 0),
    streets: ['370102012'],
    raisedAt: rows.map(() => 0),
    updatedAt: rows.map(() => 0),
    deleted,
  };
}
