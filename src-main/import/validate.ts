// Issue 9: validation of each import kind. From the parsed file (GeoJSON object or table) and what the
// cache holds now (the boundaries in force, the grids, the orgs, earlier imports) to the records an apply
// would write, the counts against earlier imports, and EVERY problem with its row or feature and field.
// No writes here: applying is src-main/store/imported.ts, one transaction.
import { checkArea, checkPoint } from '../../src-shared/domain/area-check.ts';
import type { ImportCounts, ImportKind, ImportProblem } from '../../src-shared/imports.ts';
import type { Table } from './read-file.ts';

/** What one import replaces: the kinds of records it writes (an import replaces all earlier ones of these kinds). */
export type RecordKind = 'district' | 'street' | 'community' | 'grid' | 'org' | 'branch-grid' | 'camera' | 'station';
export const RECORD_KINDS_OF: Readonly<Record<ImportKind, readonly RecordKind[]>> = {
  boundaries: ['district', 'street', 'community'],
  grids: ['grid'],
  orgs: ['org'],
  'branch-grids': ['branch-grid'],
  cameras: ['camera'],
  stations: ['station'],
};

export interface ImportedRecord {
  kind: RecordKind;
  id: string;
  /** The street (sub-centre) code the record belongs to, for street scope; null for district-wide ones. */
  streetId: string | null;
  body: Record<string, unknown>;
}

/** What the cache holds now, as the validation needs it. */
export interface ImportContext {
  /** The boundaries in force (imported, else the demo's); null when none are available. */
  boundaries: { districtId: string; streets: ReadonlySet<string>; communityStreet: ReadonlyMap<string, string> } | null;
  /** The grids drawn now (imported, else the sub-centres'): grid id → street code. */
  grids: ReadonlyMap<string, string>;
  /** The org tree known now (sub-centres' and imported): org id → kind and street. */
  orgs: ReadonlyMap<string, { kind: string; streetId: string }>;
  /** Earlier imports of the kinds this import replaces: `${kind}\u0000${id}` → canonical text. */
  held: ReadonlyMap<string, string>;
  /** Grid ids held by earlier grid imports (a boundaries import must keep their communities). */
  importedGridCommunities: ReadonlyMap<string, string>;
}

export interface ValidationResult {
  records: ImportedRecord[];
  problems: ImportProblem[];
  counts: ImportCounts;
}

export interface ValidateOptions {
  gcj02: boolean;
  /** Called every few thousand records; awaiting it lets the host answer other calls meanwhile. */
  progress?: (done: number, total: number) => Promise<void> | void;
}

const PROGRESS_EVERY = 2_000;
const ID = /^[A-Za-z0-9_.:\-]{1,64}$/;
const DISTRICT_CODE = /^\d{6}$/;
const STREET_CODE = /^\d{9}$/;
const COMMUNITY_CODE = /^\d{12}$/;
const CAMERA_CODE = /^\d{20}$/; // GB/T 28181
const ORG_KINDS = ['street-committee', 'community-committee', 'grid-branch', 'building-group', 'member-household'] as const;
const ORG_KIND_ALIASES: Record<string, (typeof ORG_KINDS)[number]> = {
  街道党工委: 'street-committee',
  社区党委: 'community-committee',
  网格党支部: 'grid-branch',
  楼院党小组: 'building-group',
  党员中心户: 'member-household',
};
const CAMERA_STATUS_ALIASES: Record<string, 'online' | 'offline' | 'fault'> = { online: 'online', offline: 'offline', fault: 'fault', 在线: 'online', 离线: 'offline', 故障: 'fault' };
const TRUE_WORDS = new Set(['true', '1', 'yes', 'y', '是', '开放', 'open']);
const FALSE_WORDS = new Set(['false', '0', 'no', 'n', '否', '关闭', 'closed']);

