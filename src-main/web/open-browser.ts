// Opening the console page for the user (--open, npm start in web mode): Chromium in app mode where a
// display is available (a window without tabs and address bar, like the desktop app), else the system's
// opener, else nothing — the caller has printed the address anyway.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export function hasDisplay(env: NodeJS.ProcessEnv = process.env): boolean {
  if (process.platform === 'win32' || process.platform === 'darwin') return true;
  return Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
}

/** The first Chromium-family browser found on PATH or in the usual places. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.SUPERBRAIN_CHROMIUM && existsSync(env.SUPERBRAIN_CHROMIUM)) return env.SUPERBRAIN_CHROMIUM;
  const names = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];
  const dirs = (env.PATH ?? '').split(path.delimiter).filter(Boolean);
  for (const name of names) {
    for (const dir of dirs) {
      const candidate = path.join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
  }
  return existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : null;
}

export interface OpenedBrowser {
  readonly kind: 'chromium-app' | 'system';
  readonly child: ChildProcess;
  /** Closes the app window we started (a system opener's tab stays). */
  close(): void;
}

export function openInBrowser(url: string, options: { profileDir?: string; onExit?: (code: number | null) => void } = {}): OpenedBrowser | null {
  if (!hasDisplay()) {
    console.error('superbrain: no display (DISPLAY / WAYLAND_DISPLAY unset): open the address above in a browser.');
    return null;
  }
  const chromium = findChromium();
  const launch = (kind: OpenedBrowser['kind'], cmd: string, args: string[]): OpenedBrowser | null => {
    try {
      const child = spawn(cmd, args, { stdio: 'ignore' });
      child.on('error', (err) => console.error(`superbrain: could not start ${cmd}: ${err.message}`));
      child.on('exit', (code) => options.onExit?.(code));
      return {
        kind,
        child,
        close() {
          if (kind === 'chromium-app' && child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
        },
      };
    } catch (err) {
      console.error(`superbrain: could not start ${cmd}: ${(err as Error).message}`);
      return null;
    }
  };
  if (chromium) {
    // Its own profile: the window belongs to this console, and closing it does not touch the user's browser.
    const args = [`--app=${url}`, '--no-first-run', '--no-default-browser-check', '--disable-sync', '--disable-background-networking'];
    if (options.profileDir) args.push(`--user-data-dir=${options.profileDir}`);
    return launch('chromium-app', chromium, args);
  }
  if (process.platform === 'darwin') return launch('system', 'open', [url]);
  if (process.platform === 'win32') return launch('system', 'cmd', ['/c', 'start', '', url]);
  return launch('system', 'xdg-open', [url]);
}
