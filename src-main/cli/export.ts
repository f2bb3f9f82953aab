// `superbrain export --data-dir DIR --what incidents|alerts|grids|indicators --format geojson|csv|ndjson [--out FILE]`:
// the cache as a file for GIS tools, spreadsheets or scripts. Reads the cache read-only, so it can run
// beside a live console.
import { createWriteStream, existsSync } from 'node:fs';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { once } from 'node:events';
import { optionHelp, parseCommandArgs, type OptionSpec } from './args.ts';
import { EXPORT_FORMATS, EXPORT_KINDS, exportChunks, type ExportFormat, type ExportKind } from '../store/export.ts';
import { openStore } from '../store/store.ts';

const SPEC = {
  'data-dir': { type: 'string', help: 'the console data directory (holds console.db)' },
  what: { type: 'string', help: `what to export: ${EXPORT_KINDS.join(' | ')}` },
  format: { type: 'string', help: `${EXPORT_FORMATS.join(' | ')} (indicators: csv or ndjson)` },
  out: { type: 'string', help: 'write to this file instead of stdout' },
  bom: { type: 'boolean', help: 'start CSV with a UTF-8 byte-order mark (for Excel)' },
  help: { type: 'boolean', help: 'show this help' },
} satisfies OptionSpec;

const USAGE = `usage: superbrain export --data-dir DIR --what KIND --format FORMAT [--out FILE]

Writes the cached incidents, alerts, grids or indicator reports. CSV has a header row and RFC 4180
quoting; text cells starting with = + - @ get a leading apostrophe so spreadsheets do not run them.
Times are written in Shanghai time (+08:00).

options:
${optionHelp(SPEC)}`;

export async function run(argv: string[]): Promise<number> {
  const opts = parseCommandArgs('export', argv, SPEC, USAGE);
  if (typeof opts === 'number') return opts;
  const missing = (['data-dir', 'what', 'format'] as const).filter((k) => !opts[k]);
  if (missing.length) {
    console.error(`superbrain export: missing ${missing.map((k) => `--${k}`).join(', ')}\n\n${USAGE}`);
    return 2;
  }
  const what = opts.what as ExportKind;
  const format = opts.format as ExportFormat;
  if (!EXPORT_KINDS.includes(what)) return usageError(`--what must be one of ${EXPORT_KINDS.join(', ')}, got "${opts.what}"`);
  if (!EXPORT_FORMATS.includes(format)) return usageError(`--format must be one of ${EXPORT_FORMATS.join(', ')}, got "${opts.format}"`);
  if (what === 'indicators' && format === 'geojson') return usageError('indicator reports have no geometry: use --format csv or ndjson');

  const file = path.join(opts['data-dir']!, 'console.db');
  if (!existsSync(file)) {
    console.error(`superbrain export: no cache at ${file} (run the console or \`superbrain headless\` with this --data-dir first)`);
    return 1;
  }
  const store = openStore(file, { readonly: true });
  try {
    const out: Writable = opts.out ? createWriteStream(opts.out) : process.stdout;
    const failed = new Promise<never>((_, reject) => out.once('error', reject));
    failed.catch(() => {});
    const write = async (chunk: string): Promise<void> => {
      if (!out.write(chunk)) await Promise.race([once(out, 'drain'), failed]);
    };
    if (opts.bom && format === 'csv') await write('\uFEFF');
    for (const chunk of exportChunks(store, what, format)) await write(chunk);
    if (opts.out) {
      out.end();
      await Promise.race([once(out, 'finish'), failed]);
      console.error(`superbrain export: wrote ${what} as ${format} to ${opts.out}`);
    }
    return 0;
  } finally {
    store.close();
  }
}

function usageError(message: string): number {
  console.error(`superbrain export: ${message}\n\n${USAGE}`);
  return 2;
}
