import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { openStore } from '../../../src-main/store/store.ts';
import { tempDir } from '../../unit/store/fixtures.ts';
import { collection, feature } from '../../unit/import/fixtures.ts';

const BIN = path.resolve(import.meta.dirname, '../../../bin/superbrain.mjs');
const run = (...args: string[]) => spawnSync(process.execPath, [BIN, 'import', ...args], { encoding: 'utf8' });

test('superbrain import: a dry run changes nothing, a good file is applied, a bad one refused with every problem', () => {
  const tmp = tempDir('superbrain-import-cli-');
  try {
    // Real demo communities (resources/demo/lixia): 解放桥社区 370102001002.
    const good = path.join(tmp.dir, 'grids.geojson');
    writeFileSync(good, JSON.stringify(collection([feature({ gridId: 'LX-1', name: '一网格', communityId: '370102001002' }), feature({ gridId: 'LX-2', name: '二网格', communityId: '370102001002' })])));
    const bad = path.join(tmp.dir, 'bad.geojson');
    writeFileSync(bad, JSON.stringify(collection([feature({ gridId: 'LX-1', name: '一网格', communityId: '370102001999' }), feature({ gridId: 'LX-1', communityId: '370102001002' })])));
    const data = path.join(tmp.dir, 'data');

    const noCache = run('--data-dir', data, '--kind', 'grids', '--file', good, '--dry-run');
    assert.equal(noCache.status, 1);
    assert.match(noCache.stderr, /no cache/);

    const first = run('--data-dir', data, '--kind', 'grids', '--file', good);
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stdout, /records: 2 {3}new 2 {3}changed 0 {3}unchanged 0 {3}removed 0/);
    const dry = run('--data-dir', data, '--kind', 'grids', '--file', good, '--dry-run');
    assert.equal(dry.status, 0, dry.stderr);
    assert.match(dry.stdout, /unchanged 2/);
    assert.match(dry.stdout, /dry run: nothing was changed/);

    const refused = run('--data-dir', data, '--kind', 'grids', '--file', bad);
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /refused: 3 problems; nothing was changed/);
    assert.match(refused.stderr, /feature 0 \(LX-1\) properties.communityId: community "370102001999" is not in the boundaries in force/);
    assert.match(refused.stderr, /feature 1 \(LX-1\) properties.gridId: duplicate grid id: also feature 0/);
    assert.match(refused.stderr, /feature 1 \(LX-1\) properties.name: missing/);

    const usage = run('--data-dir', data, '--kind', 'roads', '--file', good);
    assert.equal(usage.status, 2);

    const cleared = run('--data-dir', data, '--kind', 'grids', '--clear');
    assert.equal(cleared.status, 0, cleared.stderr);
    assert.match(cleared.stdout, /removed the imported grids: 2 records/);
    const again = run('--data-dir', data, '--kind', 'grids', '--clear');
    assert.equal(again.status, 1);
    assert.match(again.stderr, /nothing of kind grids was imported/);
    const reapplied = run('--data-dir', data, '--kind', 'grids', '--file', good);
    assert.equal(reapplied.status, 0, reapplied.stderr);

    const store = openStore(path.join(data, 'console.db'), { readonly: true });
    try {
      assert.deepEqual(store.db.prepare(`SELECT id FROM imported WHERE kind = 'grid' ORDER BY id`).all(), [{ id: 'LX-1' }, { id: 'LX-2' }]);
      assert.equal((store.db.prepare(`SELECT count(*) AS n FROM imports`).get() as { n: number }).n, 3);
    } finally {
      store.close();
    }
  } finally {
    tmp.cleanup();
  }
});
