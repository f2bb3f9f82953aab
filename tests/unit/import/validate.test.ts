import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonical, heldKey, validateBoundaries, validateBranchGrids, validateCameras, validateGrids, validateOrgs, validateStations, type ImportContext } from '../../../src-main/import/validate.ts';
import { parseCsv } from '../../../src-main/import/read-file.ts';
import type { ImportProblem } from '../../../src-shared/imports.ts';
import { boundariesFile, collection, COMMUNITY_A, COMMUNITY_B, DISTRICT, feature, gridsFile, square, STREET_A, STREET_B } from './fixtures.ts';

function ctx(over: Partial<ImportContext> = {}): ImportContext {
  return {
    boundaries: { districtId: DISTRICT, streets: new Set([STREET_A, STREET_B]), communityStreet: new Map([[COMMUNITY_A, STREET_A], [COMMUNITY_B, STREET_B]]) },
    grids: new Map([['G-A1', STREET_A], ['G-B1', STREET_B]]),
    orgs: new Map([['org-b', { kind: 'grid-branch', streetId: STREET_A }], ['org-c', { kind: 'community-committee', streetId: STREET_A }]]),
    held: new Map(),
    importedGridCommunities: new Map(),
    ...over,
  };
}
const opts = { gcj02: false };
const show = (ps: ImportProblem[]) => ps.map((p) => `${p.row ?? ''}|${p.feature ?? ''}|${p.id ?? ''}|${p.field}|${p.reason}`);

test('boundaries: a good file gives one district, its streets and communities', async () => {
  const r = await validateBoundaries(boundariesFile(), ctx(), opts);
  assert.deepEqual(r.problems, []);
  assert.deepEqual(r.records.map((x) => `${x.kind}:${x.id}:${x.streetId}`), [
    'district:370102:null', `street:${STREET_A}:${STREET_A}`, `street:${STREET_B}:${STREET_B}`, `community:${COMMUNITY_A}:${STREET_A}`, `community:${COMMUNITY_B}:${STREET_B}`,
  ]);
  assert.deepEqual(r.counts, { total: 5, new: 5, changed: 0, unchanged: 0, removed: 0 });
});

test('boundaries: every problem with its feature and field', async () => {
  const f = boundariesFile().features as Array<Record<string, unknown>>;
  const bad = collection([
    f[0],
    feature({ id: '37010200', name: '短码街道', level: 'street' }),
    feature({ id: STREET_A, name: '', level: 'street' }),
    feature({ id: STREET_A, name: '重复', level: 'street' }),
    feature({ id: '370102099001', name: '孤儿社区', level: 'community', parentId: '370102099' }),
    feature({ id: '370102012009', name: '错街道社区', level: 'community', parentId: STREET_A }),
    feature({ id: '370103001', name: '外区街道', level: 'street' }),
    feature({ id: '370102013', name: '开口街道', level: 'street' }, square(117, 36.6).slice(0, 4)),
    feature({ id: '370102014', name: '无层级' }),
    { type: 'Feature', properties: { id: '370102015', name: '点', level: 'street' }, geometry: { type: 'Point', coordinates: [117, 36] } },
    'not a feature',
  ]);
  const r = await validateBoundaries(bad, ctx({ importedGridCommunities: new Map([['G-OLD', '370102001009']]) }), opts);
  assert.deepEqual(show(r.problems), [
    '|10||type|not a GeoJSON Feature',
    '|1|37010200|properties.id|a street code has 9 digits, got "37010200"',
    '|2|370102001|properties.name|missing',
    '|3|370102001|properties.id|duplicate id: also feature 2',
    '|4|370102099001|properties.parentId|street "370102099" is not in this file',
    '|5|370102012009|properties.id|community code "370102012009" does not start with its street code 370102001',
    '|7|370102013|geometry.coordinates[0]|the ring is not closed: it starts at [117, 36.6] and ends at [117, 36.61]',
    '|8|370102014|properties.level|must be district, street or community, got null',
    '|9|370102015|geometry.type|must be Polygon or MultiPolygon, got "Point"',
    '|6|370103001|properties.id|street code "370103001" does not start with the district code 370102',
    '||G-OLD|communityId|imported grid G-OLD lies in community 370102001009, which this file does not have (import the grids again first)',
  ]);
  assert.deepEqual(show((await validateBoundaries(collection([f[1]]), ctx(), opts)).problems), [
    '|0|370102001|properties.parentId|"370102" is not the district of this file',
    '|||level|the file has no district feature (level "district")',
  ]);
  assert.deepEqual(show((await validateBoundaries({ type: 'Feature' }, ctx(), opts)).problems), ['|||type|the file must be a GeoJSON FeatureCollection']);
});

