// The preload (sandboxed, context-isolated): exposes the ConsoleApi to the renderer as
// window.superbrain — one named function per API method plus onChanges — and nothing else; the page
// never sees ipcRenderer. Built as CommonJS (out/preload/index.cjs): sandboxed preloads cannot be ES modules.
import { contextBridge, ipcRenderer } from 'electron';
import { API_METHODS, IPC_CHANGES_CHANNEL, IPC_CHANNEL_PREFIX, type ApiError, type ChangeNotice } from '../../src-shared/api.ts';

type Envelope = { ok: true; value: unknown } | { ok: false; error: ApiError };

const listeners = new Set<(notice: ChangeNotice) => void>();
ipcRenderer.on(IPC_CHANGES_CHANNEL, (_event, notice: ChangeNotice) => {
  for (const listener of [...listeners]) {
    try {
      listener(notice);
    } catch (err) {
      console.error('[superbrain] change listener failed:', err);
    }
  }
});

function invoker(method: string): (param?: unknown) => Promise<unknown> {
  return async (param?: unknown) => {
    const reply = (await ipcRenderer.invoke(IPC_CHANNEL_PREFIX + method, param)) as Envelope | undefined;
    if (reply && reply.ok === true) return reply.value;
    const error = reply && reply.ok === false ? reply.error : { name: 'Error', message: `${method}: no answer from the main process` };
    // Only an Error's message survives contextBridge: the name travels in it (src-renderer/api/client.ts restores it).
    throw new Error(`[${error.name}] ${error.message}`);
  };
}

const bridge: Record<string, unknown> = {};
for (const method of API_METHODS) bridge[method] = invoker(method);
bridge.onChanges = (listener: (notice: ChangeNotice) => void) => {
  if (typeof listener !== 'function') throw new Error('[BadRequest] onChanges: listener must be a function');
  listeners.add(listener);
  return { dispose: () => void listeners.delete(listener) };
};

contextBridge.exposeInMainWorld('superbrain', bridge);

// Issue 7: shell services that are not part of the ConsoleApi (web mode has none): print this window to PDF.
contextBridge.exposeInMainWorld('superbrainShell', {
  printToPdf: async (name: string): Promise<string | null> => {
    const reply = (await ipcRenderer.invoke('superbrain:print-to-pdf', name)) as { ok: true; value: string | null } | { ok: false; error: ApiError } | undefined;
    if (reply && reply.ok === true) return reply.value;
    const error = reply && reply.ok === false ? reply.error : { name: 'Error', message: 'printToPdf: no answer from the main process' };
    throw new Error(`[${error.name}] ${error.message}`);
  },
});
