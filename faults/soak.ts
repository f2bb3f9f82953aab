// Soak: the 13-street demo at 10× with a console (feed + cache) in this process for a bounded run,
// sampling RSS, heap and active handles. Flat = the last quarter's mean within a margin of the mean
// after warm-up (the first quarter is warm-up: caches, prepared statements, the first snapshot).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startDemoDistrict } from '../src-main/demo/district-runner.ts';
import { FeedManager } from '../src-main/feed/feed-manager.ts';
import { openStore } from '../src-main/store/store.ts';
import { sampleProcess, sleep, type FaultResult } from './lib.ts';

export interface SoakSample {
  atS: number;
  rssMb: number;
  heapMb: number;
  handles: number;
  acked: number;
}

export async function soak(durationMs: number, sampleEveryMs = 10_000): Promise<{ result: FaultResult; samples: SoakSample[] }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sb-soak-'));
  const demo = await startDemoDistrict({ dataDir: path.join(dir, 'demo'), speed: 10, backfillHours: 1 });
  const store = openStore(path.join(dir, 'console.db'));
  const feed = new FeedManager({ store, consoleId: 'soak', endpoints: demo.endpoints, onError: () => {} });
  const samples: SoakSample[] = [];
  const started = Date.now();
  try {
    feed.start();
    while (Date.now() - started < durationMs) {
      await sleep(sampleEveryMs);
      (globalThis as { gc?: () => void }).gc?.();
      samples.push({ atS: Math.round((Date.now() - started) / 1000), ...sampleProcess(), acked: feed.links().reduce((n, l) => n + l.lastAckSeq, 0) });
    }
  } finally {
    await feed.stop();
    store.close();
    await demo.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  const q = Math.max(1, Math.floor(samples.length / 4));
  const mean = (xs: SoakSample[], k: keyof SoakSample) => xs.reduce((n, s) => n + s[k], 0) / Math.max(1, xs.length);
  const warm = samples.slice(q, 2 * q);
  const last = samples.slice(-q);
  const growth = (k: 'rssMb' | 'heapMb' | 'handles') => mean(last, k) - mean(warm, k);
  const flat = growth('heapMb') < 20 && growth('rssMb') < 50 && growth('handles') <= 2;
  const first = samples[0];
  const end = samples.at(-1);
  return {
    samples,
    result: {
      fault: `soak: demo at 10× for ${Math.round(durationMs / 1000)} s (13 links)`,
      injected: samples.length,
      lost: 0,
      duplicated: 0,
      notes: `${flat ? 'flat' : 'NOT FLAT'}: RSS ${first?.rssMb}→${end?.rssMb} MB, heap ${first?.heapMb}→${end?.heapMb} MB, handles ${first?.handles}→${end?.handles}; mean growth after warm-up RSS ${growth('rssMb').toFixed(1)} MB, heap ${growth('heapMb').toFixed(1)} MB, handles ${growth('handles').toFixed(1)}; ${end?.acked ?? 0} envelopes acknowledged (injected = samples)`,
    },
  };
}