/** The canonical text of a record, to tell changed from unchanged. */
export function canonical(r: ImportedRecord): string {
  return `${r.streetId ?? ''}\u0000${JSON.stringify(r.body)}`;
}
export function heldKey(kind: RecordKind, id: string): string {
  return `${kind}\u0000${id}`;
}

function countAgainst(records: readonly ImportedRecord[], held: ReadonlyMap<string, string>): ImportCounts {
  const counts: ImportCounts = { total: records.length, new: 0, changed: 0, unchanged: 0, removed: 0 };
  const seen = new Set<string>();
  for (const r of records) {
    const key = heldKey(r.kind, r.id);
    seen.add(key);
    const before = held.get(key);
    if (before === undefined) counts.new++;
    else if (before === canonical(r)) counts.unchanged++;
    else counts.changed++;
  }
  for (const key of held.keys()) if (!seen.has(key)) counts.removed++;
  return counts;
}

/**
 * A text field's value: strings, numbers and booleans as text; anything else (an object, an array) is not
 * text and reads as empty, so a required field says it is missing. (String() of an object is
 * "[object Object]", and of an object whose toString is not a function, an exception.)
 */
function text(v: unknown): string {
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return '';
}

// ---------- GeoJSON kinds ----------

interface GeoFeature {
  index: number;
  properties: Record<string, unknown>;
  geometry: unknown;
}

function features(json: unknown, problems: ImportProblem[]): GeoFeature[] {
  const fc = json as { type?: unknown; features?: unknown } | null;
  if (fc === null || typeof fc !== 'object' || fc.type !== 'FeatureCollection' || !Array.isArray(fc.features)) {
    problems.push({ row: null, feature: null, id: null, field: 'type', reason: 'the file must be a GeoJSON FeatureCollection' });
    return [];
  }
  const out: GeoFeature[] = [];
  fc.features.forEach((f: unknown, index) => {
    const feature = f as { type?: unknown; properties?: unknown; geometry?: unknown } | null;
    if (feature === null || typeof feature !== 'object' || feature.type !== 'Feature') {
      problems.push({ row: null, feature: index, id: null, field: 'type', reason: 'not a GeoJSON Feature' });
      return;
    }
    const properties = feature.properties !== null && typeof feature.properties === 'object' && !Array.isArray(feature.properties) ? (feature.properties as Record<string, unknown>) : {};
    out.push({ index, properties, geometry: feature.geometry });
  });
  return out;
}

function prop(p: Record<string, unknown>, ...names: string[]): { name: string; value: string } {
  for (const n of names) if (p[n] !== undefined && p[n] !== null && text(p[n]) !== '') return { name: n, value: text(p[n]) };
  return { name: names[0]!, value: '' };
}

function geometryOf(f: GeoFeature, id: string | null, gcj02: boolean, problems: ImportProblem[]) {
  const checked = checkArea(f.geometry, { gcj02 });
  for (const p of checked.problems) problems.push({ row: null, feature: f.index, id, field: p.path, reason: p.reason });
  return checked.geometry;
}

async function tick(options: ValidateOptions, i: number, total: number): Promise<void> {
  if (options.progress && i % PROGRESS_EVERY === 0) await options.progress(i, total);
}

