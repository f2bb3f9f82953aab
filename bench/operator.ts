// Operator queue benchmark (issue 5): a cache of 50,000 incidents across the 13 streets; the time to open
// the queue (every chunk of getQueueColumns through JSON, as the WebSocket carries it, into the renderer's
// QueueModel, and the first view sorted by urgency), then to sort and to filter it. The table draws only
// the visible rows (about 40), so these are the costs that grow with the queue.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore } from '../src-main/store/store.ts';
import { applyEventBatch } from '../src-main/store/apply.ts';
import { getQueueColumns } from '../src-main/store/operator-queries.ts';
import { QueueModel, type QueueFilter, type QueueSort } from '../src-renderer/operator/queue-model.ts';
import { LIXIA_STREETS } from '../src-shared/domain/lixia.ts';
import { formatShanghaiIso } from '../src-shared/domain/time.ts';
import { makeIncident, prng } from './incident-gen.ts';
import type { QueueColumns } from '../src-shared/api.ts';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function time<T>(fn: () => T): { ms: number; value: T } {
  const t0 = performance.now();
  const value = fn();
  return { ms: performance.now() - t0, value };
}

export async function benchOperator(options: { incidents?: number; runs?: number } = {}): Promise<{ markdown: string }> {
  const total = options.incidents ?? 50_000;
  const runs = options.runs ?? 7;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'superbrain-bench-operator-'));
  const store = openStore(path.join(dir, 'console.db'));
  try {
    const rand = prng(5);
    const now = Date.parse('2026-11-23T12:00:00.000+08:00');
    const perStreet = Math.ceil(total / LIXIA_STREETS.length);
    let made = 0;
    for (const street of LIXIA_STREETS) {
      let seq = 0;
      for (let start = 0; start < perStreet && made < total; start += 500) {
        const n = Math.min(500, perStreet - start, total - made);
        const events = [];
        for (let i = 0; i < n; i++) {
          const inc = makeIncident(street.id, start + i, rand, new Date(now - rand() * 7 * 86_400_000));
          seq++;
          events.push({ seq, id: `${street.id}-${seq}-${made + i}`, type: 'incident.upsert', at: formatShanghaiIso(new Date(now)), body: inc });
        }
        applyEventBatch(store, street.id, 'bench', events, { now });
        made += n;
      }
    }

    const open = (): { model: QueueModel; view: Int32Array; bytes: number } => {
      const model = new QueueModel();
      let bytes = 0;
      for (;;) {
        const text = JSON.stringify(getQueueColumns(store, { afterVersion: model.version, limit: 20_000 }));
        bytes += text.length;
        const chunk = JSON.parse(text) as QueueColumns;
        model.apply(chunk);
        if (!chunk.more) break;
      }
      return { model, view: model.view({ status: 'open' }, { key: 'urgency', desc: false }, now), bytes };
    };
    const opens = Array.from({ length: runs }, () => time(open));
    const { model, bytes } = opens[0]!.value;
    const sorts: Array<[string, QueueSort]> = [
      ['urgency', { key: 'urgency', desc: false }],
      ['reported time', { key: 'reportedAt', desc: true }],
      ['severity', { key: 'severity', desc: false }],
      ['street', { key: 'street', desc: false }],
    ];
    const filters: Array<[string, QueueFilter]> = [
      ['one street', { street: LIXIA_STREETS[11]!.id }],
      ['red, open', { severity: 0, status: 'open' }],
      ['overdue', { overdueOnly: true }],
      ['text "占道"', { text: '占道' }],
      ['text, no match', { text: 'zzzz-nothing' }],
    ];
    const rows: string[] = [];
    rows.push(`| open the queue (${Math.round(bytes / 1024 / 1024)} MB of columns in ${Math.ceil(total / 20_000)} chunks → model → first view by urgency) | ${median(opens.map((o) => o.ms)).toFixed(0)} ms | ${opens[0]!.value.view.length.toLocaleString('en')} open rows |`);
    for (const [name, sort] of sorts) {
      const ts = Array.from({ length: runs }, () => time(() => model.view({}, sort, now)));
      rows.push(`| sort all by ${name} | ${median(ts.map((t) => t.ms)).toFixed(1)} ms | ${ts[0]!.value.length.toLocaleString('en')} rows |`);
    }
    for (const [name, filter] of filters) {
      const ts = Array.from({ length: runs }, () => time(() => model.view(filter, { key: 'urgency', desc: false }, now)));
      rows.push(`| filter: ${name} (sorted by urgency) | ${median(ts.map((t) => t.ms)).toFixed(1)} ms | ${ts[0]!.value.length.toLocaleString('en')} rows |`);
    }
    const markdown = `## Operator queue (issue 5)\n\n${total.toLocaleString('en')} incidents in the cache (13 streets, a week of reports); median of ${runs} runs, in one Node process (the renderer's QueueModel is plain TypeScript, so this is its cost without the browser; the virtualised table then draws only the ~40 visible rows).\n\n| step | time | result |\n| --- | ---: | ---: |\n${rows.join('\n')}\n`;
    return { markdown };
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
