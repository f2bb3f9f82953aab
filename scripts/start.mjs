// `npm start`: the console on the embedded Lixia demo.
//   1. build out/ if it is missing or older than the sources (scripts/build-if-needed.mjs);
//   2. Electron's binary installed → the desktop app (`electron .`);
//      else → web mode: `superbrain web --demo --port 0`, then a Chromium app window on the printed
//      address where Chromium and a display exist, else the address to open by hand.
// Ctrl-C stops everything it started. Extra arguments go to Electron / `superbrain web`.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const extra = process.argv.slice(2);
const say = (msg) => console.log(`[superbrain] ${msg}`);

function electronBinary() {
  const dir = path.join(root, 'node_modules', 'electron');
  const txt = path.join(dir, 'path.txt');
  if (!existsSync(txt)) return null;
  const bin = path.join(dir, 'dist', readFileSync(txt, 'utf8').trim());
  return existsSync(bin) ? bin : null;
}

function findChromium() {
  if (process.env.SUPERBRAIN_CHROMIUM && existsSync(process.env.SUPERBRAIN_CHROMIUM)) return process.env.SUPERBRAIN_CHROMIUM;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    for (const name of ['chromium', 'chromium-browser']) {
      const p = path.join(dir, name);
      if (existsSync(p)) return p;
    }
  }
  return existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : null;
}

const hasDisplay = () => process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);

const children = new Set();
let stopping = false;
function stopAll(signal = 'SIGTERM') {
  stopping = true;
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill(signal);
}
// The terminal sends Ctrl-C to the whole process group, children included, so they stop by themselves;
// a SIGINT sent to this process alone is passed on if they are still running a moment later.
process.on('SIGINT', () => {
  if (stopping) return stopAll('SIGKILL');
  stopping = true;
  setTimeout(() => stopAll('SIGTERM'), 2000).unref();
});
process.on('SIGTERM', () => stopAll('SIGTERM'));

function track(child) {
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}

const build = spawnSync(process.execPath, [path.join(root, 'scripts', 'build-if-needed.mjs')], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) {
  say('the build failed; fix the error above, then run `npm start` again.');
  process.exit(1);
}

const electron = electronBinary();
if (electron) {
  say('starting the desktop console (Electron) on the demo district…');
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  const child = track(spawn(electron, [root, ...extra], { cwd: root, stdio: 'inherit', env }));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 130 : 0)));
} else {
  say("Electron is not installed on this machine (its binary could not be downloaded; see `npm install`'s postinstall message) — opening web mode");
  const web = track(
    spawn(process.execPath, [path.join(root, 'bin', 'superbrain.mjs'), 'web', '--demo', '--port', '0', ...extra], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    }),
  );
  let browser = null;
  let buffered = '';
  web.stdout.setEncoding('utf8');
  web.stdout.on('data', (chunk) => {
    process.stdout.write(chunk);
    buffered += chunk;
    const m = /^SUPERBRAIN_URL=(\S+)$/m.exec(buffered);
    if (!m || browser) return;
    buffered = '';
    const url = m[1];
    const chromium = findChromium();
    if (chromium && hasDisplay()) {
      say(`opening ${chromium} --app=…`);
      const profile = path.join(root, '.superbrain-data', 'chromium-profile');
      browser = track(
        spawn(chromium, [`--app=${url}`, `--user-data-dir=${profile}`, '--no-first-run', '--no-default-browser-check', '--disable-sync', '--disable-background-networking', '--window-size=1600,1000'], {
          stdio: 'ignore',
        }),
      );
      browser.on('error', (err) => say(`could not start Chromium (${err.message}); open ${url} in a browser.`));
      // Closing the console window ends the session, as it does with the desktop app.
      browser.on('exit', () => {
        if (!stopping) {
          say('the console window was closed; stopping.');
          stopAll('SIGTERM');
        }
      });
    } else {
      browser = true;
      const why = chromium ? 'no display (DISPLAY / WAYLAND_DISPLAY unset)' : 'Chromium is not installed';
      say(`${why}: open this address in a browser → ${url}`);
    }
  });
  web.on('exit', (code, signal) => {
    stopAll('SIGTERM');
    process.exit(code ?? (signal ? 130 : 0));
  });
}