export async function validateBoundaries(json: unknown, ctx: ImportContext, options: ValidateOptions): Promise<ValidationResult> {
  const problems: ImportProblem[] = [];
  const list = features(json, problems);
  const records: ImportedRecord[] = [];
  const ids = new Map<string, number>();
  const levelOf = new Map<string, string>();
  // First pass: ids and levels (a community may come before its street).
  for (const f of list) {
    const id = prop(f.properties, 'id', 'code', 'adcode').value;
    const level = text(f.properties.level);
    if (id && (level === 'district' || level === 'street' || level === 'community')) levelOf.set(id, level);
  }
  let districtId: string | null = null;
  for (const [i, f] of list.entries()) {
    await tick(options, i, list.length);
    const before = problems.length;
    const idProp = prop(f.properties, 'id', 'code', 'adcode');
    const id = idProp.value || null;
    const bad = (field: string, reason: string) => problems.push({ row: null, feature: f.index, id, field: `properties.${field}`, reason });
    const level = text(f.properties.level);
    const name = prop(f.properties, 'name').value;
    const parentId = prop(f.properties, 'parentId', 'parent').value;
    if (!id) bad('id', 'missing');
    if (!name) bad('name', 'missing');
    if (level !== 'district' && level !== 'street' && level !== 'community') bad('level', `must be district, street or community, got ${JSON.stringify(f.properties.level ?? null)}`);
    if (id) {
      const first = ids.get(id);
      if (first !== undefined) bad(idProp.name, `duplicate id: also feature ${first}`);
      else ids.set(id, f.index);
    }
    if (id && level === 'district') {
      if (!DISTRICT_CODE.test(id)) bad(idProp.name, `a district code has 6 digits (GB/T 2260), got "${id}"`);
      if (districtId !== null) bad('level', `a second district (the first is ${districtId}): one district per file`);
      else districtId = id;
    }
    if (id && level === 'street') {
      if (!STREET_CODE.test(id)) bad(idProp.name, `a street code has 9 digits, got "${id}"`);
      if (parentId && levelOf.get(parentId) !== 'district') bad('parentId', `"${parentId}" is not the district of this file`);
    }
    if (id && level === 'community') {
      if (!COMMUNITY_CODE.test(id)) bad(idProp.name, `a community code has 12 digits, got "${id}"`);
      if (!parentId) bad('parentId', 'missing: the street this community belongs to');
      else if (levelOf.get(parentId) !== 'street') bad('parentId', `street "${parentId}" is not in this file`);
      else if (COMMUNITY_CODE.test(id) && !id.startsWith(parentId)) bad(idProp.name, `community code "${id}" does not start with its street code ${parentId}`);
    }
    const geometry = geometryOf(f, id, options.gcj02, problems);
    if (problems.length > before || !geometry || !id) continue;
    const properties: Record<string, unknown> = { id, name, level };
    if (level !== 'district') properties.parentId = parentId || districtId;
    records.push({ kind: level as RecordKind, id, streetId: level === 'street' ? id : level === 'community' ? parentId : null, body: { type: 'Feature', properties, geometry } });
  }
  if (list.length > 0 && districtId === null) problems.push({ row: null, feature: null, id: null, field: 'level', reason: 'the file has no district feature (level "district")' });
  // Streets must lie in the file's district (by code), and at least one must be there.
  for (const f of list) {
    const id = prop(f.properties, 'id', 'code', 'adcode').value;
    if (districtId && text(f.properties.level) === 'street' && STREET_CODE.test(id) && !id.startsWith(districtId)) {
      problems.push({ row: null, feature: f.index, id, field: 'properties.id', reason: `street code "${id}" does not start with the district code ${districtId}` });
    }
  }
  if (list.length > 0 && ![...levelOf.values()].includes('street')) problems.push({ row: null, feature: null, id: null, field: 'level', reason: 'the file has no street (level "street")' });
  if (list.length === 0 && problems.length === 0) problems.push({ row: null, feature: null, id: null, field: 'features', reason: 'the file holds no feature' });
  // Grids imported earlier must keep their communities.
  for (const [gridId, communityId] of ctx.importedGridCommunities) {
    if (levelOf.get(communityId) !== 'community') {
      problems.push({ row: null, feature: null, id: gridId, field: 'communityId', reason: `imported grid ${gridId} lies in community ${communityId}, which this file does not have (import the grids again first)` });
    }
  }
  return { records, problems, counts: countAgainst(records, ctx.held) };
}

