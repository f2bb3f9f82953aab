// Issue 7: the briefing's PDF in the desktop app. The briefing view lays itself out for print in its own
// window and asks for this; the main process prints that window with Chromium's own printing
// (webContents.printToPDF: A4 landscape, the page's @page size) and saves where the user says.
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, type IpcMainInvokeEvent } from 'electron';
import type { ApiError } from '../../src-shared/api.ts';
import { toApiError } from '../api/dispatch.ts';

export const IPC_PRINT_TO_PDF = 'superbrain:print-to-pdf';

type Reply = { ok: true; value: string | null } | { ok: false; error: ApiError };

/** A file name the renderer proposes: plain, ending in .pdf. */
export function safePdfName(name: unknown): string {
  const base = typeof name === 'string' ? path.basename(name).replace(/[^\w.\-\u4e00-\u9fff]/g, '_').slice(0, 120) : '';
  return base.toLowerCase().endsWith('.pdf') && base.length > 4 ? base : 'briefing.pdf';
}

export function registerPrintToPdf(isTrustedSender: (event: IpcMainInvokeEvent) => boolean): void {
  ipcMain.handle(IPC_PRINT_TO_PDF, async (event, name: unknown): Promise<Reply> => {
    if (!isTrustedSender(event)) return { ok: false, error: { name: 'Forbidden', message: 'printToPdf: not called from a Superbrain window' } };
    try {
      const pdf = await event.sender.printToPDF({ landscape: true, pageSize: 'A4', printBackground: true, preferCSSPageSize: true });
      const win = BrowserWindow.fromWebContents(event.sender);
      const options = { defaultPath: path.join(app.getPath('documents'), safePdfName(name)), filters: [{ name: 'PDF', extensions: ['pdf'] }] };
      const chosen = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
      if (chosen.canceled || !chosen.filePath) return { ok: true, value: null };
      await fsp.writeFile(chosen.filePath, pdf);
      return { ok: true, value: chosen.filePath };
    } catch (err) {
      return { ok: false, error: toApiError(err) };
    }
  });
}
