// Issue 9: imports through the ConsoleApi over a real cache file: preview, apply in one transaction,
// refusal with every problem, and a failed apply that leaves the cache exactly as it was.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCallerSession, runAsCaller } from '../../../src-main/api/caller.ts';
import { applySnapshot } from '../../../src-main/store/apply.ts';
import type { Store } from '../../../src-main/store/store.ts';
import type { ChangeNotice, ConsoleApi } from '../../../src-shared/api.ts';
import type { ImportStatus } from '../../../src-shared/imports.ts';
import { setupApi } from '../../unit/api/fixtures.ts';
import { camera, grid, STREET } from '../../unit/store/fixtures.ts';
import { boundariesFile, collection, COMMUNITY_A, fallbackBoundaries, feature, gridsFile, STREET_A, STREET_B } from '../../unit/import/fixtures.ts';

const b64 = (v: unknown): string => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64');

async function settled(api: ConsoleApi, status: ImportStatus): Promise<ImportStatus> {
  let s = status;
  for (let i = 0; i < 10_000 && (s.state === 'validating' || s.state === 'receiving'); i++) {
    await new Promise((resolve) => setImmediate(resolve));
    s = await api.getImportStatus({ importId: s.importId });
  }
  return s;
}

/** Every row of every table, in rowid order: "byte for byte" at the level of stored values. */
function dump(store: Store): string {
  const tables = store.db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as Array<{ name: string }>;
  const out: Record<string, unknown> = { userVersion: store.db.pragma('user_version', { simple: true }) };
  for (const { name } of tables) out[name] = store.db.prepare(`SELECT * FROM "${name}" ORDER BY rowid`).raw().all();
  return JSON.stringify(out, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('hex') : v));
}

function setup() {
  const t = setupApi({ boundaries: fallbackBoundaries(), changeIntervalMs: 1 });
  // The sub-centre holds two grids and a camera of its own.
  t.apply([
    ['grid.upsert', grid('SC-G1', { communityId: COMMUNITY_A })],
    ['grid.upsert', grid('SC-G2', { communityId: COMMUNITY_A })],
    ['camera.upsert', camera('37010201211320000001')],
  ]);
  return t;
}

test('importing a GeoJSON of grids replaces the sub-centres\' grids in listGrids, raises grid + boundaries notices, and is audited', async () => {
  const t = setup();
  try {
    assert.deepEqual((await t.api.listGrids()).map((g) => g.gridId), ['SC-G1', 'SC-G2']);
    const notices: ChangeNotice[] = [];
    const sub = t.api.onChanges((n) => notices.push(n));
    const started = await t.api.previewImport({ kind: 'grids', fileName: 'grids.geojson', data: b64(gridsFile(3)) });
    assert.equal(started.state, 'validating');
    const preview = await settled(t.api, started);
    assert.equal(preview.state, 'ready', JSON.stringify(preview.problems));
    assert.deepEqual(preview.counts, { total: 3, new: 3, changed: 0, unchanged: 0, removed: 0 });
    assert.equal(preview.supersedes, 2);
    assert.equal(preview.format, 'geojson');
    assert.equal(preview.encoding, 'utf-8');
    const applied = await t.api.applyImport({ importId: preview.importId });
    assert.equal(applied.state, 'applied');
    const grids = await t.api.listGrids();
    assert.deepEqual(grids.map((g) => [g.gridId, g.subcentreId]), [[`${COMMUNITY_A}001`, STREET_A], [`${COMMUNITY_A}003`, STREET_A], ['370102012001002', STREET_B]]);
    assert.equal(grids[0]!.households, 100);
    await new Promise((r) => setTimeout(r, 20));
    const kinds = new Set(notices.flatMap((n) => n.kinds));
    assert.ok(kinds.has('grid') && kinds.has('boundaries'), [...kinds].join());
    sub.dispose();
    const audit = t.store.db.prepare(`SELECT action, subject, detail FROM audit WHERE action = 'import.applied'`).all() as Array<{ detail: string }>;
    assert.equal(audit.length, 1);
    assert.match(audit[0]!.detail, /"fileName":"grids.geojson"/);
    const history = await t.api.listImports();
    assert.deepEqual(history.map((h) => [h.kind, h.fileName, h.counts.new]), [['grids', 'grids.geojson', 3]]);
    // The same file again: all unchanged; a smaller one: some removed.
    const again = await settled(t.api, await t.api.previewImport({ kind: 'grids', fileName: 'grids.geojson', data: b64(gridsFile(2)) }));
    assert.deepEqual(again.counts, { total: 2, new: 0, changed: 0, unchanged: 2, removed: 1 });
    await t.api.applyImport({ importId: again.importId });
    assert.equal((await t.api.listGrids()).length, 2);
  } finally {
    t.cleanup();
  }
});