export async function validateGrids(json: unknown, ctx: ImportContext, options: ValidateOptions): Promise<ValidationResult> {
  const problems: ImportProblem[] = [];
  const list = features(json, problems);
  const records: ImportedRecord[] = [];
  const ids = new Map<string, number>();
  if (!ctx.boundaries) problems.push({ row: null, feature: null, id: null, field: '', reason: 'no boundaries are loaded: import the district boundaries first' });
  for (const [i, f] of list.entries()) {
    await tick(options, i, list.length);
    const before = problems.length;
    const idProp = prop(f.properties, 'gridId', 'id', 'code');
    const id = idProp.value || null;
    const bad = (field: string, reason: string) => problems.push({ row: null, feature: f.index, id, field: `properties.${field}`, reason });
    const name = prop(f.properties, 'name').value;
    const communityProp = prop(f.properties, 'communityId', 'parentId');
    const communityId = communityProp.value;
    const streetGiven = prop(f.properties, 'streetId').value;
    if (!id) bad('gridId', 'missing');
    else if (!ID.test(id)) bad(idProp.name, `"${id.slice(0, 80)}" is not a well-formed id (letters, digits, _ . : - ; at most 64)`);
    else {
      const first = ids.get(id);
      if (first !== undefined) bad(idProp.name, `duplicate grid id: also feature ${first}`);
      else ids.set(id, f.index);
    }
    if (!name) bad('name', 'missing');
    let streetId: string | undefined;
    if (!communityId) bad('communityId', 'missing: the community this grid belongs to');
    else if (ctx.boundaries) {
      streetId = ctx.boundaries.communityStreet.get(communityId);
      if (!streetId) bad(communityProp.name, `community "${communityId}" is not in the boundaries in force`);
      else if (streetGiven && streetGiven !== streetId) bad('streetId', `"${streetGiven}" disagrees with the street of community ${communityId} (${streetId})`);
    }
    const households = f.properties.households;
    if (households !== undefined && households !== null && households !== '' && !(Number.isInteger(Number(households)) && Number(households) >= 0)) bad('households', `must be a whole number ≥ 0, got ${JSON.stringify(households)}`);
    const gridWorker = prop(f.properties, 'gridWorker').value;
    if (gridWorker.length > 100) bad('gridWorker', 'longer than 100 characters');
    if (name.length > 200) bad('name', 'longer than 200 characters');
    const geometry = geometryOf(f, id, options.gcj02, problems);
    if (problems.length > before || !geometry || !id || !streetId) continue;
    const body: Record<string, unknown> = { gridId: id, rev: 1, name, communityId, polygon: geometry };
    if (households !== undefined && households !== null && households !== '') body.households = Number(households);
    if (gridWorker) body.gridWorker = gridWorker;
    records.push({ kind: 'grid', id, streetId, body });
  }
  if (list.length === 0 && problems.length === 0) problems.push({ row: null, feature: null, id: null, field: 'features', reason: 'the file holds no feature' });
  return { records, problems, counts: countAgainst(records, ctx.held) };
}

// ---------- table kinds ----------

interface Column {
  key: string;
  required: boolean;
  aliases: string[];
}

const norm = (h: string): string => h.trim().toLowerCase().replace(/[\s_\-（）()]/g, '');

function mapColumns(table: Table, columns: readonly Column[], problems: ImportProblem[]): Map<string, number> {
  const at = new Map<string, number>();
  const headers = table.header.map(norm);
  for (const c of columns) {
    const names = [c.key, ...c.aliases].map(norm);
    const index = headers.findIndex((h) => names.includes(h));
    if (index >= 0) at.set(c.key, index);
    else if (c.required) problems.push({ row: 1, feature: null, id: null, field: c.key, reason: `column missing (header "${c.key}" or ${c.aliases.map((a) => `"${a}"`).join(', ')})` });
  }
  return at;
}

type RowGet = (key: string) => string;

