// Issue 9: the district's own reference data, imported from files, in the `imported` table — apart from
// the sub-centres' entities, so a sub-centre's snapshot never overwrites it. The rule (README "Imports"):
//   - boundaries: imported ones, when there are any, are the map's district/street/community outlines;
//   - grids: imported ones, when there are any, ARE the grid layer (the sub-centres' grids stay in the
//     cache for their incidents, but are not drawn or listed);
//   - cameras, stations, orgs: listed together with the sub-centres' ones; where both hold an id, the
//     sub-centre's row wins (it carries the live status), and the imported one shows again if the
//     sub-centre deletes its own;
//   - the grid-branch mapping sets the gridId of those grid-party branches when listed.
// An import replaces every earlier import of its kinds, in ONE transaction (applyImportRecords).
import type { Boundaries, BoundaryFeature, CameraRow, GridRow, OrgRow, StationRow } from '../../src-shared/api.ts';
import type { ImportCounts, ImportKind, ImportRecord } from '../../src-shared/imports.ts';
import { canonical, heldKey, RECORD_KINDS_OF, type ImportContext, type ImportedRecord, type RecordKind } from '../import/validate.ts';
import { writeAudit, type Store } from './store.ts';

export class StaleImportError extends Error {
  override name = 'Conflict';
}

interface Row {
  kind: RecordKind;
  id: string;
  street_id: string | null;
  body: string;
}

function rowsOf(store: Store, kind: RecordKind): Row[] {
  return store.statement(`SELECT kind, id, street_id, body FROM imported WHERE kind = ? ORDER BY id`).all(kind) as Row[];
}

/** The id of the newest applied import (0 when none): a preview made before another import was applied is stale. */
export function lastImportSeq(store: Store): number {
  return Number((store.statement(`SELECT coalesce(max(id), 0) AS n FROM imports`).get() as { n: number }).n);
}

/** The imported boundaries, or null when none were imported. */
export function importedBoundaries(store: Store): Boundaries | null {
  return store.read(() => {
    const [district] = rowsOf(store, 'district');
    if (!district) return null;
    const feature = (r: Row): BoundaryFeature => JSON.parse(r.body) as BoundaryFeature;
    const last = store.statement(`SELECT file_name AS fileName, applied_at AS appliedAt FROM imports WHERE kind = 'boundaries' ORDER BY id DESC LIMIT 1`).get() as { fileName: string; appliedAt: number } | undefined;
    const d = feature(district);
    return {
      district: d,
      streets: rowsOf(store, 'street').map(feature),
      communities: rowsOf(store, 'community').map(feature),
      bbox: bboxOf(d.geometry.coordinates),
      source: last ? `imported ${last.fileName} (${new Date(last.appliedAt).toISOString().slice(0, 10)})` : 'imported',
    };
  });
}

function bboxOf(coordinates: unknown): [number, number, number, number] {
  const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (node: unknown): void => {
    if (!Array.isArray(node)) return;
    if (typeof node[0] === 'number' && typeof node[1] === 'number') {
      box[0] = Math.min(box[0], node[0]);
      box[1] = Math.min(box[1], node[1]);
      box[2] = Math.max(box[2], node[0]);
      box[3] = Math.max(box[3], node[1]);
      return;
    }
    for (const child of node) visit(child);
  };
  visit(coordinates);
  return box;
}

/** The imported grids as the API lists them, or null when none were imported. */
export function importedGrids(store: Store): GridRow[] | null {
  const rows = rowsOf(store, 'grid');
  if (rows.length === 0) return null;
  return rows.map((r) => {
    const b = JSON.parse(r.body) as { gridId: string; name: string; communityId: string; polygon: GridRow['polygon']; households?: number; gridWorker?: string };
    return { gridId: b.gridId, subcentreId: r.street_id ?? '', name: b.name, communityId: b.communityId, households: b.households ?? null, gridWorker: b.gridWorker ?? null, polygon: b.polygon };
  });
}

/** The sub-centres' cameras plus imported ones they do not hold. */
export function withImportedCameras(store: Store, rows: CameraRow[]): CameraRow[] {
  const extra = rowsOf(store, 'camera');
  if (extra.length === 0) return rows;
  const held = new Set(rows.map((r) => r.cameraId));
  const out = [...rows];
  for (const r of extra) {
    if (held.has(r.id)) continue;
    const b = JSON.parse(r.body) as { cameraId: string; name: string; location: { lon: number; lat: number }; gridId?: string; status: CameraRow['status'] };
    out.push({ cameraId: b.cameraId, subcentreId: r.street_id ?? '', name: b.name, lon: b.location.lon, lat: b.location.lat, gridId: b.gridId ?? null, status: b.status });
  }
  return out.sort((a, b) => (a.cameraId < b.cameraId ? -1 : a.cameraId > b.cameraId ? 1 : 0));
}