test('an import with problems is refused with every problem, and the cache is unchanged', async () => {
  const t = setup();
  try {
    const before = dump(t.store);
    const bad = collection([feature({ gridId: 'G1', name: '好', communityId: COMMUNITY_A }), feature({ gridId: 'G1', name: '重复', communityId: '370102001999' }), feature({ gridId: 'G3', communityId: COMMUNITY_A }, [[117, 36], [117.1, 36]])]);
    const s = await settled(t.api, await t.api.previewImport({ kind: 'grids', fileName: 'bad.geojson', data: b64(bad) }));
    assert.equal(s.state, 'refused');
    assert.equal(s.problemCount, 4);
    assert.deepEqual(s.problems.map((p) => [p.feature, p.field]), [[1, 'properties.gridId'], [1, 'properties.communityId'], [2, 'properties.name'], [2, 'geometry.coordinates[0]']]);
    await assert.rejects(t.api.applyImport({ importId: s.importId }), (err: Error) => err.name === 'ImportRefused' && /4 problems/.test(err.message) && /nothing was changed/.test(err.message));
    assert.equal(dump(t.store), before);
    // Not JSON at all: one file-level problem.
    const notJson = await settled(t.api, await t.api.previewImport({ kind: 'grids', fileName: 'x.geojson', data: b64('{"type": "FeatureCollection", ') }));
    assert.equal(notJson.state, 'refused');
    assert.match(notJson.problems[0]!.reason, /not valid JSON/);
    // A table for a GeoJSON kind.
    const wrong = await settled(t.api, await t.api.previewImport({ kind: 'grids', fileName: 'x.csv', data: b64('a,b\n1,2') }));
    assert.match(wrong.problems[0]!.reason, /a grids import takes geojson, not csv/);
    assert.equal(dump(t.store), before);
  } finally {
    t.cleanup();
  }
});

test('a failure in the middle of the apply transaction changes nothing, and the preview can be applied afterwards', async () => {
  const t = setup();
  try {
    const s = await settled(t.api, await t.api.previewImport({ kind: 'grids', fileName: 'grids.geojson', data: b64(gridsFile(5)) }));
    assert.equal(s.state, 'ready');
    // A real SQLite failure on the fourth insert (a trigger), after three rows were written inside the transaction.
    t.store.db.exec(`CREATE TRIGGER fail_import BEFORE INSERT ON imported WHEN NEW.id = '${COMMUNITY_A}005' BEGIN SELECT RAISE(ABORT, 'disk on fire'); END`);
    const before = dump(t.store);
    await assert.rejects(t.api.applyImport({ importId: s.importId }), /disk on fire/);
    assert.equal(dump(t.store), before);
    assert.deepEqual((await t.api.listGrids()).map((g) => g.gridId), ['SC-G1', 'SC-G2']);
    assert.equal((await t.api.getImportStatus({ importId: s.importId })).state, 'ready');
    t.store.db.exec(`DROP TRIGGER fail_import`);
    assert.equal((await t.api.applyImport({ importId: s.importId })).state, 'applied');
    assert.equal((await t.api.listGrids()).length, 5);
  } finally {
    t.cleanup();
  }
});

test('a preview made before another import was applied is stale and refused', async () => {
  const t = setup();
  try {
    const a = await settled(t.api, await t.api.previewImport({ kind: 'grids', fileName: 'a.geojson', data: b64(gridsFile(2)) }));
    const b = await settled(t.api, await t.api.previewImport({ kind: 'grids', fileName: 'b.geojson', data: b64(gridsFile(3)) }));
    await t.api.applyImport({ importId: a.importId });
    const before = dump(t.store);
    await assert.rejects(t.api.applyImport({ importId: b.importId }), (err: Error) => err.name === 'Conflict' && /preview the file again/.test(err.message));
    assert.equal(dump(t.store), before);
    assert.equal((await t.api.cancelImport({ importId: b.importId })).state, 'failed');
    const c = await settled(t.api, await t.api.previewImport({ kind: 'grids', fileName: 'c.geojson', data: b64(gridsFile(3)) }));
    assert.equal((await t.api.cancelImport({ importId: c.importId })).state, 'cancelled');
    await assert.rejects(t.api.applyImport({ importId: c.importId }), /cancelled/);
  } finally {
    t.cleanup();
  }
});

