// Web mode has no main process to deny new windows and outside navigation (Electron does it in
// src-main/electron/main.ts: setWindowOpenHandler, will-navigate), so the page refuses them itself:
// window.open and link clicks (left and middle) that lead to another origin do nothing. Same-origin links
// (the views, the briefing's print view) and downloads still work. Form posts elsewhere are stopped by the
// CSP (form-action 'self'); permissions by the Permissions-Policy header (src-main/web/security.ts).
export function installNavigationGuard(win: Window = window): void {
  const origin = win.location.origin;
  const outside = (url: string | URL): boolean => {
    try {
      return new URL(String(url), win.location.href).origin !== origin;
    } catch {
      return true;
    }
  };
  const open = win.open.bind(win);
  win.open = (url?: string | URL, target?: string, features?: string): Window | null => {
    if (url !== undefined && String(url) !== '' && outside(url)) {
      console.warn(`[superbrain] refused to open ${String(url).slice(0, 200)}: outside this console`);
      return null;
    }
    return open(url, target, features);
  };
  const guardClick = (ev: MouseEvent): void => {
    const target = ev.target as Element | null;
    const a = target?.closest?.('a[href]') as HTMLAnchorElement | null;
    if (!a || a.hasAttribute('download') || a.href.startsWith('blob:')) return;
    if (outside(a.href)) {
      ev.preventDefault();
      console.warn(`[superbrain] refused to navigate to ${a.href.slice(0, 200)}: outside this console`);
    }
  };
  win.document.addEventListener('click', guardClick, true);
  win.document.addEventListener('auxclick', guardClick, true);
}