export function withImportedStations(store: Store, rows: StationRow[]): StationRow[] {
  const extra = rowsOf(store, 'station');
  if (extra.length === 0) return rows;
  const held = new Set(rows.map((r) => r.stationId));
  const out = [...rows];
  for (const r of extra) {
    if (held.has(r.id)) continue;
    const b = JSON.parse(r.body) as { stationId: string; name: string; tier: number; location: { lon: number; lat: number }; openNow: boolean };
    out.push({ stationId: b.stationId, subcentreId: r.street_id ?? '', name: b.name, tier: b.tier, lon: b.location.lon, lat: b.location.lat, openNow: b.openNow, visitsToday: null });
  }
  return out.sort((a, b) => (a.stationId < b.stationId ? -1 : a.stationId > b.stationId ? 1 : 0));
}

/** The sub-centres' org tree plus imported units they do not hold, with the imported grid-branch mapping applied. */
export function withImportedOrgs(store: Store, rows: OrgRow[]): OrgRow[] {
  const extra = rowsOf(store, 'org');
  const mapping = rowsOf(store, 'branch-grid');
  if (extra.length === 0 && mapping.length === 0) return rows;
  const held = new Set(rows.map((r) => r.orgId));
  let out = [...rows];
  for (const r of extra) {
    if (held.has(r.id)) continue;
    const b = JSON.parse(r.body) as { orgId: string; kind: string; name: string; parentId?: string; gridId?: string; members?: number; secretary?: string };
    out.push({ orgId: b.orgId, subcentreId: r.street_id ?? '', kind: b.kind, name: b.name, parentId: b.parentId ?? null, gridId: b.gridId ?? null, members: b.members ?? null, secretary: b.secretary ?? null });
  }
  if (mapping.length) {
    const gridOf = new Map(mapping.map((m) => [m.id, (JSON.parse(m.body) as { gridId: string }).gridId]));
    out = out.map((o) => (gridOf.has(o.orgId) ? { ...o, gridId: gridOf.get(o.orgId)! } : o));
  }
  return out.sort((a, b) => (a.orgId < b.orgId ? -1 : a.orgId > b.orgId ? 1 : 0));
}

/** Everything the validation of `kind` needs to know about the cache, read in one read transaction. */
export function readImportContext(store: Store, kind: ImportKind, fallbackBoundaries: () => Boundaries | null): ImportContext & { baseSeq: number; supersedes: number | null } {
  return store.read(() => {
    const boundaries = importedBoundaries(store) ?? fallbackBoundaries();
    const communityStreet = new Map<string, string>();
    for (const c of boundaries?.communities ?? []) if (c.properties.parentId) communityStreet.set(c.properties.id, c.properties.parentId);
    const grids = new Map<string, string>();
    const imported = importedGrids(store);
    if (imported) for (const g of imported) grids.set(g.gridId, g.subcentreId);
    else for (const g of store.statement(`SELECT grid_id AS id, subcentre_id AS street FROM grids`).all() as Array<{ id: string; street: string }>) grids.set(g.id, g.street);
    const orgs = new Map<string, { kind: string; streetId: string }>();
    for (const o of rowsOf(store, 'org')) orgs.set(o.id, { kind: (JSON.parse(o.body) as { kind: string }).kind, streetId: o.street_id ?? '' });
    for (const o of store.statement(`SELECT org_id AS id, kind, subcentre_id AS street FROM orgs`).all() as Array<{ id: string; kind: string; street: string }>) orgs.set(o.id, { kind: o.kind, streetId: o.street });
    const held = new Map<string, string>();
    for (const k of RECORD_KINDS_OF[kind]) {
      for (const r of rowsOf(store, k)) held.set(heldKey(k, r.id), canonical({ kind: k, id: r.id, streetId: r.street_id, body: JSON.parse(r.body) as Record<string, unknown> }));
    }
    const importedGridCommunities = new Map<string, string>();
    if (kind === 'boundaries' && imported) for (const g of imported) importedGridCommunities.set(g.gridId, g.communityId);
    const supersedes = kind === 'grids' ? Number((store.statement(`SELECT count(*) AS n FROM grids`).get() as { n: number }).n) : null;
    return {
      boundaries: boundaries
        ? { districtId: boundaries.district.properties.id, streets: new Set(boundaries.streets.map((s) => s.properties.id)), communityStreet }
        : null,
      grids,
      orgs,
      held,
      importedGridCommunities,
      baseSeq: lastImportSeq(store),
      supersedes,
    };
  });
}

const CHANGES: Readonly<Record<ImportKind, ReadonlyArray<'boundaries' | 'grid' | 'org' | 'camera' | 'station'>>> = {
  boundaries: ['boundaries'],
  grids: ['grid', 'boundaries'],
  orgs: ['org'],
  'branch-grids': ['org'],
  cameras: ['camera'],
  stations: ['station'],
};