async function eachRow(table: Table, columns: Map<string, number>, options: ValidateOptions, fn: (get: RowGet, row: number) => void): Promise<void> {
  for (const [i, r] of table.rows.entries()) {
    await tick(options, i, table.rows.length);
    fn((key) => {
      const idx = columns.get(key);
      return idx === undefined ? '' : (r.cells[idx] ?? '').trim();
    }, r.row);
  }
}

function streetFor(ctx: ImportContext, get: RowGet, gridId: string, bad: (field: string, reason: string) => void): string | null {
  const given = get('streetId');
  const fromGrid = gridId ? ctx.grids.get(gridId) : undefined;
  if (gridId && !fromGrid) {
    bad('gridId', `grid "${gridId}" is not among the grids in force`);
    return null;
  }
  if (given) {
    if (!STREET_CODE.test(given)) {
      bad('streetId', `a street code has 9 digits, got "${given}"`);
      return null;
    }
    if (ctx.boundaries && !ctx.boundaries.streets.has(given)) {
      bad('streetId', `street "${given}" is not in the boundaries in force`);
      return null;
    }
    if (fromGrid && fromGrid !== given) {
      bad('streetId', `"${given}" disagrees with the street of grid ${gridId} (${fromGrid})`);
      return null;
    }
    return given;
  }
  return fromGrid ?? null;
}

function number(get: RowGet, key: string, bad: (field: string, reason: string) => void, check: (n: number) => boolean, what: string): number | undefined {
  const raw = get(key);
  if (raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || !check(n)) {
    bad(key, `must be ${what}, got "${raw.slice(0, 40)}"`);
    return undefined;
  }
  return n;
}

const ORG_COLUMNS: Column[] = [
  { key: 'orgId', required: true, aliases: ['组织编号', '组织id', '编号', 'id'] },
  { key: 'kind', required: true, aliases: ['类型', '组织类型', '层级'] },
  { key: 'name', required: true, aliases: ['名称', '组织名称'] },
  { key: 'parentId', required: false, aliases: ['上级编号', '上级组织编号', 'parent'] },
  { key: 'gridId', required: false, aliases: ['网格编号', '网格'] },
  { key: 'streetId', required: false, aliases: ['街道编号', '街道代码', '街道'] },
  { key: 'members', required: false, aliases: ['党员数', '党员人数'] },
  { key: 'secretary', required: false, aliases: ['书记'] },
];

