// Exports of the cache (superbrain export): incidents, alerts, grids and indicator reports as GeoJSON,
// CSV or NDJSON, produced as a stream of text chunks so that a large cache is never held in memory.
// Times are written as SFP/1 times in Shanghai time (2026-11-23T08:00:00.000+08:00).
import type { AlertRow, GridRow, IncidentRow } from '../../src-shared/api.ts';
import { iterateAlerts, iterateGrids, iterateIncidents } from './queries.ts';
import type { Store } from './store.ts';
import { formatShanghaiIso } from './time.ts';

export const EXPORT_KINDS = ['incidents', 'alerts', 'grids', 'indicators'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];
export const EXPORT_FORMATS = ['geojson', 'csv', 'ndjson'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export class ExportError extends Error {
  override name = 'ExportError';
}

type Flat = Record<string, string | number | boolean | null>;
interface Source {
  columns: string[] | null;
  rows(): Iterable<{ flat: Flat; geometry: unknown | null; full: Record<string, unknown> }>;
}

const iso = (ms: number | null): string | null => (ms === null ? null : formatShanghaiIso(ms));

function incidentFlat(r: IncidentRow): Flat {
  return {
    incidentId: r.incidentId,
    subcentreId: r.subcentreId,
    rev: r.rev,
    title: r.title,
    categoryMajor: r.category.major,
    categoryMinor: r.category.minor,
    categoryName: r.category.name,
    source: r.source,
    severity: r.severity,
    level: r.level,
    status: r.status,
    lon: r.lon,
    lat: r.lat,
    gridId: r.gridId,
    address: r.address,
    department: r.department,
    reportedAt: iso(r.reportedAt),
    updatedAt: iso(r.updatedAt),
    dueAt: iso(r.dueAt),
    closedAt: iso(r.closedAt),
  };
}

function alertFlat(r: AlertRow): Flat {
  return {
    alertId: r.alertId,
    subcentreId: r.subcentreId,
    rev: r.rev,
    cameraId: r.cameraId,
    kind: r.kind,
    confidence: r.confidence,
    severity: r.severity,
    state: r.state,
    lon: r.lon,
    lat: r.lat,
    gridId: r.gridId,
    raisedAt: iso(r.raisedAt),
    updatedAt: iso(r.updatedAt),
    incidentId: r.incidentId,
    hasSnapshot: r.hasSnapshot,
  };
}

function gridFlat(r: GridRow): Flat {
  return { gridId: r.gridId, subcentreId: r.subcentreId, name: r.name, communityId: r.communityId, households: r.households, gridWorker: r.gridWorker };
}

function point(flat: Flat): unknown {
  return { type: 'Point', coordinates: [flat.lon, flat.lat] };
}

function source(store: Store, what: ExportKind): Source {
  switch (what) {
    case 'incidents':
      return {
        columns: Object.keys(incidentFlat(SAMPLE_INCIDENT)),
        *rows() {
          for (const r of iterateIncidents(store)) {
            const flat = incidentFlat(r);
            yield { flat, geometry: point(flat), full: flat };
          }
        },
      };
    case 'alerts':
      return {
        columns: Object.keys(alertFlat(SAMPLE_ALERT)),
        *rows() {
          for (const r of iterateAlerts(store)) {
            const flat = alertFlat(r);
            yield { flat, geometry: point(flat), full: flat };
          }
        },
      };
    case 'grids':
      return {
        columns: [...Object.keys(gridFlat(SAMPLE_GRID)), 'polygon'],
        *rows() {
          for (const r of iterateGrids(store)) {
            const flat = gridFlat(r);
            yield { flat: { ...flat, polygon: JSON.stringify(r.polygon) }, geometry: r.polygon, full: { ...flat, polygon: r.polygon } };
          }
        },
      };
    case 'indicators': {
      // CSV needs one column per indicator key: the union over all reports, sorted.
      const statement = store.statement(`SELECT org_id, subcentre_id, period, "values" FROM indicator_reports ORDER BY period, org_id`);
      const keys = new Set<string>();
      for (const r of statement.iterate() as IterableIterator<{ values: string }>) for (const k of Object.keys(parseValues(r.values))) keys.add(k);
      const valueKeys = [...keys].sort();
      return {
        columns: ['orgId', 'subcentreId', 'period', ...valueKeys],
        *rows() {
          for (const r of statement.iterate() as IterableIterator<{ org_id: string; subcentre_id: string; period: string; values: string }>) {
            const values = parseValues(r.values);
            const flat: Flat = { orgId: r.org_id, subcentreId: r.subcentre_id, period: r.period };
            for (const k of valueKeys) flat[k] = values[k] ?? null;
            yield { flat, geometry: null, full: { orgId: r.org_id, subcentreId: r.subcentre_id, period: r.period, values } };
          }
        },
      };
    }
  }
}

function parseValues(text: string): Record<string, number> {
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === 'object' ? (v as Record<string, number>) : {};
  } catch {
    return {};
  }
}

