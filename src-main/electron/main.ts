// Electron's main process: a thin shell around the console runtime. It owns what only Electron can do —
// one instance, the windows per display role, the app:// protocol that serves the built renderer, the
// security settings (CSP, no navigation, no pop-ups, no permissions) and the IPC handlers that carry the
// ConsoleApi to the preload. Everything else is the same runtime `superbrain web` uses.
//
//   electron . [--wall-display N] [--wall] [--wall-span A-B] [--config FILE] [--speed N] [--data-dir DIR]
import { existsSync, promises as fsp } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, dialog, ipcMain, protocol, session, type WebContents } from 'electron';
import { API_METHODS, IPC_CHANGES_CHANNEL, IPC_CHANNEL_PREFIX, type ApiError } from '../../src-shared/api.ts';
import { callApiMethod, toApiError } from '../api/dispatch.ts';
import { createCallerSession, runAsCaller, type CallerSession } from '../api/caller.ts';
import { loadConsoleConfig } from '../config.ts';
import { startConsoleRuntime, type ConsoleRuntime } from '../runtime/console-runtime.ts';
import { CONTENT_SECURITY_POLICY, SECURITY_HEADERS } from '../web/security.ts';
import { mimeTypeFor, resolveStaticPath } from '../web/static-files.ts';
import { parseShellArgs, type ShellArgs } from './shell-args.ts';
import { WindowManager } from './windows.ts';
import { registerPrintToPdf } from './print-pdf.ts'; // issue 7
import { resolveAppPaths } from '../runtime/app-paths.ts'; // issue 9: packaged layout

const SCHEME = 'app';
const APP_ORIGIN = `${SCHEME}://superbrain`;
const here = path.dirname(fileURLToPath(import.meta.url)); // out/main
const rendererDir = path.join(here, '..', 'renderer');
const preloadPath = path.join(here, '..', 'preload', 'index.cjs');
// electron-vite dev serves the renderer itself (with hot reload) and says where.
const devRendererUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;

/** Tells the user why the console cannot run, and ends the app (callers return right after). */
function fail(title: string, err: unknown): void {
  const message = err instanceof Error ? err.message : String(err);
  console.error(`[superbrain] ${title}: ${message}`);
  try {
    dialog.showErrorBox(title, message);
  } catch {
    /* no UI yet */
  }
  app.exit(1);
}

let args: ShellArgs | null = null;
try {
  // Only our own options are picked out, wherever Electron, Chromium or a test driver put theirs.
  args = parseShellArgs(process.argv.slice(1));
} catch (err) {
  fail('Superbrain: bad command line', err);
}
// Before anything touches userData: tests and drills run in their own directory.
if (args?.dataDir) app.setPath('userData', args.dataDir);

// The wall must be able to sound an alarm that nobody clicked for.
app.commandLine.appendSwitch('autoplay-policy', 'no-user-gesture-required');
protocol.registerSchemesAsPrivileged([{ scheme: SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } }]);

if (!args) {
  // fail() has ended the app.
} else if (!app.requestSingleInstanceLock()) {
  console.error('[superbrain] another Superbrain console is already running for this profile; focusing it.');
  app.quit();
} else {
  const shellArgs = args;
  startShell(shellArgs).catch((err: unknown) => fail('Superbrain cannot start', err));
}

