// Bad input at scale: the property-based fuzz suites of `npm test` (every inbound SFP/1 message, the
// sub-centre's socket and HTTP ingestion, the web-mode API, config files, index models, boundaries and
// every import format) run again with SUPERBRAIN_FUZZ_SCALE times as many generated inputs. A failing
// property is a crash or an input handled wrongly (a bad envelope not kept with its reason, an exception
// escaping a reader, a polluted prototype): counted as lost.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { root, type FaultResult } from './lib.ts';

const SUITES: Array<{ fault: string; file: string }> = [
  { fault: 'fuzz: SFP/1 envelopes into the cache (mutated, out of order, duplicated, __proto__, NaN seqs)', file: 'tests/unit/store/fuzz-apply.test.ts' },
  { fault: 'fuzz: whole inbound streams over a real socket (gaps, resends, oversized batches)', file: 'tests/integration/feed/fuzz-inbound.test.ts' },
  { fault: 'fuzz: the sub-centre server (handshakes, commands, HTTP ingestion)', file: 'tests/integration/subcentre/fuzz-server.test.ts' },
  { fault: 'fuzz: the web-mode API (every method, random params, raw frames)', file: 'tests/integration/web/fuzz-wire.test.ts' },
  { fault: 'fuzz: console config files', file: 'tests/unit/config/fuzz-config.test.ts' },
  { fault: 'fuzz: boundaries and index-model files', file: 'tests/unit/runtime/fuzz-imports.test.ts' },
  { fault: 'fuzz: import files (GeoJSON, CSV, Excel, random bytes)', file: 'tests/unit/import/fuzz-import.test.ts' },
];

export function fuzzAtScale(options: { scale: number; log?: (line: string) => void }): FaultResult[] {
  const results: FaultResult[] = [];
  for (const suite of SUITES) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'superbrain-fuzz-'));
    const countFile = path.join(dir, 'count');
    try {
      const started = Date.now();
      const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=tap', suite.file], {
        cwd: root,
        env: { ...process.env, SUPERBRAIN_FUZZ_SCALE: String(options.scale), SUPERBRAIN_FUZZ_COUNT_FILE: countFile },
        encoding: 'utf8',
        timeout: 20 * 60_000,
        maxBuffer: 64 * 1024 * 1024,
      });
      const out = `${r.stdout ?? ''}`;
      const failed = Number(/^# fail (\d+)/m.exec(out)?.[1] ?? (r.status === 0 ? 0 : 1));
      const passed = Number(/^# pass (\d+)/m.exec(out)?.[1] ?? 0);
      let generated = 0;
      try {
        generated = readFileSync(countFile, 'utf8').split('\n').filter(Boolean).reduce((s, l) => s + Number(l), 0);
      } catch {
        // no count: the suite did not start
      }
      const seconds = Math.round((Date.now() - started) / 1000);
      const notes = failed
        ? `${failed} propert${failed === 1 ? 'y' : 'ies'} FAILED: ${(/^not ok .*$/m.exec(out)?.[0] ?? r.stderr ?? '').slice(0, 200)}`
        : `${passed} propert${passed === 1 ? 'y' : 'ies'} held over ${generated} generated inputs (×${options.scale} the npm test count), ${seconds} s; the process never crashed`;
      const result: FaultResult = { fault: suite.fault, injected: generated, lost: failed, duplicated: 0, notes };
      options.log?.(`${suite.fault}: ${notes}`);
      results.push(result);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return results;
}
