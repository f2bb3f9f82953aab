// Issue 9: what a person waits for in the settings view — "test connection" against a sub-centre on the
// same machine, saving an endpoint until its link is connected, and leaving the demo (removing what 13
// demo sub-centres put in the cache) when the first real sub-centre is saved.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { applyEventBatch, openStore } from '../src-main/store/index.ts';
import { retireDemoData } from '../src-main/store/endpoints.ts';
import { FeedManager } from '../src-main/feed/feed-manager.ts';
import { testEndpoint } from '../src-main/feed/test-connection.ts';
import { startSubcentreServer } from '../src-main/subcentre/server.ts';
import { makeIncident, prng } from './incident-gen.ts';

const STREETS = Array.from({ length: 13 }, (_, i) => `3701020${String(i + 1).padStart(2, '0')}`);

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export async function benchSettings(options: { incidents: number; rounds: number }): Promise<{ markdown: string }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sb-bench-settings-'));
  const server = await startSubcentreServer({ subcentre: { id: '370102012', name: '龙洞街道', districtId: '370102' }, dbFile: path.join(dir, 'sub.sqlite'), port: 0, tokens: ['bench-token'] });
  try {
    const tests: number[] = [];
    for (let i = 0; i < options.rounds; i++) {
      const t = performance.now();
      const r = await testEndpoint({ url: server.url, token: 'bench-token', consoleId: 'bench', expectedSubcentreId: '370102012' });
      tests.push(performance.now() - t);
      if (r.outcome !== 'ok') throw new Error(`test connection: ${r.outcome} ${r.detail}`);
    }

    const store = openStore(path.join(dir, 'console.db'));
    const feed = new FeedManager({ store, consoleId: 'bench', endpoints: [], backoff: { baseMs: 20, maxMs: 200 } });
    feed.start();
    const connects: number[] = [];
    for (let i = 0; i < options.rounds; i++) {
      const t = performance.now();
      await feed.setEndpoints([{ id: '370102012', url: server.url, token: 'bench-token' }]);
      while (feed.links()[0]?.state !== 'connected') await new Promise((r) => setTimeout(r, 2));
      connects.push(performance.now() - t);
      await feed.setEndpoints([]);
    }
    await feed.stop();

    // A demo cache: incidents spread over the 13 streets, then retired in one go.
    const rand = prng(9);
    const at = '2026-11-23T08:00:00.000+08:00';
    const per = Math.ceil(options.incidents / STREETS.length);
    for (const street of STREETS) {
      let seq = 0;
      while (seq < per) {
        const n = Math.min(500, per - seq);
        applyEventBatch(store, street, 'e-demo', Array.from({ length: n }, () => {
          seq++;
          return { seq, id: `${street}-${seq}`, type: 'incident.upsert', at, body: makeIncident(street, seq, rand, new Date()) };
        }));
      }
    }
    const t = performance.now();
    const r = retireDemoData(store, STREETS, { actor: { name: 'bench' }, at: Date.now() });
    const retireMs = performance.now() - t;
    store.close();

    const markdown = [
      '## Settings: test connection, live endpoints, leaving the demo (issue 9)',
      '',
      `A \`superbrain subcentre\` server on loopback; medians of ${options.rounds} rounds. Leaving the demo removes (tombstones) every entity the 13 demo sub-centres put in the cache, in one transaction per street.`,
      '',
      '| what | time |',
      '| --- | ---: |',
      `| test connection (HTTP probe + SFP/1 handshake to \`hello\`) | ${median(tests).toFixed(1)} ms |`,
      `| endpoint saved → link connected (FeedManager.setEndpoints) | ${median(connects).toFixed(1)} ms |`,
      `| leave the demo: ${r.removed.toLocaleString('en-US')} demo incidents removed | ${retireMs.toFixed(0)} ms |`,
    ].join('\n');
    console.log(markdown);
    return { markdown };
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
