// Runs `electron-vite build` when out/ is missing or older than its sources (mtime check), so `npm start`
// and the end-to-end tests always run what is in the tree, without paying for a build every time.
//
//   out/renderer  ← src-renderer/, src-shared/
//   out/main, out/preload ← src-main/ (the runtime is bundled into Electron's main), src-shared/
// plus electron.vite.config.ts and package.json for all of them. Where Electron is not installed only
// the renderer's age matters (out/main is not run), unless out/main is missing altogether.
//
//   node scripts/build-if-needed.mjs [--force] [--check]   (--check: say whether a build is needed, exit 1 if so)
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const say = (msg) => console.log(`[build-if-needed] ${msg}`);

/** Newest mtime (ms) of the files under `rel` (a file or a folder), skipping node_modules and dotfiles. */
export function newestMtime(rel) {
  const abs = path.join(root, rel);
  if (!existsSync(abs)) return { mtime: 0, file: null };
  const st = statSync(abs);
  if (st.isFile()) return { mtime: st.mtimeMs, file: rel };
  let best = { mtime: 0, file: null };
  for (const e of readdirSync(abs, { withFileTypes: true, recursive: true })) {
    if (!e.isFile() || e.name.startsWith('.')) continue;
    const full = path.join(e.parentPath ?? e.path, e.name);
    if (full.includes(`${path.sep}node_modules${path.sep}`)) continue;
    const m = statSync(full).mtimeMs;
    if (m > best.mtime) best = { mtime: m, file: path.relative(root, full) };
  }
  return best;
}

function outputMtime(rel) {
  const abs = path.join(root, rel);
  return existsSync(abs) ? statSync(abs).mtimeMs : null;
}

function electronInstalled() {
  const dir = path.join(root, 'node_modules', 'electron');
  const txt = path.join(dir, 'path.txt');
  if (!existsSync(txt)) return false;
  return existsSync(path.join(dir, 'dist', readFileSync(txt, 'utf8').trim()));
}

function newest(rels) {
  return rels.map(newestMtime).reduce((a, b) => (b.mtime > a.mtime ? b : a), { mtime: 0, file: null });
}

export function staleReason() {
  const common = ['src-shared', 'electron.vite.config.ts', 'package.json'];
  const renderer = outputMtime('out/renderer/index.html');
  if (renderer === null) return 'out/renderer is missing';
  const rSrc = newest(['src-renderer', ...common]);
  if (rSrc.mtime > renderer) return `${rSrc.file} is newer than out/renderer`;
  const main = outputMtime('out/main/index.js') ?? outputMtime('out/main/index.mjs');
  const preload = outputMtime('out/preload/index.cjs');
  if (main === null || preload === null) return 'out/main or out/preload is missing';
  if (electronInstalled()) {
    const mSrc = newest(['src-main', ...common]);
    if (mSrc.mtime > Math.min(main, preload)) return `${mSrc.file} is newer than out/main`;
  }
  return null;
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname);
if (isMain) {
  const force = process.argv.includes('--force');
  const why = force ? '--force' : staleReason();
  if (process.argv.includes('--check')) {
    say(why ? `a build is needed: ${why}` : 'out/ is up to date');
    process.exit(why ? 1 : 0);
  }
  if (!why) {
    say('out/ is up to date');
    process.exit(0);
  }
  say(`building (${why})…`);
  const cli = path.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
  const r = spawnSync(process.execPath, [cli, 'build'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    say(`electron-vite build failed (exit ${r.status ?? r.signal})`);
    process.exit(1);
  }
  process.exit(0);
}
