// Where the repository's files are, found from this module's own location so that the CLI works from
// any working directory. src-main/runtime → the root; the same two levels up from a bundled out/main/index.js.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const DEFAULT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DEFAULT_RESOURCES_DIR = path.join(DEFAULT_ROOT, 'resources');
export const DEFAULT_RENDERER_DIR = path.join(DEFAULT_ROOT, 'out', 'renderer');