export async function validateOrgs(table: Table, ctx: ImportContext, options: ValidateOptions): Promise<ValidationResult> {
  const problems: ImportProblem[] = [];
  const columns = mapColumns(table, ORG_COLUMNS, problems);
  if (problems.length) return { records: [], problems, counts: countAgainst([], ctx.held) };
  interface Row { row: number; orgId: string; kind: string; name: string; parentId: string; gridId: string; givenStreet: string | null; members?: number; secretary: string; ok: boolean }
  const rows: Row[] = [];
  const byId = new Map<string, Row>();
  await eachRow(table, columns, options, (get, row) => {
    const orgId = get('orgId');
    const bad = (field: string, reason: string) => problems.push({ row, feature: null, id: orgId || null, field, reason });
    const before = problems.length;
    if (!orgId) bad('orgId', 'missing');
    else if (!ID.test(orgId)) bad('orgId', `"${orgId.slice(0, 80)}" is not a well-formed id (letters, digits, _ . : - ; at most 64)`);
    else if (byId.has(orgId)) bad('orgId', `duplicate: also row ${byId.get(orgId)!.row}`);
    const kindRaw = get('kind');
    const kind = (ORG_KINDS as readonly string[]).includes(kindRaw) ? kindRaw : (ORG_KIND_ALIASES[kindRaw] ?? '');
    if (!kind) bad('kind', `must be one of ${ORG_KINDS.join(', ')} (or 街道党工委, 社区党委, 网格党支部, 楼院党小组, 党员中心户), got "${kindRaw.slice(0, 40)}"`);
    const name = get('name');
    if (!name) bad('name', 'missing');
    else if (name.length > 200) bad('name', 'longer than 200 characters');
    const secretary = get('secretary');
    if (secretary.length > 100) bad('secretary', 'longer than 100 characters');
    const members = number(get, 'members', bad, (n) => Number.isInteger(n) && n >= 0, 'a whole number ≥ 0');
    const gridId = get('gridId');
    const givenStreet = streetFor(ctx, (k) => (k === 'streetId' ? get('streetId') : ''), gridId, bad);
    const r: Row = { row, orgId, kind, name, parentId: get('parentId'), gridId, givenStreet, secretary, ok: problems.length === before };
    if (members !== undefined) r.members = members;
    rows.push(r);
    if (orgId && !byId.has(orgId)) byId.set(orgId, r);
  });
  // Second pass: parents resolve (in the file or the sub-centres' tree), rank above the child, no cycles; the street follows the parent.
  const rank = (k: string): number => (ORG_KINDS as readonly string[]).indexOf(k);
  const streetOf = new Map<string, string | null>();
  const resolveStreet = (r: Row, seen: Set<string>): string | null => {
    if (streetOf.has(r.orgId)) return streetOf.get(r.orgId)!;
    let s = r.givenStreet;
    if (!s && r.parentId) {
      const parent = byId.get(r.parentId);
      if (parent && !seen.has(parent.orgId)) s = resolveStreet(parent, new Set(seen).add(r.orgId));
      else if (!parent) s = ctx.orgs.get(r.parentId)?.streetId ?? null;
    }
    streetOf.set(r.orgId, s);
    return s;
  };
  const records: ImportedRecord[] = [];
  for (const r of rows) {
    const bad = (field: string, reason: string) => problems.push({ row: r.row, feature: null, id: r.orgId || null, field, reason });
    const before = problems.length;
    if (r.parentId) {
      const parent = byId.get(r.parentId);
      const parentKind = parent?.kind ?? ctx.orgs.get(r.parentId)?.kind;
      if (r.parentId === r.orgId) bad('parentId', 'an organisation cannot be its own parent');
      else if (parentKind === undefined) bad('parentId', `"${r.parentId}" is neither in this file nor in the organisation tree`);
      // Parents rank strictly above their children, so the tree can have no cycle.
      else if (r.kind && rank(parentKind) >= rank(r.kind)) bad('parentId', `a ${r.kind} cannot hang under a ${parentKind}`);
    } else if (r.kind && r.kind !== 'street-committee') bad('parentId', `missing: only a street-committee may have no parent`);
    const streetId = r.orgId ? resolveStreet(r, new Set()) : null;
    if (r.ok && problems.length === before && !streetId) bad('streetId', 'cannot tell the street: give streetId (9 digits) on this row or an ancestor, or a gridId');
    if (!r.ok || problems.length > before || !streetId) continue;
    const body: Record<string, unknown> = { orgId: r.orgId, rev: 1, kind: r.kind, name: r.name };
    if (r.parentId) body.parentId = r.parentId;
    if (r.gridId) body.gridId = r.gridId;
    if (r.members !== undefined) body.members = r.members;
    if (r.secretary) body.secretary = r.secretary;
    records.push({ kind: 'org', id: r.orgId, streetId, body });
  }
  if (table.rows.length === 0) problems.push({ row: null, feature: null, id: null, field: '', reason: 'the file holds no row under its header' });
  return { records, problems, counts: countAgainst(records, ctx.held) };
}

const BRANCH_GRID_COLUMNS: Column[] = [
  { key: 'orgId', required: true, aliases: ['支部编号', '组织编号', '网格党支部编号'] },
  { key: 'gridId', required: true, aliases: ['网格编号', '网格'] },
];

