// Issue 9: every reason the import validation produces has a Chinese wording in the panel.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hasProblemText, problemText } from '../../../src-renderer/imports/problem-text.ts';
import { createImportService } from '../../../src-main/import/import-service.ts';
import { parseCsv } from '../../../src-main/import/read-file.ts';
import { validateBoundaries, validateBranchGrids, validateCameras, validateGrids, validateOrgs, validateStations, type ImportContext } from '../../../src-main/import/validate.ts';
import { checkArea } from '../../../src-shared/domain/area-check.ts';
import type { ImportKind } from '../../../src-shared/imports.ts';
import { tempStore } from '../store/fixtures.ts';
import { boundariesFile, collection, COMMUNITY_A, COMMUNITY_B, DISTRICT, fallbackBoundaries, feature, square, STREET_A, STREET_B } from '../import/fixtures.ts';

const ctx: ImportContext = {
  boundaries: { districtId: DISTRICT, streets: new Set([STREET_A, STREET_B]), communityStreet: new Map([[COMMUNITY_A, STREET_A], [COMMUNITY_B, STREET_B]]) },
  grids: new Map([['G-A1', STREET_A], ['G-B1', STREET_B]]),
  orgs: new Map([['org-b', { kind: 'grid-branch', streetId: STREET_A }], ['org-c', { kind: 'community-committee', streetId: STREET_A }], ['org-x', { kind: 'grid-branch', streetId: STREET_B }]]),
  held: new Map(),
  importedGridCommunities: new Map([['G-OLD', '370102001009']]),
};
const opts = { gcj02: false };