async function startShell(args: ShellArgs): Promise<void> {
  let runtime: ConsoleRuntime | null = null;
  let stopped = false;
  let windows: WindowManager | null = null;

  app.on('second-instance', () => windows?.focus());

  // Every web contents, whatever created it: no navigation away, no new windows, no <webview>.
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      event.preventDefault();
      console.error(`[superbrain] navigation to ${url.slice(0, 200)} blocked`);
    });
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });

  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', (event) => {
    if (stopped || !runtime) return;
    event.preventDefault();
    const r = runtime;
    runtime = null;
    r.stop()
      .catch((err: Error) => console.error(`[superbrain] while stopping: ${err.message}`))
      .finally(() => {
        stopped = true;
        app.quit();
      });
  });

  await app.whenReady();

  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  // Vite's dev server needs its inline preamble script; the built app gets the strict policy.
  const csp = devRendererUrl ? CONTENT_SECURITY_POLICY.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'") : CONTENT_SECURITY_POLICY;
  ses.webRequest.onHeadersReceived((details, callback) => {
    const headers: Record<string, string[]> = {};
    for (const [k, v] of Object.entries(details.responseHeaders ?? {})) if (k.toLowerCase() !== 'content-security-policy') headers[k] = v;
    headers['Content-Security-Policy'] = [csp];
    callback({ responseHeaders: headers });
  });

  protocol.handle(SCHEME, async (request) => {
    const url = new URL(request.url);
    const file = url.host === 'superbrain' ? resolveStaticPath(rendererDir, url.pathname) : null;
    if (!file) return new Response('not found', { status: 404, headers: SECURITY_HEADERS });
    try {
      const body = await fsp.readFile(file);
      return new Response(body, { status: 200, headers: { ...SECURITY_HEADERS, 'Content-Type': mimeTypeFor(file), 'Cache-Control': 'no-cache' } });
    } catch {
      return new Response('not found', { status: 404, headers: SECURITY_HEADERS });
    }
  });

  const nativeBinding = app.isPackaged ? undefined : path.join(app.getAppPath(), '.native', 'electron', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
  if (nativeBinding && !existsSync(nativeBinding)) {
    return fail('Superbrain: better-sqlite3 is not built for Electron', new Error(`${nativeBinding} is missing. Run \`node scripts/postinstall.mjs\` (needs the Electron headers), or use web mode: \`npx superbrain web\`.`));
  }
  if (!devRendererUrl && !existsSync(path.join(rendererDir, 'index.html'))) {
    return fail('Superbrain: the renderer is not built', new Error(`${rendererDir}/index.html is missing: run \`npm run build\`.`));
  }

  // Windows open at once; API calls wait for the runtime (the demo's 13 servers take a moment).
  const starting = (async () => {
    const config = args.config ? loadConsoleConfig(args.config) : undefined;
    return startConsoleRuntime({
      dataDir: app.getPath('userData'),
      transport: 'electron',
      // issue 9: packaged, resources/ is an extraResource beside app.asar (read-only install dir)
      resourcesDir: resolveAppPaths({ isPackaged: app.isPackaged, appPath: app.getAppPath(), resourcesPath: process.resourcesPath, userData: app.getPath('userData') }).resourcesDir,
      version: app.getVersion(),
      ...(nativeBinding ? { nativeBinding } : {}),
      ...(config ? { config } : { demo: args.speed !== undefined ? { speed: args.speed } : {}, preferSavedEndpoints: true }), // issue 9: saved sub-centres replace the demo
    });
  })();

  windows = new WindowManager({
    preloadPath,
    rendererUrl: (role) => `${devRendererUrl ?? `${APP_ORIGIN}/index.html`}?role=${role}`,
    trustedOrigins: [devRendererUrl ? new URL(devRendererUrl).origin + '/' : `${APP_ORIGIN}/`],
    stateFile: path.join(app.getPath('userData'), 'window-state.json'),
  });
  const wm = windows;

  // One caller session per window's webContents (issue 5): a sign-in in the operator window does not
  // sign in the wall; a reload keeps the webContents, and so the sign-in.
  const sessions = new Map<number, CallerSession>();
  const sessionOf = (contents: WebContents): CallerSession => {
    let s = sessions.get(contents.id);
    if (!s) {
      // Actions re-check the account against the store (an admin may disable it meanwhile).
      const created = createCallerSession('electron', Date.now(), (accountId) => runtime?.api.accountById(accountId) ?? null);
      sessions.set(contents.id, created);
      contents.once('destroyed', () => sessions.delete(contents.id));
      s = created;
    }
    return s;
  };

  registerPrintToPdf((event) => wm.isTrustedSender(event)); // issue 7: the briefing's PDF

  for (const method of API_METHODS) {
    ipcMain.handle(IPC_CHANNEL_PREFIX + method, async (event, param: unknown) => {
      if (!wm.isTrustedSender(event)) {
        const error: ApiError = { name: 'Forbidden', message: `${method}: not called from a Superbrain window` };
        return { ok: false, error };
      }
      try {
        const r = await starting;
        return { ok: true, value: await callApiMethod(r.api, method, param, sessionOf(event.sender)) };
      } catch (err) {
        return { ok: false, error: toApiError(err) };
      }
    });
  }

  try {
    wm.openAll({ forceWall: args.forceWall, ...(args.wallDisplay !== undefined ? { wallDisplay: args.wallDisplay } : {}), ...(args.wallSpan ? { wallSpan: args.wallSpan } : {}) });
  } catch (err) {
    return fail('Superbrain: cannot place the windows', err);
  }

  try {
    runtime = await starting;
  } catch (err) {
    return fail('Superbrain cannot start', err);
  }
  // Change notices are filtered per caller (a street operator hears of their street only): one
  // subscription per window, inside that window's session.
  const rt = runtime;
  const subscribed = new Set<number>();
  const subscribe = (): void => {
    for (const win of wm.all()) {
      const contents = win.webContents;
      if (contents.isDestroyed() || subscribed.has(contents.id)) continue;
      subscribed.add(contents.id);
      const sub = runAsCaller(sessionOf(contents), () =>
        rt.api.onChanges((notice) => {
          if (!contents.isDestroyed()) contents.send(IPC_CHANGES_CHANNEL, notice);
        }),
      );
      contents.once('destroyed', () => {
        sub.dispose();
        subscribed.delete(contents.id);
      });
    }
  };
  subscribe();
  app.on('browser-window-created', () => setImmediate(subscribe));
}