test('grids: references resolve through the boundaries in force; counts against earlier imports', async () => {
  const good = await validateGrids(gridsFile(3), ctx(), opts);
  assert.deepEqual(good.problems, []);
  assert.deepEqual(good.records.map((r) => `${r.id}:${r.streetId}`), [`${COMMUNITY_A}001:${STREET_A}`, `${COMMUNITY_B}002:${STREET_B}`, `${COMMUNITY_A}003:${STREET_A}`]);
  const first = good.records[0]!;
  assert.deepEqual(Object.keys(first.body), ['gridId', 'rev', 'name', 'communityId', 'polygon', 'households', 'gridWorker']);
  // Held before: the first unchanged, the second changed, one gone.
  const held = new Map([
    [heldKey('grid', first.id), canonical(first)],
    [heldKey('grid', good.records[1]!.id), 'something else'],
    [heldKey('grid', 'G-GONE'), 'x'],
  ]);
  assert.deepEqual((await validateGrids(gridsFile(3), ctx({ held }), opts)).counts, { total: 3, new: 1, changed: 1, unchanged: 1, removed: 1 });

  const bad = collection([
    feature({ gridId: 'G 1', name: '空格', communityId: COMMUNITY_A }),
    feature({ gridId: 'G2', name: '未知社区', communityId: '370102001999' }),
    feature({ gridId: 'G3', name: '街道不符', communityId: COMMUNITY_A, streetId: STREET_B }),
    feature({ gridId: 'G3', name: '重复', communityId: COMMUNITY_A }),
    feature({ gridId: 'G5', communityId: COMMUNITY_A, households: -3 }),
    feature({ gridId: 'G6', name: '无社区' }),
  ]);
  assert.deepEqual(show((await validateGrids(bad, ctx(), opts)).problems), [
    '|0|G 1|properties.gridId|"G 1" is not a well-formed id (letters, digits, _ . : - ; at most 64)',
    '|1|G2|properties.communityId|community "370102001999" is not in the boundaries in force',
    '|2|G3|properties.streetId|"370102012" disagrees with the street of community 370102001002 (370102001)',
    '|3|G3|properties.gridId|duplicate grid id: also feature 2',
    '|4|G5|properties.name|missing',
    '|4|G5|properties.households|must be a whole number ≥ 0, got -3',
    '|5|G6|properties.communityId|missing: the community this grid belongs to',
  ]);
  assert.match(show((await validateGrids(gridsFile(1), ctx({ boundaries: null }), opts)).problems)[0]!, /no boundaries are loaded/);
});

test('orgs: kinds (Chinese names too), parents in the file or the tree, ranks, streets inherited', async () => {
  const csv = [
    'orgId,类型,名称,上级编号,网格编号,街道编号,党员数,书记',
    `s1,街道党工委,解放路街道党工委,,,${STREET_A},120,王一`,
    'c1,community-committee,解放桥社区党委,s1,,,40,',
    'b1,网格党支部,第一网格党支部,c1,G-A1,,8,',
    'b2,grid-branch,挂在树上的支部,org-c,,,,',
    'x1,街道党工委,错层级,c1,,,,',
    'x2,unknown,坏类型,c1,,,,',
    'x3,grid-branch,无上级,,,,,',
    'x4,grid-branch,找不到上级,nowhere,,,,',
    'c1,community-committee,重复,s1,,,,',
    'x5,grid-branch,坏网格,c1,G-NONE,,,',
    'x6,grid-branch,负党员,c1,,,-1,',
    'x7,street-committee,无街道,,,,,',
  ].join('\n');
  const r = await validateOrgs(parseCsv(csv), ctx(), opts);
  assert.deepEqual(show(r.problems), [
    '7||x2|kind|must be one of street-committee, community-committee, grid-branch, building-group, member-household (or 街道党工委, 社区党委, 网格党支部, 楼院党小组, 党员中心户), got "unknown"',
    '10||c1|orgId|duplicate: also row 3',
    '11||x5|gridId|grid "G-NONE" is not among the grids in force',
    '12||x6|members|must be a whole number ≥ 0, got "-1"',
    '6||x1|parentId|a street-committee cannot hang under a community-committee',
    '8||x3|parentId|missing: only a street-committee may have no parent',
    '9||x4|parentId|"nowhere" is neither in this file nor in the organisation tree',
    '13||x7|streetId|cannot tell the street: give streetId (9 digits) on this row or an ancestor, or a gridId',
  ]);
  const ok = await validateOrgs(parseCsv(csv.split('\n').slice(0, 5).join('\n')), ctx(), opts);
  assert.deepEqual(ok.problems, []);
  assert.deepEqual(ok.records.map((o) => `${o.id}:${o.streetId}:${String(o.body.kind)}`), [`s1:${STREET_A}:street-committee`, `c1:${STREET_A}:community-committee`, `b1:${STREET_A}:grid-branch`, `b2:${STREET_A}:grid-branch`]);
  assert.match(show((await validateOrgs(parseCsv('id,name\n1,a'), ctx(), opts)).problems)[0]!, /^1\|\|\|kind\|column missing/);
});

