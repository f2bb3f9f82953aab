// `npm run build` (electron-vite build): three bundles into out/.
//   out/main/index.js     Electron's main process (ESM): the shell plus the console runtime it starts.
//   out/preload/index.cjs the preload, CommonJS because a sandboxed preload cannot be an ES module,
//                         and self-contained (a sandboxed preload can require only 'electron').
//   out/renderer/         the React renderer, also served by `superbrain web`.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

const root = path.dirname(fileURLToPath(import.meta.url));

// Native or optional modules stay in node_modules, loaded at run time (better-sqlite3 through nativeBinding).
const MAIN_EXTERNALS: Array<string | RegExp> = ['better-sqlite3', /^socket\.io(-client)?(\/.*)?$/, /^engine\.io/, 'ws', 'bufferutil', 'utf-8-validate'];

export default defineConfig({
  main: {
    build: {
      outDir: path.join(root, 'out', 'main'),
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: path.join(root, 'src-main', 'electron', 'main.ts') },
        external: MAIN_EXTERNALS,
        // One file: modules that find files from import.meta.url (resources/, out/renderer) must sit in out/main.
        output: { format: 'es', entryFileNames: '[name].js', codeSplitting: false },
      },
    },
  },
  preload: {
    build: {
      outDir: path.join(root, 'out', 'preload'),
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: path.join(root, 'src-main', 'electron', 'preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false },
      },
    },
  },
  renderer: {
    root: path.join(root, 'src-renderer'),
    plugins: [react()],
    build: {
      outDir: path.join(root, 'out', 'renderer'),
      emptyOutDir: true,
      // The CSP allows data: for images only (not fonts, scripts or workers): emit every asset as a file.
      assetsInlineLimit: 0,
      chunkSizeWarningLimit: 8000,
      rolldownOptions: {
        input: path.join(root, 'src-renderer', 'index.html'),
      },
    },
  },
});
