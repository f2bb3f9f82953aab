#!/usr/bin/env node
// `npm run dist:linux` / `npm run dist:win` (issue 9): builds the bundles, packages them with
// electron-builder (build/electron-builder.yml) and then puts better-sqlite3's Node build back.
// Why the last step: electron-builder rebuilds native modules for Electron IN PLACE in node_modules
// (npmRebuild), after which the CLI, web mode and the tests (plain Node) could not load better-sqlite3.
//
//   node scripts/dist.mjs --linux [--dir] [extra electron-builder options]
//   node scripts/dist.mjs --win
// Needs Electron's binary and headers: electron-builder downloads them (ELECTRON_MIRROR, or give
// --config.electronDist=<dir with an unpacked Electron>). Build the Windows installer on Windows.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
if (!args.includes('--linux') && !args.includes('--win')) {
  console.error('usage: node scripts/dist.mjs --linux|--win [--dir] [electron-builder options]');
  process.exit(2);
}
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const run = (cmd, argv) => spawnSync(cmd, argv, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' && cmd.endsWith('.cmd') }).status ?? 1;

let status = run(npm, ['run', 'build']);
if (status === 0) {
  const cli = require.resolve('electron-builder/cli.js');
  status = run(process.execPath, [cli, '--config', 'build/electron-builder.yml', '--publish', 'never', ...args]);
}
// Whatever happened, plain Node must be able to load better-sqlite3 again.
const restore = run(npm, ['rebuild', 'better-sqlite3']);
if (restore !== 0) console.error('[dist] `npm rebuild better-sqlite3` failed: run it by hand before using the CLI or the tests');
if (status === 0) console.log(`[dist] packages are in ${path.join(root, 'dist')}`);
process.exit(status);