/** The grid-branch mapping: which grid each grid party branch serves (一张网). orgs = the tree including pending imports. */
export async function validateBranchGrids(table: Table, ctx: ImportContext, options: ValidateOptions): Promise<ValidationResult> {
  const problems: ImportProblem[] = [];
  const columns = mapColumns(table, BRANCH_GRID_COLUMNS, problems);
  if (problems.length) return { records: [], problems, counts: countAgainst([], ctx.held) };
  const records: ImportedRecord[] = [];
  const seen = new Map<string, number>();
  const gridTaken = new Map<string, number>();
  await eachRow(table, columns, options, (get, row) => {
    const orgId = get('orgId');
    const gridId = get('gridId');
    const bad = (field: string, reason: string) => problems.push({ row, feature: null, id: orgId || null, field, reason });
    const before = problems.length;
    const org = ctx.orgs.get(orgId);
    if (!orgId) bad('orgId', 'missing');
    else if (seen.has(orgId)) bad('orgId', `duplicate: also row ${seen.get(orgId)}`);
    else if (!org) bad('orgId', `branch "${orgId}" is not in the organisation tree`);
    else if (org.kind !== 'grid-branch') bad('orgId', `"${orgId}" is a ${org.kind}, not a grid-branch`);
    if (orgId && !seen.has(orgId)) seen.set(orgId, row);
    const gridStreet = ctx.grids.get(gridId);
    if (!gridId) bad('gridId', 'missing');
    else if (!gridStreet) bad('gridId', `grid "${gridId}" is not among the grids in force`);
    else if (gridTaken.has(gridId)) bad('gridId', `grid ${gridId} is already given to another branch on row ${gridTaken.get(gridId)}`);
    else if (org && org.streetId !== gridStreet) bad('gridId', `grid ${gridId} lies in street ${gridStreet}, branch ${orgId} in street ${org.streetId}`);
    if (gridId && !gridTaken.has(gridId)) gridTaken.set(gridId, row);
    if (problems.length === before) records.push({ kind: 'branch-grid', id: orgId, streetId: gridStreet ?? null, body: { orgId, gridId } });
  });
  if (table.rows.length === 0) problems.push({ row: null, feature: null, id: null, field: '', reason: 'the file holds no row under its header' });
  return { records, problems, counts: countAgainst(records, ctx.held) };
}

const POINT_COLUMNS: Column[] = [
  { key: 'lon', required: true, aliases: ['经度', 'longitude', 'lng', 'x'] },
  { key: 'lat', required: true, aliases: ['纬度', 'latitude', 'y'] },
  { key: 'gridId', required: false, aliases: ['网格编号', '网格'] },
  { key: 'streetId', required: false, aliases: ['街道编号', '街道代码', '街道'] },
];
const CAMERA_COLUMNS: Column[] = [
  { key: 'cameraId', required: true, aliases: ['摄像机编号', '设备编号', '国标编号', 'id'] },
  { key: 'name', required: true, aliases: ['名称', '点位名称', '设备名称'] },
  { key: 'status', required: false, aliases: ['状态'] },
  ...POINT_COLUMNS,
];
const STATION_COLUMNS: Column[] = [
  { key: 'stationId', required: true, aliases: ['阵地编号', '站点编号', '编号', 'id'] },
  { key: 'name', required: true, aliases: ['名称', '阵地名称'] },
  { key: 'tier', required: true, aliases: ['层级', '级别'] },
  { key: 'openNow', required: false, aliases: ['开放', '是否开放'] },
  ...POINT_COLUMNS,
];