test('only an admin or a duty officer may import', async () => {
  const t = setup();
  try {
    const anonymous = createCallerSession('web');
    await assert.rejects(runAsCaller(anonymous, () => t.api.previewImport({ kind: 'grids', fileName: 'a.geojson', data: b64(gridsFile(1)) })), { name: 'Unauthorized' });
    const leader = createCallerSession('web');
    leader.account = { accountId: 'a1', name: 'leader', displayName: '领导', role: 'leader', street: null };
    await assert.rejects(runAsCaller(leader, () => t.api.uploadImportChunk({ data: 'AAAA' })), { name: 'Forbidden' });
    const duty = createCallerSession('web');
    duty.account = { accountId: 'a2', name: 'duty', displayName: '值班员', role: 'duty-officer', street: null };
    const s = await runAsCaller(duty, () => t.api.previewImport({ kind: 'grids', fileName: 'a.geojson', data: b64(gridsFile(1)) }));
    const ready = await runAsCaller(duty, () => settled(t.api, s));
    await assert.rejects(runAsCaller(leader, () => t.api.applyImport({ importId: ready.importId })), { name: 'Forbidden' });
    await runAsCaller(duty, () => t.api.applyImport({ importId: ready.importId }));
    const audit = t.store.db.prepare(`SELECT actor FROM audit WHERE action = 'import.applied'`).get() as { actor: string };
    assert.match(audit.actor, /"role":"duty-officer"/);
    await assert.rejects(t.api.previewImport({ kind: 'grids', fileName: 'a.geojson' } as never), { name: 'BadRequest' });
    await assert.rejects(t.api.previewImport({ kind: 'roads', fileName: 'a.geojson', data: 'AA==' } as never), { name: 'BadRequest' });
  } finally {
    t.cleanup();
  }
});

test('a large file arrives in pieces; validation reports progress and lets other calls through', async () => {
  const t = setup();
  try {
    const lines = ['cameraId,name,lon,lat,streetId'];
    for (let i = 0; i < 30_000; i++) lines.push(`3701020121131${String(i).padStart(7, '0')},摄像机${i},117.1${i % 10},36.6${i % 7},${STREET_B}`);
    const bytes = Buffer.from(lines.join('\r\n'));
    assert.ok(bytes.length > 512 * 1024);
    await assert.rejects(t.api.uploadImportChunk({ data: bytes.toString('base64') }), { name: 'BadRequest' });
    let uploadId: string | undefined;
    for (let at = 0; at < bytes.length; at += 512 * 1024) {
      const r = await t.api.uploadImportChunk({ ...(uploadId ? { uploadId } : {}), data: bytes.subarray(at, at + 512 * 1024).toString('base64') });
      uploadId = r.uploadId;
      assert.equal(r.size, Math.min(bytes.length, at + 512 * 1024));
    }
    let s = await t.api.previewImport({ kind: 'cameras', fileName: 'cameras.csv', uploadId: uploadId! });
    const seen: string[] = [];
    while (s.state === 'validating') {
      seen.push(`${s.progress.phase}:${s.progress.done > 0 && s.progress.done < s.progress.total}`);
      await new Promise((resolve) => setImmediate(resolve));
      s = await t.api.getImportStatus({ importId: s.importId });
    }
    assert.ok(seen.includes('validating:true'), `progress seen: ${[...new Set(seen)].join(' ')}`);
    assert.equal(s.state, 'ready', JSON.stringify(s.problems.slice(0, 3)));
    assert.deepEqual(s.counts, { total: 30_000, new: 30_000, changed: 0, unchanged: 0, removed: 0 });
    await t.api.applyImport({ importId: s.importId });
    assert.equal((await t.api.listCameras()).length, 30_001);
    await assert.rejects(t.api.previewImport({ kind: 'cameras', fileName: 'c.csv', uploadId: uploadId! }), { name: 'NotFound' });
  } finally {
    t.cleanup();
  }
});

test("a sub-centre's snapshot does not remove imported cameras; its own row wins where both hold an id", async () => {
  const t = setup();
  try {
    const csv = ['cameraId,name,lon,lat,streetId,status', `37010201211320000001,导入的同号摄像机,117.1,36.6,${STREET_B},offline`, `37010201211320000002,导入的摄像机,117.1,36.6,${STREET_B},`].join('\n');
    const s = await settled(t.api, await t.api.previewImport({ kind: 'cameras', fileName: 'cameras.csv', data: b64(csv) }));
    await t.api.applyImport({ importId: s.importId });
    let cams = await t.api.listCameras();
    assert.deepEqual(cams.map((c) => [c.cameraId, c.name, c.status]), [['37010201211320000001', '摄像机 37010201211320000001', 'online'], ['37010201211320000002', '导入的摄像机', 'online']]);
    applySnapshot(t.store, STREET, 'e2', 10, { cameras: [] });
    cams = await t.api.listCameras();
    assert.deepEqual(cams.map((c) => [c.cameraId, c.name, c.status]), [['37010201211320000001', '导入的同号摄像机', 'offline'], ['37010201211320000002', '导入的摄像机', 'online']]);
  } finally {
    t.cleanup();
  }
});