test('grid-branch mapping: the branch exists and is a grid-branch, the grid exists, in the same street, once', async () => {
  const csv = ['支部编号,网格编号', 'org-b,G-A1', 'org-c,G-A1', 'nobody,G-A1', 'org-b,G-B1', 'org-x,', ''].join('\n');
  const c = ctx({ orgs: new Map([['org-b', { kind: 'grid-branch', streetId: STREET_A }], ['org-c', { kind: 'community-committee', streetId: STREET_A }], ['org-x', { kind: 'grid-branch', streetId: STREET_B }]]) });
  const r = await validateBranchGrids(parseCsv(csv), c, opts);
  assert.deepEqual(show(r.problems), [
    '3||org-c|orgId|"org-c" is a community-committee, not a grid-branch',
    '3||org-c|gridId|grid G-A1 is already given to another branch on row 2',
    '4||nobody|orgId|branch "nobody" is not in the organisation tree',
    '4||nobody|gridId|grid G-A1 is already given to another branch on row 2',
    '5||org-b|orgId|duplicate: also row 2',
    '5||org-b|gridId|grid G-B1 lies in street 370102012, branch org-b in street 370102001',
    '6||org-x|gridId|missing',
  ]);
  const ok = await validateBranchGrids(parseCsv('orgId,gridId\norg-b,G-A1\norg-x,G-B1'), c, opts);
  assert.deepEqual(ok.records.map((x) => x.body), [{ orgId: 'org-b', gridId: 'G-A1' }, { orgId: 'org-x', gridId: 'G-B1' }]);
});

test('cameras and stations: ids, coordinates, street from the grid or the column, status and opening words', async () => {
  const cams = [
    'cameraId,name,lon,lat,gridId,streetId,status',
    `37010201001320000001,青龙街,117.045,36.666,G-A1,,在线`,
    `37010201001320000002,无网格,117.05,36.67,,${STREET_B},offline`,
    `123,短编号,117.05,36.67,,${STREET_A},`,
    `37010201001320000001,重复,117.05,36.67,,${STREET_A},`,
    `37010201001320000004,经纬颠倒,36.67,117.05,,${STREET_A},`,
    `37010201001320000005,坏经度,abc,36.67,,${STREET_A},`,
    `37010201001320000006,不知街道,117.05,36.67,,,`,
    `37010201001320000007,街道冲突,117.05,36.67,G-A1,${STREET_B},`,
    `37010201001320000008,坏状态,117.05,36.67,,${STREET_A},broken`,
    `37010201001320000009,外区街道,117.05,36.67,,370103001,`,
  ].join('\n');
  const r = await validateCameras(parseCsv(cams), ctx(), opts);
  assert.deepEqual(show(r.problems), [
    '4||123|cameraId|a camera id has 20 digits (GB/T 28181), got "123"',
    '5||37010201001320000001|cameraId|duplicate: also row 2',
    '6||37010201001320000004|lon|[36.67, 117.05] is outside China (lon 73–136, lat 3–54); lon and lat swapped?',
    '7||37010201001320000005|lon|not a number: "abc"',
    '8||37010201001320000006|streetId|cannot tell the street: give streetId (9 digits) or a gridId',
    '9||37010201001320000007|streetId|"370102012" disagrees with the street of grid G-A1 (370102001)',
    '10||37010201001320000008|status|must be online, offline or fault (在线, 离线, 故障), got "broken"',
    '11||37010201001320000009|streetId|street "370102003" is not in the boundaries in force'.replace('370102003', '370103001'),
  ]);
  const ok = await validateCameras(parseCsv(cams.split('\n').slice(0, 3).join('\n')), ctx(), opts);
  assert.deepEqual(ok.records.map((x) => [x.streetId, x.body.status, x.body.location]), [
    [STREET_A, 'online', { lon: 117.045, lat: 36.666 }],
    [STREET_B, 'offline', { lon: 117.05, lat: 36.67 }],
  ]);

  const stations = ['阵地编号,名称,层级,是否开放,经度,纬度,街道编号', `ST1,党群服务中心,1,是,117.02,36.65,${STREET_A}`, `ST2,驿站,6,maybe,117.02,36.65,${STREET_A}`, `ST3,无层级,,否,117.02,36.65,${STREET_A}`].join('\n');
  const s = await validateStations(parseCsv(stations), ctx(), opts);
  assert.deepEqual(show(s.problems), [
    '3||ST2|tier|must be a whole number 1–5, got "6"',
    '3||ST2|openNow|must be yes or no (是, 否, true, false, 1, 0), got "maybe"',
    '4||ST3|tier|missing',
  ]);
});
