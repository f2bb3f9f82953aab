// Runs after `npm install`. It never fails the install: what it cannot do here it says,
// and the console falls back to what this machine can run (web mode).
//
// 1. better-sqlite3 must load under this Node (its build is approved in package.json's allowScripts).
// 2. Electron's own install script is *denied* in allowScripts on purpose: it downloads a binary from
//    outside the npm registry, which fails on closed networks and would fail the whole install. We try
//    that download here instead, once, bounded in time, and report plainly when it cannot be had.
// 3. Where Electron exists, better-sqlite3 is built a second time for Electron's ABI into
//    .native/electron/, so Node (tests, CLI) and Electron (the app) each load their own build
//    through better-sqlite3's `nativeBinding` option.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync, mkdirSync, cpSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const say = (msg) => console.log(`[superbrain postinstall] ${msg}`);

function checkSqlite() {
  try {
    const Database = require('better-sqlite3');
    const db = new Database(':memory:');
    const v = db.prepare('select sqlite_version() as v').get().v;
    db.close();
    say(`better-sqlite3 loads under Node ${process.version} (SQLite ${v}).`);
  } catch (err) {
    say(`better-sqlite3 does NOT load under Node: ${err.message}`);
    say('Fix: `npm rebuild better-sqlite3` (needs python3, make and a C++ compiler).');
  }
}

function electronBinaryPath() {
  const dir = path.join(root, 'node_modules', 'electron');
  const pathTxt = path.join(dir, 'path.txt');
  if (!existsSync(pathTxt)) return null;
  const p = path.join(dir, 'dist', readFileSync(pathTxt, 'utf8').trim());
  return existsSync(p) ? p : null;
}

function tryElectronDownload() {
  const installJs = path.join(root, 'node_modules', 'electron', 'install.js');
  if (!existsSync(installJs)) return;
  if (process.env.SUPERBRAIN_SKIP_ELECTRON_DOWNLOAD === '1' || process.env.ELECTRON_SKIP_BINARY_DOWNLOAD === '1') {
    say('Electron download skipped (SUPERBRAIN_SKIP_ELECTRON_DOWNLOAD=1).');
    return;
  }
  say("Electron's binary is not installed; trying its download once (90 s at most)...");
  const r = spawnSync(process.execPath, [installJs], { cwd: path.dirname(installJs), timeout: 90_000, encoding: 'utf8' });
  if (r.status !== 0) {
    const why = (r.error?.message ?? r.stderr ?? '').split('\n').find((l) => l.trim()) ?? `exit ${r.status}`;
    say(`Electron's binary could not be downloaded (${why.trim().slice(0, 200)}).`);
    say('That is expected on a machine without access to Electron\'s download host. `npm start` will open');
    say('web mode instead (Debian\'s chromium --app, or the printed URL). To get the desktop app later:');
    say('  node node_modules/electron/install.js && node scripts/postinstall.mjs');
  }
}

function findNodeGyp() {
  const candidates = [];
  try { candidates.push(require.resolve('node-gyp/bin/node-gyp.js')); } catch { /* not a local dependency */ }
  if (process.env.npm_execpath) candidates.push(path.join(path.dirname(process.env.npm_execpath), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
  candidates.push(path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
  return candidates.find((c) => existsSync(c)) ?? null;
}

function buildSqliteForElectron(electronPath) {
  const version = JSON.parse(readFileSync(path.join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
  const out = path.join(root, '.native', 'electron', 'better-sqlite3');
  const target = path.join(out, 'build', 'Release', 'better_sqlite3.node');
  const stamp = path.join(out, 'electron-version.txt');
  if (existsSync(target) && existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === version) {
    say(`better-sqlite3 for Electron ${version} is already built.`);
    return;
  }
  rmSync(out, { recursive: true, force: true });
  mkdirSync(path.dirname(out), { recursive: true });
  cpSync(path.join(root, 'node_modules', 'better-sqlite3'), out, { recursive: true, filter: (src) => !src.includes(`${path.sep}build${path.sep}`) });
  say(`Building better-sqlite3 for Electron ${version} (${electronPath})...`);
  const gyp = findNodeGyp();
  if (!gyp) { say('node-gyp not found; cannot build better-sqlite3 for Electron.'); return; }
  const r = spawnSync(process.execPath, [gyp, 'rebuild', '--release', `--target=${version}`, '--runtime=electron', '--dist-url=https://electronjs.org/headers'], { cwd: out, stdio: 'inherit', timeout: 600_000 });
  if (r.status === 0 && existsSync(target)) {
    writeFileSync(stamp, version);
    say(`better-sqlite3 for Electron built: ${path.relative(root, target)}`);
  } else {
    say('better-sqlite3 could not be built for Electron (Electron headers unreachable?). The Electron app will not start;');
    say('web mode (`npx superbrain web --demo`) works with the Node build.');
  }
}

checkSqlite();
if (!electronBinaryPath()) tryElectronDownload();
const electron = electronBinaryPath();
if (electron) buildSqliteForElectron(electron);
else say('Electron is not available on this machine: `npm start` will use web mode; Electron shell tests will be skipped.');
