// `superbrain import --data-dir DIR --kind KIND --file F [--gcj02] [--encoding E] [--dry-run]` (issue 9):
// the same validation and one-transaction apply as the app's import view, for scripts and for walls
// set up from a terminal. Prints the counts and EVERY problem; exit code 1 when the file is refused.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { IMPORT_ENCODINGS, IMPORT_KINDS, type ImportEncoding, type ImportKind, type ImportProblem } from '../../src-shared/imports.ts';
import { createImportService } from '../import/import-service.ts';
import { loadBoundaries } from '../runtime/boundaries.ts';
import { DEFAULT_RESOURCES_DIR } from '../runtime/paths.ts';
import { openStore } from '../store/store.ts';
import { clearImportedRecords } from '../store/imported.ts';
import { randomUUID } from 'node:crypto';
import { optionHelp, parseCommandArgs, type OptionSpec } from './args.ts';

const SPEC = {
  'data-dir': { type: 'string', help: 'the console data directory (holds console.db; created if missing)' },
  kind: { type: 'string', help: IMPORT_KINDS.join(' | ') },
  file: { type: 'string', help: 'the file: GeoJSON for boundaries and grids; CSV or .xlsx for the others' },
  gcj02: { type: 'boolean', help: 'coordinates in the file are GCJ-02: convert them to WGS-84' },
  encoding: { type: 'string', help: `${IMPORT_ENCODINGS.join(' | ')} (auto: UTF-8, else GB18030/GBK)`, default: 'auto' },
  'dry-run': { type: 'boolean', help: 'validate and show the preview only; change nothing' },
  clear: { type: 'boolean', help: 'remove the earlier import of --kind instead (no --file): the sub-centres\' or the demo\'s data are in force again' },
  'resources-dir': { type: 'string', help: 'where the demo boundaries are (default: the installed resources/)' },
  help: { type: 'boolean', help: 'show this help' },
} satisfies OptionSpec;

const USAGE = `usage: superbrain import --data-dir DIR --kind KIND --file FILE [--gcj02] [--encoding auto|utf-8|gb18030] [--dry-run]
       superbrain import --data-dir DIR --kind KIND --clear

Validates the file against what the cache holds (the boundaries in force, the grids, the organisation
tree) and prints the counts (new / changed / unchanged / removed) and every problem with its row or
feature and field. Without --dry-run a file with no problem is applied in one transaction; a file with
any problem is refused and nothing changes. An import replaces the earlier import of its kind.
A running console shows the result after its next start (or import through the app's Imports view).

options:
${optionHelp(SPEC)}`;

export function formatProblem(p: ImportProblem): string {
  const where = p.row !== null ? `row ${p.row}` : p.feature !== null ? `feature ${p.feature}` : 'file';
  return `  ${where}${p.id ? ` (${p.id})` : ''}${p.field ? ` ${p.field}` : ''}: ${p.reason}`;
}

export async function run(argv: string[]): Promise<number> {
  const opts = parseCommandArgs('import', argv, SPEC, USAGE);
  if (typeof opts === 'number') return opts;
  const missing = (opts.clear ? (['data-dir', 'kind'] as const) : (['data-dir', 'kind', 'file'] as const)).filter((k) => !opts[k]);
  if (missing.length) return usageError(`missing ${missing.map((k) => `--${k}`).join(', ')}`);
  if (!(IMPORT_KINDS as readonly string[]).includes(opts.kind!)) return usageError(`--kind must be one of ${IMPORT_KINDS.join(', ')}, got "${opts.kind}"`);
  if (!(IMPORT_ENCODINGS as readonly string[]).includes(opts.encoding!)) return usageError(`--encoding must be one of ${IMPORT_ENCODINGS.join(', ')}`);
  const kind = opts.kind as ImportKind;
  if (opts.clear) return clear(opts['data-dir']!, kind);
  let bytes: Buffer;
  try {
    bytes = readFileSync(opts.file!);
  } catch (err) {
    console.error(`superbrain import: cannot read ${opts.file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    return 1;
  }
  const dbFile = path.join(opts['data-dir']!, 'console.db');
  if (opts['dry-run'] && !existsSync(dbFile)) {
    console.error(`superbrain import: no cache at ${dbFile} (a dry run changes nothing, so it needs an existing cache)`);
    return 1;
  }
  if (!opts['dry-run']) mkdirSync(opts['data-dir']!, { recursive: true });
  const store = openStore(dbFile, { readonly: opts['dry-run'] });
  const resourcesDir = opts['resources-dir'] ?? DEFAULT_RESOURCES_DIR;
  const service = createImportService({
    store,
    now: Date.now,
    fallbackBoundaries: () => {
      try {
        return loadBoundaries(path.join(resourcesDir, 'demo', 'lixia'));
      } catch {
        return null;
      }
    },
  });
  try {
    const started = service.startPreview({ kind, fileName: path.basename(opts.file!), options: { gcj02: opts.gcj02, encoding: opts.encoding as ImportEncoding }, bytes });
    const s = await service.whenValidated(started.importId);
    const c = s.counts;
    console.log(`${kind} from ${opts.file} (${s.format ?? 'unknown format'}${s.encoding ? `, ${s.encoding}` : ''}${opts.gcj02 ? ', GCJ-02 → WGS-84' : ''})`);
    if (c) console.log(`records: ${c.total}   new ${c.new}   changed ${c.changed}   unchanged ${c.unchanged}   removed ${c.removed}`);
    if (s.supersedes) console.log(`these grids take the place of the ${s.supersedes} grids from the sub-centres on the wall`);
    if (s.state === 'failed') {
      console.error(`superbrain import: ${s.error}`);
      return 1;
    }
    if (s.state === 'refused') {
      const all = service.allProblems(s.importId);
      console.error(`refused: ${all.length} problem${all.length === 1 ? '' : 's'}; nothing was changed`);
      for (const p of all) console.error(formatProblem(p));
      return 1;
    }
    if (opts['dry-run']) {
      console.log('no problem found (dry run: nothing was changed)');
      return 0;
    }
    service.apply(s.importId, { id: 'cli', name: `superbrain import (${process.env.USER ?? 'unknown user'})`, role: 'system' });
    console.log(`applied to ${dbFile}`);
    return 0;
  } finally {
    service.dispose();
    store.close();
  }
}

function clear(dataDir: string, kind: ImportKind): number {
  const dbFile = path.join(dataDir, 'console.db');
  if (!existsSync(dbFile)) {
    console.error(`superbrain import: no cache at ${dbFile}`);
    return 1;
  }
  const store = openStore(dbFile);
  try {
    const r = clearImportedRecords(store, { importId: randomUUID(), kind, actor: { id: 'cli', name: `superbrain import (${process.env.USER ?? 'unknown user'})`, role: 'system' }, at: Date.now() });
    console.log(`removed the imported ${kind}: ${r.removed} records`);
    return 0;
  } catch (err) {
    console.error(`superbrain import: ${(err as Error).message}`);
    return 1;
  } finally {
    store.close();
  }
}

function usageError(message: string): number {
  console.error(`superbrain import: ${message}\n\n${USAGE}`);
  return 2;
}
