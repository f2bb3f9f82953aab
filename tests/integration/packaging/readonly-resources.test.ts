// Issue 9: the packaged layout without Electron's binary. The app resolves its resources through
// process.resourcesPath (an extraResource beside app.asar, read-only in the install directory) and its
// data through the user's data dir; the runtime started that way runs the demo district, draws the
// boundaries and writes nothing into the install directory.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveAppPaths } from '../../../src-main/runtime/app-paths.ts';
import { startConsoleRuntime } from '../../../src-main/runtime/console-runtime.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

function chmodTree(dir: string, mode: (isDir: boolean) => number): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) chmodTree(full, mode);
    chmodSync(full, mode(entry.isDirectory()));
  }
  chmodSync(dir, mode(true));
}

/** Every path under dir with its size and mtime: any write shows. */
function fingerprint(dir: string): string[] {
  const out: string[] = [];
  const visit = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      const s = statSync(full);
      out.push(`${path.relative(dir, full)} ${s.size} ${s.mtimeMs}`);
      if (entry.isDirectory()) visit(full);
    }
  };
  visit(dir);
  return out.sort();
}

test('packaged paths: resources beside app.asar, data in the user data dir; unpacked: both from the checkout', () => {
  assert.deepEqual(resolveAppPaths({ isPackaged: true, appPath: '/opt/Superbrain/resources/app.asar', resourcesPath: '/opt/Superbrain/resources', userData: '/home/duty/.config/Superbrain' }), {
    resourcesDir: path.join('/opt/Superbrain/resources', 'resources'),
    dataDir: '/home/duty/.config/Superbrain',
  });
  assert.deepEqual(resolveAppPaths({ isPackaged: false, appPath: '/src/superbrain', resourcesPath: '/src/superbrain/node_modules/electron/dist/resources', userData: '/tmp/u' }), {
    resourcesDir: path.join('/src/superbrain', 'resources'),
    dataDir: '/tmp/u',
  });
});

test('the runtime runs the demo from a read-only copy of resources/ with its data in a separate user data dir', async () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'superbrain-packaged-'));
  // <install>/resources/{app.asar, resources/} as electron-builder lays it out.
  const install = path.join(tmp, 'opt', 'Superbrain', 'resources');
  mkdirSync(install, { recursive: true });
  cpSync(path.join(ROOT, 'resources'), path.join(install, 'resources'), { recursive: true });
  chmodTree(path.join(install, 'resources'), (isDir) => (isDir ? 0o555 : 0o444));
  const paths = resolveAppPaths({ isPackaged: true, appPath: path.join(install, 'app.asar'), resourcesPath: install, userData: path.join(tmp, 'home', '.config', 'Superbrain') });
  const before = fingerprint(install);
  const cwd = process.cwd();
  process.chdir(tmp); // nothing may be written relative to the working directory either
  const runtime = await startConsoleRuntime({ dataDir: paths.dataDir, resourcesDir: paths.resourcesDir, transport: 'electron', demo: { speed: 60, seed: 3 }, log: () => undefined });
  try {
    const boundaries = await runtime.api.getBoundaries();
    assert.equal(boundaries.streets.length, 13);
    assert.equal((await runtime.api.getIndexModel()).dimensions.length > 0, true);
    const end = Date.now() + 30_000;
    while ((await runtime.api.listGrids()).length === 0) {
      if (Date.now() > end) throw new Error('no grid arrived from the demo sub-centres');
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(existsSync(path.join(paths.dataDir, 'console.db')), 'the cache is in the user data dir');
    assert.ok(existsSync(path.join(paths.dataDir, 'demo')), 'the demo logs are in the user data dir');
  } finally {
    await runtime.stop();
    process.chdir(cwd);
  }
  try {
    assert.deepEqual(fingerprint(install), before, 'nothing was written into the install directory');
    assert.deepEqual(readdirSync(tmp).sort(), ['home', 'opt'], 'nothing was written into the working directory');
  } finally {
    chmodTree(path.join(install, 'resources'), (isDir) => (isDir ? 0o755 : 0o644));
    rmSync(tmp, { recursive: true, force: true });
  }
});
