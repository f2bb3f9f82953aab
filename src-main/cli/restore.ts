// `superbrain restore --data-dir D --from FILE`: puts a backup (from <data-dir>/backups/, made online by
// the running console) back in place of a damaged cache. The cache there now is moved aside, never
// deleted. `--list` shows the backups of a data dir. Stop the console first.
import path from 'node:path';
import { listBackups, quickCheckFile, restoreBackup } from '../store/backup.ts';
import { openStore } from '../store/store.ts';
import { optionHelp, parseArgs, UsageError, type OptionSpec } from './args.ts';

const SPEC = {
  'data-dir': { type: 'string', help: 'the console data dir whose cache (console.db) is replaced (required)' },
  from: { type: 'string', help: 'the backup to restore, e.g. <data-dir>/backups/console-20261123T080000Z.db' },
  list: { type: 'boolean', help: 'list the backups of --data-dir, newest first, and whether each passes its integrity check' },
  help: { type: 'boolean', help: 'this help' },
} satisfies OptionSpec;

const USAGE = `usage: superbrain restore --data-dir DIR (--from FILE | --list)\n\nStop the console on DIR first. The cache there is moved aside to console.db.replaced-<time>.\n\n${optionHelp(SPEC)}`;

export async function run(argv: string[]): Promise<number> {
  let opts;
  try {
    opts = parseArgs(argv, SPEC);
    if (opts.help) {
      console.log(USAGE);
      return 0;
    }
    if (opts._.length > 0) throw new UsageError(`unexpected argument "${opts._[0]}"`);
    if (!opts['data-dir']) throw new UsageError('--data-dir is required');
    if (!opts.from && !opts.list) throw new UsageError('give --from FILE (or --list)');
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`superbrain restore: ${err.message}\n\n${USAGE}`);
      return 2;
    }
    throw err;
  }
  const cacheFile = path.join(path.resolve(opts['data-dir']), 'console.db');
  if (opts.list) {
    const backups = listBackups(cacheFile);
    if (backups.length === 0) console.log(`no backups in ${path.dirname(cacheFile)}/backups`);
    for (const b of backups) {
      const problems = quickCheckFile(b);
      console.log(`${b}  ${problems.length ? `DAMAGED: ${problems.join('; ')}` : 'ok'}`);
    }
    return 0;
  }
  const { movedAside } = restoreBackup(cacheFile, path.resolve(opts.from!));
  // Opening it the way the console will (integrity check, migrations) proves the restore.
  openStore(cacheFile).close();
  for (const f of movedAside) console.log(`moved aside: ${f}`);
  console.log(`restored ${cacheFile} from ${opts.from}; the console resumes each sub-centre from the positions in the backup`);
  return 0;
}