export interface ApplyImportInput {
  importId: string;
  kind: ImportKind;
  fileName: string;
  records: readonly ImportedRecord[];
  counts: ImportCounts;
  actor: unknown;
  at: number;
  /** lastImportSeq when the preview was made: if another import was applied since, the preview is stale. */
  baseSeq: number;
}

/**
 * Replaces every earlier import of the kind's records with `records`, records the import and audits it,
 * in ONE transaction: any failure leaves the cache as it was.
 */
export function applyImportRecords(store: Store, input: ApplyImportInput): { seq: number } {
  return store.write((tx) => {
    const current = lastImportSeq(store);
    if (current !== input.baseSeq) throw new StaleImportError(`another import was applied after this preview was made: preview the file again`);
    const del = store.statement(`DELETE FROM imported WHERE kind = ?`);
    for (const k of RECORD_KINDS_OF[input.kind]) del.run(k);
    const insert = store.statement(`INSERT INTO imported (kind, id, street_id, body, import_id) VALUES (?, ?, ?, ?, ?)`);
    for (const r of input.records) insert.run(r.kind, r.id, r.streetId, JSON.stringify(r.body), input.importId);
    const info = store
      .statement(`INSERT INTO imports (import_id, kind, file_name, applied_at, actor, counts) VALUES (?, ?, ?, ?, ?, ?)`)
      .run(input.importId, input.kind, input.fileName, input.at, JSON.stringify(input.actor ?? null), JSON.stringify(input.counts));
    writeAudit(store, { at: input.at, actor: input.actor, action: 'import.applied', subject: input.kind, detail: { importId: input.importId, fileName: input.fileName, counts: input.counts } });
    tx.nextLv(); // so that the ChangeNotice carries a newer version
    for (const k of CHANGES[input.kind]) tx.changed(k);
    return { seq: Number(info.lastInsertRowid) };
  });
}

/** Applied imports, newest first. */
export function listImportRecords(store: Store, limit = 50): ImportRecord[] {
  const rows = store.statement(`SELECT id, import_id, kind, file_name, applied_at, actor, counts FROM imports ORDER BY id DESC LIMIT ?`).all(limit) as Array<{
    id: number;
    import_id: string;
    kind: ImportKind;
    file_name: string;
    applied_at: number;
    actor: string | null;
    counts: string;
  }>;
  return rows.map((r) => {
    const actor = r.actor ? (JSON.parse(r.actor) as { name?: unknown } | null) : null;
    return { id: r.id, importId: r.import_id, kind: r.kind, fileName: r.file_name, appliedAt: r.applied_at, actor: actor && typeof actor.name === 'string' ? actor.name : null, counts: JSON.parse(r.counts) as ImportCounts };
  });
}

export class ClearImportError extends Error {
  override name = 'BadRequest';
}

/**
 * Removes every record of an earlier import of `kind` (the sub-centres' data, or the demo boundaries, are
 * then in force again), records it as an import with only removals, and audits it (import.cleared) — one
 * transaction. Boundaries cannot go while imported grids lie in them.
 */
export function clearImportedRecords(store: Store, input: { importId: string; kind: ImportKind; actor: unknown; at: number }): { removed: number; seq: number } {
  return store.write((tx) => {
    const kinds = RECORD_KINDS_OF[input.kind];
    const count = store.statement(`SELECT count(*) AS n FROM imported WHERE kind = ?`);
    const removed = kinds.reduce((n, k) => n + Number((count.get(k) as { n: number }).n), 0);
    if (removed === 0) throw new ClearImportError(`clearImport: nothing of kind ${input.kind} was imported`);
    if (input.kind === 'boundaries' && Number((count.get('grid') as { n: number }).n) > 0) {
      throw new ClearImportError('clearImport: imported grids lie in the imported boundaries: remove the imported grids first');
    }
    const del = store.statement(`DELETE FROM imported WHERE kind = ?`);
    for (const k of kinds) del.run(k);
    const counts: ImportCounts = { total: 0, new: 0, changed: 0, unchanged: 0, removed };
    const info = store
      .statement(`INSERT INTO imports (import_id, kind, file_name, applied_at, actor, counts) VALUES (?, ?, '', ?, ?, ?)`)
      .run(input.importId, input.kind, input.at, JSON.stringify(input.actor ?? null), JSON.stringify(counts));
    writeAudit(store, { at: input.at, actor: input.actor, action: 'import.cleared', subject: input.kind, detail: { importId: input.importId, removed } });
    tx.nextLv();
    for (const k of CHANGES[input.kind]) tx.changed(k);
    return { removed, seq: Number(info.lastInsertRowid) };
  });
}