async function allReasons(): Promise<string[]> {
  const reasons: string[] = [];
  const add = (r: { problems: Array<{ reason: string }> }) => reasons.push(...r.problems.map((p) => p.reason));
  const f = boundariesFile().features as Array<Record<string, unknown>>;
  add(await validateBoundaries(collection([
    f[0], f[0], feature({ id: '37010200', name: '', level: 'street', parentId: '370102999' }), feature({ id: STREET_A, name: 'a', level: 'street' }), feature({ id: STREET_A, name: 'b', level: 'street' }),
    feature({ id: '370102099001', name: 'c', level: 'community', parentId: '370102099' }), feature({ id: '370102012009', name: 'd', level: 'community', parentId: STREET_A }),
    feature({ id: '370102001003', name: 'e', level: 'community' }), feature({ id: '370103001', name: 'f', level: 'street' }), feature({ id: '370102014', name: 'g' }), 'x',
  ]), ctx, opts));
  add(await validateBoundaries(collection([f[1]]), ctx, opts));
  add(await validateBoundaries(collection([f[0]]), ctx, opts));
  add(await validateBoundaries(collection([]), ctx, opts));
  add(await validateBoundaries({ type: 'Feature' }, ctx, opts));
  add(await validateGrids(collection([
    feature({ gridId: 'G 1', name: 'x'.repeat(201), communityId: COMMUNITY_A, gridWorker: 'y'.repeat(101) }), feature({ gridId: 'G2', name: 'a', communityId: '370102001999' }),
    feature({ gridId: 'G3', name: 'b', communityId: COMMUNITY_A, streetId: STREET_B }), feature({ gridId: 'G3', name: 'c', communityId: COMMUNITY_A, households: -1 }), feature({ gridId: 'G6', name: 'd' }),
  ]), ctx, opts));
  add(await validateGrids(collection([feature({ gridId: 'G1', name: 'a', communityId: COMMUNITY_A })]), { ...ctx, boundaries: null }, opts));
  add(await validateOrgs(parseCsv([
    'orgId,kind,name,parentId,gridId,streetId,members',
    's1,street-committee,a,,,370102,', 'c1,community-committee,b,c1,,,', 'x1,street-committee,c,org-c,,,', 'x2,bad,d,,,,', 'x3,grid-branch,e,,,,', 'x4,grid-branch,f,nowhere,,,',
    'x4,grid-branch,g,org-c,G-NONE,,-1', 'x5,street-committee,h,,,,', 'x 6,street-committee,,,,,', `x7,street-committee,i,,,370109001,`, `x8,grid-branch,j,org-c,G-A1,${STREET_B},`,
  ].join('\n')), ctx, opts));
  add(await validateOrgs(parseCsv('id,name\n1,a'), ctx, opts));
  add(await validateOrgs(parseCsv('orgId,kind,name'), ctx, opts));
  add(await validateBranchGrids(parseCsv(['orgId,gridId', 'org-b,G-A1', 'org-c,G-A1', 'nobody,G-B1', 'org-b,G-NONE', 'org-x,', ',G-B1', 'org-x,G-A1'].join('\n')), ctx, opts));
  add(await validateCameras(parseCsv([
    'cameraId,name,lon,lat,gridId,streetId,status', `123,a,117,36,,${STREET_A},`, `37010201001320000001,,36.6,117.05,,${STREET_A},broken`, `37010201001320000001,b,abc,36.6,,,`, `37010201001320000002,c,117,,,,`,
  ].join('\n')), ctx, opts));
  add(await validateStations(parseCsv(['stationId,name,tier,openNow,lon,lat,streetId', `ST1,a,6,maybe,117,36.6,${STREET_A}`, `ST2,b,,,117,36.6,${STREET_A}`].join('\n')), ctx, opts));
  for (const g of [null, { type: 'Point' }, { type: 'Polygon', coordinates: [] }, { type: 'MultiPolygon', coordinates: [[]] }, { type: 'Polygon', coordinates: ['x'] }, { type: 'Polygon', coordinates: [[[117, 'x']]] },
    { type: 'Polygon', coordinates: [[[117, 36], [117.1, 36], [117, 36]]] }, { type: 'Polygon', coordinates: [square(117, 36).slice(0, 4)] }, { type: 'Polygon', coordinates: [[[117, 36], [117.1, 36], [117.2, 36], [117, 36]]] },
    { type: 'Polygon', coordinates: [[[117, 36], [117.2, 36.1], [117.2, 36], [117, 36.1], [117, 36]]] }]) {
    reasons.push(...checkArea(g).problems.map((p) => p.reason));
  }
  // File-level problems from the service: wrong format, bad JSON, empty, bad text, bad CSV, bad workbook.
  const tmp = tempStore();
  try {
    const service = createImportService({ store: tmp.store, now: Date.now, fallbackBoundaries });
    const files: Array<[ImportKind, string, Uint8Array, 'auto' | 'utf-8']> = [
      ['grids', 'a.csv', new TextEncoder().encode('a,b'), 'auto'],
      ['grids', 'a.geojson', new TextEncoder().encode('{"type":'), 'auto'],
      ['grids', 'a.geojson', new Uint8Array(), 'auto'],
      ['cameras', 'a.csv', Buffer.from('c3fbb3c6', 'hex'), 'utf-8'],
      ['cameras', 'a.csv', new TextEncoder().encode('a,b\n"x,y'), 'auto'],
      ['cameras', 'a.xlsx', new TextEncoder().encode('not a zip'), 'auto'],
    ];
    for (const [kind, fileName, bytes, encoding] of files) {
      const s = await service.whenValidated(service.startPreview({ kind, fileName, bytes, options: { encoding } }).importId);
      reasons.push(...s.problems.map((p) => p.reason));
    }
  } finally {
    tmp.cleanup();
  }
  return [...new Set(reasons)];
}

test('every reason the validators give has a Chinese wording; English stays as the host wrote it', async () => {
  const reasons = await allReasons();
  assert.ok(reasons.length >= 55, `only ${reasons.length} distinct reasons collected`);
  const missing = reasons.filter((r) => !hasProblemText(r));
  assert.deepEqual(missing, []);
  for (const r of reasons) {
    const zh = problemText(r, 'zh-CN');
    assert.notEqual(zh, r, r);
    assert.match(zh, /[\u4e00-\u9fff]/, `${r} → ${zh}`);
    assert.equal(problemText(r, 'en'), r);
  }
  assert.equal(problemText('the ring crosses itself (edges 0 and 2)', 'zh-CN'), '环自相交（第 0 与第 2 条边）');
  assert.equal(problemText('something new', 'zh-CN'), 'something new');
});
