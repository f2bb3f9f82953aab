// The console's windows, one per display role: the wall (full-screen on its display, no frame) and the
// operator window (a normal window). Every window gets the same locked-down webPreferences; where they
// are is remembered per display (window-placement.ts).
import { BrowserWindow, screen, type BrowserWindowConstructorOptions, type Display, type IpcMainInvokeEvent } from 'electron';
import {
  chooseOperatorDisplay,
  chooseWallDisplay,
  spanWallDisplays,
  loadWindowState,
  operatorPlacement,
  rememberPlacement,
  saveWindowState,
  type DisplayInfo,
  type WindowRole,
  type WindowState,
} from './window-placement.ts';

export interface WindowManagerOptions {
  preloadPath: string;
  /** The renderer page for a role, e.g. app://superbrain/index.html?role=wall. */
  rendererUrl(role: WindowRole): string;
  /** Pages the API may be called from (their URL starts with one of these). */
  trustedOrigins: string[];
  stateFile: string;
}

function toInfo(d: Display): DisplayInfo {
  return { id: d.id, bounds: d.bounds, workArea: d.workArea, internal: d.internal };
}

export class WindowManager {
  private readonly windows = new Map<BrowserWindow, WindowRole>();
  private state: WindowState;
  private saveTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly options: WindowManagerOptions) {
    this.state = loadWindowState(options.stateFile);
  }

  /** Opens the operator window, and the wall where there is a display for it (or one was asked for). */
  openAll(opts: { wallDisplay?: number; forceWall?: boolean; wallSpan?: [number, number] }): void {
    const displays = screen.getAllDisplays().map(toInfo);
    const primaryId = screen.getPrimaryDisplay().id;
    // issue 4: --wall-span puts one frameless wall window over several displays (not full screen, which
    // would snap it to one of them).
    const spanned = opts.wallSpan ? spanWallDisplays(displays, opts.wallSpan) : null;
    let wallDisplay = spanned ?? chooseWallDisplay(displays, primaryId, this.state, opts.wallDisplay);
    if (!wallDisplay && opts.forceWall) wallDisplay = displays.find((d) => d.id === primaryId) ?? null;
    if (wallDisplay) this.openWall(wallDisplay, spanned !== null);
    const operatorDisplay = chooseOperatorDisplay(displays, primaryId, this.state, wallDisplay);
    // One display taken by the wall and nothing else: the operator window opens on top of it, not full-screen.
    if (operatorDisplay) this.openOperator(operatorDisplay);
  }

  all(): BrowserWindow[] {
    return [...this.windows.keys()].filter((w) => !w.isDestroyed());
  }

  focus(): void {
    const win = [...this.windows].find(([, r]) => r === 'operator')?.[0] ?? this.all()[0];
    if (!win || win.isDestroyed()) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  }

  /** The API may only be called by the main frame of one of our windows showing our renderer. */
  isTrustedSender(event: IpcMainInvokeEvent): boolean {
    const frame = event.senderFrame;
    if (!frame || frame !== event.sender.mainFrame) return false;
    const win = BrowserWindow.fromWebContents(event.sender);
    if (!win || !this.windows.has(win)) return false;
    return this.options.trustedOrigins.some((origin) => frame.url.startsWith(origin));
  }

  private create(role: WindowRole, init: BrowserWindowConstructorOptions): BrowserWindow {
    const win = new BrowserWindow({
      ...init,
      show: false,
      backgroundColor: '#0b1220',
      autoHideMenuBar: true,
      title: role === 'wall' ? 'Superbrain 城市超脑 — wall' : 'Superbrain 城市超脑',
      webPreferences: {
        preload: this.options.preloadPath,
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        webviewTag: false,
        spellcheck: false,
        // A middle click would open a link in a new window before setWindowOpenHandler is asked (issue 8,
        // Electronegativity AUXCLICK_JS_CHECK).
        disableBlinkFeatures: 'Auxclick',
        backgroundThrottling: role !== 'wall',
      },
    });
    this.windows.set(win, role);
    win.once('ready-to-show', () => win.show());
    win.on('closed', () => this.windows.delete(win));
    void win.loadURL(this.options.rendererUrl(role)).catch((err: Error) => console.error(`[superbrain] cannot load the ${role} window: ${err.message}`));
    return win;
  }

  private openWall(display: DisplayInfo, span = false): void {
    const win = this.create('wall', { ...display.bounds, frame: false, fullscreenable: !span, ...(span ? { enableLargerThanScreen: true } : {}) });
    // Full screen only once the window is on its display, or the window manager may pick another one.
    win.once('ready-to-show', () => {
      win.setBounds(display.bounds);
      if (!span) win.setFullScreen(true);
    });
    win.on('close', () => this.remember('wall', win));
  }

  private openOperator(display: DisplayInfo): void {
    const placement = operatorPlacement(display, this.state);
    const win = this.create('operator', { ...placement.bounds, minWidth: 800, minHeight: 600 });
    if (placement.maximized) win.once('ready-to-show', () => win.maximize());
    const later = (): void => this.scheduleRemember('operator', win);
    win.on('moved', later);
    win.on('resized', later);
    win.on('maximize', later);
    win.on('unmaximize', later);
    win.on('close', () => this.remember('operator', win));
  }

  private scheduleRemember(role: WindowRole, win: BrowserWindow): void {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => {
      this.saveTimer = null;
      this.remember(role, win);
    }, 1000);
  }

  private remember(role: WindowRole, win: BrowserWindow): void {
    if (win.isDestroyed()) return;
    try {
      const bounds = role === 'operator' ? win.getNormalBounds() : win.getBounds();
      const display = toInfo(screen.getDisplayMatching(bounds));
      this.state = rememberPlacement(this.state, role, display, { bounds, maximized: role === 'operator' ? win.isMaximized() : false });
      saveWindowState(this.options.stateFile, this.state);
    } catch (err) {
      console.error(`[superbrain] cannot save window placement: ${(err as Error).message}`);
    }
  }
}
