// The street scope of a street operator applied to what the core answers (issue 5): rows, columns and
// activity of other streets are dropped here, in the core, whatever the screen asks for.
import type { ActivityItem, AlertColumns, IncidentColumns, QueueColumns } from '../../src-shared/api.ts';

/** Keeps only the rows of one street; the per-row arrays stay parallel, dictionaries and paging are kept. */
export function scopeColumns<C extends IncidentColumns | AlertColumns | QueueColumns>(cols: C, street: string | null): C {
  if (street === null) return cols;
  const code = cols.streets.indexOf(street);
  const keep: number[] = [];
  if (code >= 0) for (let i = 0; i < cols.count; i++) if (cols.street[i] === code) keep.push(i);
  if (keep.length === cols.count) return cols;
  const out: Record<string, unknown> = { ...cols, count: keep.length };
  for (const [key, value] of Object.entries(cols)) {
    // Per-row arrays have one entry per row; dictionaries (streets, categories, kinds) and deleted do not.
    if (Array.isArray(value) && key !== 'streets' && key !== 'categories' && key !== 'kinds' && key !== 'deleted' && value.length === cols.count) {
      out[key] = keep.map((i) => value[i] as unknown);
    }
  }
  return out as C;
}

export function scopeRows<R extends { subcentreId: string }>(rows: R[], street: string | null): R[] {
  return street === null ? rows : rows.filter((r) => r.subcentreId === street);
}

export function scopeActivity(items: ActivityItem[], street: string | null): ActivityItem[] {
  return street === null ? items : items.filter((a) => a.subcentreId === street);
}