/**
 * One CSV cell (RFC 4180): quoted when it holds a comma, quote, line break or edge spaces. Text that a
 * spreadsheet would run as a formula (= + - @ at the start) gets a leading apostrophe: the cells come
 * from third parties (sub-centres), and a CSV opened in Excel must not execute what they wrote.
 */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'string') return String(value);
  let text = value;
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The export as text chunks (one per row, plus header/footer). */
export function* exportChunks(store: Store, what: ExportKind, format: ExportFormat): Generator<string> {
  if (!EXPORT_KINDS.includes(what)) throw new ExportError(`unknown --what "${String(what)}" (one of ${EXPORT_KINDS.join(', ')})`);
  if (!EXPORT_FORMATS.includes(format)) throw new ExportError(`unknown --format "${String(format)}" (one of ${EXPORT_FORMATS.join(', ')})`);
  if (what === 'indicators' && format === 'geojson') throw new ExportError('indicator reports have no geometry: use --format csv or ndjson');
  const src = source(store, what);
  if (format === 'csv') {
    yield `${src.columns!.map(csvCell).join(',')}\r\n`;
    for (const { flat } of src.rows()) yield `${src.columns!.map((c) => csvCell(flat[c])).join(',')}\r\n`;
  } else if (format === 'ndjson') {
    for (const { full } of src.rows()) yield `${JSON.stringify(full)}\n`;
  } else {
    yield '{"type":"FeatureCollection","features":[\n';
    let first = true;
    for (const { flat, geometry } of src.rows()) {
      const properties = { ...flat };
      delete properties.polygon;
      yield `${first ? '' : ',\n'}${JSON.stringify({ type: 'Feature', geometry, properties })}`;
      first = false;
    }
    yield '\n]}\n';
  }
}

// Column order comes from the flatteners themselves, applied to a sample row.
const SAMPLE_INCIDENT: IncidentRow = {
  incidentId: '', subcentreId: '', rev: 0, title: '', category: { major: '', minor: '', name: '' }, source: 'grid-worker', severity: 'green',
  level: 'grid', status: 'reported', lon: 0, lat: 0, gridId: null, address: null, department: null, reportedAt: 0, updatedAt: 0, dueAt: null, closedAt: null,
};
const SAMPLE_ALERT: AlertRow = {
  alertId: '', subcentreId: '', rev: 0, cameraId: '', kind: '', confidence: 0, severity: 'green', state: 'open', lon: 0, lat: 0, gridId: null,
  raisedAt: 0, updatedAt: 0, incidentId: null, hasSnapshot: false,
};
const SAMPLE_GRID: GridRow = { gridId: '', subcentreId: '', name: '', communityId: '', households: null, gridWorker: null, polygon: { type: 'Polygon', coordinates: [] } };
