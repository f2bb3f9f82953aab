// Start-up cost of the cache: opening a large console.db with and without the integrity check
// (`PRAGMA quick_check`, run at every read-write open so that a damaged file is caught before anything
// is acknowledged from it).
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { applyEventBatch, openStore } from '../src-main/store/index.ts';
import { makeIncident, prng } from './incident-gen.ts';

export async function benchOpen(options: { incidents: number }): Promise<{ markdown: string }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sb-bench-open-'));
  try {
    const file = path.join(dir, 'console.db');
    const store = openStore(file);
    const rand = prng(7);
    let seq = 0;
    const at = '2026-11-23T08:00:00.000+08:00';
    while (seq < options.incidents) {
      const n = Math.min(500, options.incidents - seq);
      applyEventBatch(store, '370102001', 'e-bench', Array.from({ length: n }, () => {
        seq++;
        return { seq, id: `id-${seq}`, type: 'incident.upsert', at, body: makeIncident('370102001', seq, rand, new Date()) };
      }));
    }
    store.close();
    const mb = statSync(file).size / 2 ** 20;
    const time = (integrityCheck: boolean) => {
      const t = performance.now();
      openStore(file, { integrityCheck }).close();
      return performance.now() - t;
    };
    time(true); // warm the page cache, as on a machine that has just read the file
    const withCheck = time(true);
    const without = time(false);
    const markdown = [
      '## Cache start-up (issue 8)',
      '',
      `A cache of ${options.incidents.toLocaleString('en-US')} incidents with their event log (${mb.toFixed(0)} MiB), opened read-write with the file in the page cache:`,
      '',
      '| open | ms |',
      '| --- | ---: |',
      `| with the integrity check (\`PRAGMA quick_check\`, the default) | ${withCheck.toFixed(0)} |`,
      `| without it | ${without.toFixed(0)} |`,
      '',
      'The check grows with the file and reads all of it; from a cold disk it is bounded by the disk\'s read rate.',
    ].join('\n');
    console.log(markdown);
    return { markdown };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
