// Issue 9: the electron-builder configuration checked without Electron's binary (these machines cannot
// download it): electron-builder's own loader and JSON-schema validation, the targets, fuses, native
// module handling, and — with electron-builder's own file matcher — that the packaged app gets every
// file it needs at run time and nothing of the source tree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync, type Stats } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const CONFIG = path.join('build', 'electron-builder.yml');
const require = createRequire(import.meta.url);

interface Matcher {
  createFilter(): (file: string, stat: Stats) => boolean;
}
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  getConfig(projectDir: string, configPath: string | null, fromOptions: null): Promise<Record<string, unknown>>;
  validateConfiguration(config: Record<string, unknown>, logger: unknown): Promise<void>;
};
const { DebugLogger, log } = require('builder-util') as { DebugLogger: new (enabled?: boolean) => unknown; log: { stream: { write(s: string): boolean } } };
// electron-builder logs to stdout ("• loaded configuration"), which the test runner reads: keep it quiet.
log.stream = { write: () => true };
const { FileMatcher } = require('app-builder-lib/out/fileMatcher') as { FileMatcher: new (from: string, to: string, expand: (s: string) => string, patterns?: string[]) => Matcher };

async function loadConfig(): Promise<Record<string, any>> {
  const config = await getConfig(ROOT, CONFIG, null);
  await validateConfiguration(config, new DebugLogger(false));
  return config as Record<string, any>;
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(full));
    else out.push(full);
  }
  return out;
}

function includes(matcher: Matcher, from: string, relative: string, walkDown = true): boolean {
  const filter = matcher.createFilter();
  // The filter is asked for every directory on the way down, as electron-builder's walk does
  // (asarUnpack is asked about files only).
  const parts = relative.split('/');
  for (let i = walkDown ? 1 : parts.length; i <= parts.length; i++) {
    const p = path.join(from, ...parts.slice(0, i));
    const isDir = i < parts.length;
    const stat = { isDirectory: () => isDir, isFile: () => !isDir } as Stats;
    if (!filter(p, stat)) return false;
  }
  return true;
}

test('the configuration loads and passes electron-builder\'s own schema validation', async () => {
  const c = await loadConfig();
  assert.equal(c.appId, 'cn.gov.superbrain.console');
  assert.equal(c.productName, 'Superbrain');
  assert.equal(c.directories.output, 'dist');
});

test('targets: Linux AppImage and deb, Windows NSIS (x64) installing per machine', async () => {
  const c = await loadConfig();
  assert.deepEqual(c.linux.target, ['AppImage', 'deb']);
  assert.deepEqual(c.win.target, [{ target: 'nsis', arch: ['x64'] }]);
  assert.equal(c.nsis.oneClick, false);
  assert.equal(c.nsis.perMachine, true);
  assert.ok((c.deb.depends as string[]).includes('fonts-noto-cjk'));
});

test('native modules are rebuilt for Electron at package time and unpacked from the asar', async () => {
  const c = await loadConfig();
  assert.equal(c.npmRebuild, true);
  assert.equal(c.asar, true);
  const unpack = new FileMatcher(ROOT, '', (s) => s, c.asarUnpack);
  assert.ok(includes(unpack, ROOT, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node', false));
  assert.ok(!includes(unpack, ROOT, 'node_modules/better-sqlite3/lib/database.js', false), 'only the binary is unpacked');
  // The packaged app loads better-sqlite3 from node_modules: a production dependency, kept out of the bundle.
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; main: string };
  assert.ok(pkg.dependencies['better-sqlite3'], 'better-sqlite3 must be a dependency, not a devDependency');
  assert.equal(pkg.main, 'out/main/index.js');
});

test("fuses (issue 8): no run-as-node, no NODE_OPTIONS or --inspect, encrypted cookies, only an integrity-checked app.asar", async () => {
  const c = await loadConfig();
  assert.deepEqual(c.electronFuses, {
    runAsNode: false,
    enableCookieEncryption: true,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    loadBrowserProcessSpecificV8Snapshot: false,
    grantFileProtocolExtraPrivileges: false,
  });
});

test('resources/ (demo district, index model, basemap) ship as extraResources, every file of them', async () => {
  const c = await loadConfig();
  assert.equal(c.extraResources.length, 1);
  const { from, to, filter } = c.extraResources[0] as { from: string; to: string; filter: string[] };
  assert.equal(from, 'resources');
  assert.equal(to, 'resources', 'the app reads process.resourcesPath/resources (src-main/runtime/app-paths.ts)');
  const dir = path.join(ROOT, from);
  const matcher = new FileMatcher(dir, to, (s) => s, filter);
  const files = walk(dir).map((f) => path.relative(dir, f).split(path.sep).join('/'));
  for (const needed of ['demo/lixia/district.geojson', 'demo/lixia/streets.geojson', 'demo/lixia/communities.geojson', 'demo/lixia/grids.geojson', 'index-model/default.json']) {
    assert.ok(files.includes(needed), `resources/${needed} exists`);
  }
  for (const f of files) assert.ok(includes(matcher, dir, f), `resources/${f} is packaged`);
});

test('the files globs take every built file the app needs (main, preload, renderer) and nothing of the source tree', async (t) => {
  const c = await loadConfig();
  // getConfig normalises `files` into one { filter } entry.
  const patterns = (c.files as Array<string | { filter: string[] }>).flatMap((f) => (typeof f === 'string' ? [f] : f.filter));
  assert.ok(patterns.includes('out/main/**/*'));
  const matcher = new FileMatcher(ROOT, '', (s) => s, patterns);
  const out = path.join(ROOT, 'out');
  if (!existsSync(path.join(out, 'main', 'index.js')) || !existsSync(path.join(out, 'renderer', 'index.html'))) {
    t.skip('out/ is not built (npm run build): the globs are checked against the expected paths only');
  }
  for (const needed of ['package.json', 'out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html', 'out/renderer/assets/index.js']) {
    assert.ok(includes(matcher, ROOT, needed), `${needed} is packaged`);
  }
  for (const absent of ['src-main/electron/main.ts', 'tests/unit/store/apply.test.ts', 'resources/demo/lixia/grids.geojson', 'bench/run.ts', 'out/main/index.js.map', '.native/electron/better-sqlite3/build/Release/better_sqlite3.node', 'dist/Superbrain.AppImage']) {
    assert.ok(!includes(matcher, ROOT, absent), `${absent} is not packaged`);
  }
  if (existsSync(path.join(out, 'main', 'index.js'))) {
    const built = walk(out).map((f) => path.relative(ROOT, f).split(path.sep).join('/')).filter((f) => !f.endsWith('.map'));
    assert.ok(built.length > 3);
    for (const f of built) assert.ok(includes(matcher, ROOT, f), `${f} is packaged`);
    // The main bundle loads better-sqlite3 from node_modules at run time (so the rebuilt binary is the one used).
    const main = readFileSync(path.join(out, 'main', 'index.js'), 'utf8');
    assert.match(main, /from ["']better-sqlite3["']|require\(["']better-sqlite3["']\)/);
    assert.ok(statSync(path.join(out, 'preload', 'index.cjs')).size > 0);
  }
});