async function validatePoints(kind: 'camera' | 'station', table: Table, ctx: ImportContext, options: ValidateOptions): Promise<ValidationResult> {
  const problems: ImportProblem[] = [];
  const columns = mapColumns(table, kind === 'camera' ? CAMERA_COLUMNS : STATION_COLUMNS, problems);
  if (problems.length) return { records: [], problems, counts: countAgainst([], ctx.held) };
  const idKey = kind === 'camera' ? 'cameraId' : 'stationId';
  const records: ImportedRecord[] = [];
  const seen = new Map<string, number>();
  await eachRow(table, columns, options, (get, row) => {
    const id = get(idKey);
    const bad = (field: string, reason: string) => problems.push({ row, feature: null, id: id || null, field, reason });
    const before = problems.length;
    if (!id) bad(idKey, 'missing');
    else if (kind === 'camera' && !CAMERA_CODE.test(id)) bad(idKey, `a camera id has 20 digits (GB/T 28181), got "${id.slice(0, 40)}"`);
    else if (kind === 'station' && !ID.test(id)) bad(idKey, `"${id.slice(0, 80)}" is not a well-formed id (letters, digits, _ . : - ; at most 64)`);
    else if (seen.has(id)) bad(idKey, `duplicate: also row ${seen.get(id)}`);
    if (id && !seen.has(id)) seen.set(id, row);
    const name = get('name');
    if (!name) bad('name', 'missing');
    else if (name.length > 200) bad('name', 'longer than 200 characters');
    const lonRaw = get('lon');
    const latRaw = get('lat');
    let position: [number, number] | null = null;
    if (lonRaw === '' || latRaw === '') bad(lonRaw === '' ? 'lon' : 'lat', 'missing');
    else if (!Number.isFinite(Number(lonRaw)) || !Number.isFinite(Number(latRaw))) bad(Number.isFinite(Number(lonRaw)) ? 'lat' : 'lon', `not a number: "${(Number.isFinite(Number(lonRaw)) ? latRaw : lonRaw).slice(0, 40)}"`);
    else {
      position = checkPoint(Number(lonRaw), Number(latRaw), options.gcj02);
      if (!position) bad('lon', `[${lonRaw}, ${latRaw}] is outside China (lon 73–136, lat 3–54); lon and lat swapped?`);
    }
    const gridId = get('gridId');
    const streetId = streetFor(ctx, get, gridId, bad);
    if (problems.length === before && !streetId) bad('streetId', 'cannot tell the street: give streetId (9 digits) or a gridId');
    const body: Record<string, unknown> = kind === 'camera' ? { cameraId: id, rev: 1, name } : { stationId: id, rev: 1, name };
    if (kind === 'camera') {
      const statusRaw = get('status');
      const status = statusRaw === '' ? 'online' : CAMERA_STATUS_ALIASES[statusRaw.toLowerCase()];
      if (!status) bad('status', `must be online, offline or fault (在线, 离线, 故障), got "${statusRaw.slice(0, 40)}"`);
      body.location = position ? { lon: position[0], lat: position[1] } : null;
      if (gridId) body.gridId = gridId;
      body.status = status;
    } else {
      const tier = number(get, 'tier', bad, (n) => Number.isInteger(n) && n >= 1 && n <= 5, 'a whole number 1–5');
      if (get('tier') === '') bad('tier', 'missing');
      const openRaw = get('openNow').toLowerCase();
      const openNow = openRaw === '' ? false : TRUE_WORDS.has(openRaw) ? true : FALSE_WORDS.has(openRaw) ? false : null;
      if (openNow === null) bad('openNow', `must be yes or no (是, 否, true, false, 1, 0), got "${openRaw.slice(0, 40)}"`);
      body.tier = tier;
      body.location = position ? { lon: position[0], lat: position[1] } : null;
      body.openNow = openNow;
      if (gridId) body.gridId = gridId;
    }
    if (problems.length === before && streetId) records.push({ kind, id, streetId, body });
  });
  if (table.rows.length === 0) problems.push({ row: null, feature: null, id: null, field: '', reason: 'the file holds no row under its header' });
  return { records, problems, counts: countAgainst(records, ctx.held) };
}

export const validateCameras = (table: Table, ctx: ImportContext, options: ValidateOptions) => validatePoints('camera', table, ctx, options);
export const validateStations = (table: Table, ctx: ImportContext, options: ValidateOptions) => validatePoints('station', table, ctx, options);