test('imported boundaries replace the demo outlines; org tree and the grid-branch mapping show in listOrgs', async () => {
  const t = setup();
  try {
    assert.equal((await t.api.getBoundaries()).source, 'approximate demo boundaries');
    const file = boundariesFile();
    (file.features as Array<{ properties: Record<string, unknown> }>)[1]!.properties.name = '解放路街道（导入）';
    const s = await settled(t.api, await t.api.previewImport({ kind: 'boundaries', fileName: 'lixia.geojson', data: b64(file) }));
    assert.equal(s.state, 'ready', JSON.stringify(s.problems));
    await t.api.applyImport({ importId: s.importId });
    const b = await t.api.getBoundaries();
    assert.match(b.source, /^imported lixia.geojson \(\d{4}-\d\d-\d\d\)$/);
    assert.equal(b.streets[0]!.properties.name, '解放路街道（导入）');
    assert.deepEqual(b.bbox.map((x) => Math.round(x * 1e6) / 1e6), [117, 36.6, 117.2, 36.8]);

    const orgs = ['orgId,kind,name,parentId,streetId', `s1,street-committee,解放路街道党工委,,${STREET_A}`, 'c1,community-committee,解放桥社区党委,s1,', 'b1,grid-branch,第一网格党支部,c1,'].join('\n');
    const o = await settled(t.api, await t.api.previewImport({ kind: 'orgs', fileName: 'orgs.csv', data: b64(orgs) }));
    assert.equal(o.state, 'ready', JSON.stringify(o.problems));
    await t.api.applyImport({ importId: o.importId });
    const m = await settled(t.api, await t.api.previewImport({ kind: 'branch-grids', fileName: 'map.csv', data: b64(`orgId,gridId\nb1,SC-G1`) }));
    // SC-G1 is the sub-centre's grid, in its street (370102012); b1 is in 370102001.
    assert.equal(m.state, 'refused');
    assert.match(m.problems[0]!.reason, /lies in street 370102012, branch b1 in street 370102001/);
    const orgsListed = await t.api.listOrgs();
    assert.deepEqual(orgsListed.map((x) => [x.orgId, x.subcentreId, x.parentId]), [['b1', STREET_A, 'c1'], ['c1', STREET_A, 's1'], ['s1', STREET_A, null]]);
  } finally {
    t.cleanup();
  }
});

test('removing an import puts the sub-centres\' grids back; boundaries cannot go while imported grids lie in them', async () => {
  const t = setup();
  try {
    await assert.rejects(t.api.clearImport({ kind: 'grids' }), (err: Error) => err.name === 'BadRequest' && /nothing of kind grids/.test(err.message));
    const b = await settled(t.api, await t.api.previewImport({ kind: 'boundaries', fileName: 'b.geojson', data: b64(boundariesFile()) }));
    await t.api.applyImport({ importId: b.importId });
    const g = await settled(t.api, await t.api.previewImport({ kind: 'grids', fileName: 'g.geojson', data: b64(gridsFile(3)) }));
    await t.api.applyImport({ importId: g.importId });
    const stale = await settled(t.api, await t.api.previewImport({ kind: 'grids', fileName: 'g2.geojson', data: b64(gridsFile(2)) }));
    const before = dump(t.store);
    await assert.rejects(t.api.clearImport({ kind: 'boundaries' }), /remove the imported grids first/);
    assert.equal(dump(t.store), before);
    const notices: ChangeNotice[] = [];
    const sub = t.api.onChanges((n) => notices.push(n));
    const history = await t.api.clearImport({ kind: 'grids' });
    assert.deepEqual(history.map((h) => [h.kind, h.fileName, h.counts.total, h.counts.removed]), [['grids', '', 0, 3], ['grids', 'g.geojson', 3, 0], ['boundaries', 'b.geojson', 5, 0]]);
    assert.deepEqual((await t.api.listGrids()).map((x) => x.gridId), ['SC-G1', 'SC-G2']);
    await new Promise((r) => setTimeout(r, 20));
    assert.ok(notices.some((n) => n.kinds.includes('grid')));
    sub.dispose();
    assert.equal((t.store.db.prepare(`SELECT count(*) AS n FROM audit WHERE action = 'import.cleared'`).get() as { n: number }).n, 1);
    // A preview made before the removal is stale.
    await assert.rejects(t.api.applyImport({ importId: stale.importId }), { name: 'Conflict' });
    await t.api.clearImport({ kind: 'boundaries' });
    assert.equal((await t.api.getBoundaries()).source, 'approximate demo boundaries');
    const leader = createCallerSession('web');
    leader.account = { accountId: 'a1', name: 'leader', displayName: '领导', role: 'leader', street: null };
    await assert.rejects(runAsCaller(leader, () => t.api.clearImport({ kind: 'grids' })), { name: 'Forbidden' });
    await assert.rejects(runAsCaller(leader, () => t.api.listImports()), { name: 'Forbidden' });
  } finally {
    t.cleanup();
  }
});
