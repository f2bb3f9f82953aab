// `npm run bench`: the heavy measurements, never part of `npm test`. Prints tables and rewrites
// docs/benchmarks.md with them. Options: --quick (smaller sizes), --only ingest|latency|wall|index|operator|briefing|imports|settings.
import { writeFileSync, readFileSync, existsSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchIngest, benchLatency } from './ingest.ts';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : null;
const root = path.resolve(import.meta.dirname, '..');
const sections: string[] = [];
const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

const machine = `${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? 'cpu'}, ${fmt(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`;
console.log(`machine: ${machine}`);

if (!only || only === 'ingest') {
  const per = quick ? 2_000 : 20_000;
  console.log(`\ningest: 13 sub-centres × ${fmt(per)} incident events ...`);
  const r = await benchIngest(per);
  const table = [
    '| path | events | seconds | events/s |',
    '| --- | ---: | ---: | ---: |',
    `| SFP/1 over 13 loopback sockets → validate → applyEventBatch → ack | ${fmt(r.events)} | ${fmt(r.feedSeconds, 2)} | ${fmt(r.feedRate)} |`,
    `| raw better-sqlite3 insert of the same rows into the cache's own tables and indexes (500 per transaction) | ${fmt(r.events)} | ${fmt(r.sameSeconds, 2)} | ${fmt(r.sameRate)} |`,
    `| raw better-sqlite3 insert of the same rows into two bare tables, no secondary index (500 per transaction) | ${fmt(r.events)} | ${fmt(r.rawSeconds, 2)} | ${fmt(r.rawRate)} |`,
    `| **ratio feed / raw, same tables** | | | **${fmt(r.sameRatio, 2)}** |`,
    `| ratio feed / raw, bare tables | | | ${fmt(r.ratio, 2)} |`,
  ].join('\n');
  console.log(table);
  sections.push(`## Ingest rate (issue 2)\n\n13 sub-centre servers in a child process, each with ${fmt(per)} incident upserts (≈0.8 KB of JSON each) in its log; a fresh console cache resumes from seq 0 of each epoch so the whole log arrives as event batches; timed until every link has acknowledged its head. The raw rows insert the same envelopes (read back from the servers' logs) with plain prepared statements and the same durability settings (WAL, synchronous=FULL): once into the cache's own tables with the indexes the wall and the briefing need (the fair baseline: the same rows into the same tables), once into two bare tables (the floor of what SQLite can do here).\n\n${table}`);
}

if (!only || only === 'latency') {
  const seconds = quick ? 5 : 20;
  console.log(`\nlatency: 1,000 events/s for ${seconds} s across 13 sub-centres ...`);
  const r = await benchLatency(1000, seconds);
  const table = ['| rate | events | p50 | p99 | max |', '| ---: | ---: | ---: | ---: | ---: |', `| ${fmt(r.rate)}/s | ${fmt(r.events)} | ${fmt(r.p50)} ms | ${fmt(r.p99)} ms | ${fmt(r.max)} ms |`].join('\n');
  console.log(table);
  sections.push(`## Emit-to-commit latency at 1,000 events/s (issue 2)\n\nThe servers publish incident upserts at 1,000 events/s in all, spread over the 13 sub-centres, for ${seconds} s; latency is the time from the server recording an event (its \`at\`) to the console's commit of the batch holding it (same machine clock).\n\n${table}`);
}

if (!only || only === 'wall') {
  const { benchWall } = await import('./wall.ts');
  const r = await benchWall({ seconds: quick ? 5 : 15 });
  sections.push(r.markdown);
  console.log(r.markdown);
}

// issue 7
if (!only || only === 'briefing') {
  const { benchBriefing } = await import('./briefing.ts');
  const r = await benchBriefing({ perMonth: quick ? 50_000 : 300_000 });
  sections.push(r.markdown);
  console.log(r.markdown);
}

if (!only || only === 'index') {
  // issue 6: the strength index
  const { benchIndex } = await import('./index.ts');
  const r = await benchIndex(quick ? { branches: 400, updates: 10 } : {});
  sections.push(r.markdown);
  console.log(r.markdown);
}

if (!only || only === 'operator') {
  // issue 5: the operator's queue at 50,000 incidents
  const { benchOperator } = await import('./operator.ts');
  const r = await benchOperator(quick ? { incidents: 10_000 } : {});
  sections.push(r.markdown);
  console.log(r.markdown);
}

if (!only || only === 'imports') {
  // issue 9: imports of 100,000 rows
  const { benchImports } = await import('./imports.ts');
  const r = await benchImports({ rows: quick ? 20_000 : 100_000 });
  sections.push(r.markdown);
  console.log(r.markdown);
}

if (!only || only === 'settings') {
  // issue 9: test connection, live endpoints, leaving the demo
  const { benchSettings } = await import('./settings.ts');
  const r = await benchSettings({ incidents: quick ? 20_000 : 100_000, rounds: quick ? 5 : 20 });
  sections.push(r.markdown);
}

if (!only || only === 'open') {
  const { benchOpen } = await import('./open.ts');
  const r = await benchOpen({ incidents: quick ? 30_000 : 300_000 });
  sections.push(r.markdown);
}

if (!only || only === 'map') {
  // issue 4: the map wall at 100,000 and 1,000,000 incidents next to the naive ways
  const { benchMap } = await import('./map.ts');
  const r = await benchMap(quick ? { sizes: [10_000, 100_000], panSeconds: 3, naiveLimitSeconds: 60, grids: 2_000 } : { sizes: [100_000, 1_000_000], panSeconds: 5, naiveLimitSeconds: 120, grids: 10_000 });
  sections.push(r.markdown);
  console.log(r.markdown);
}

const doc = path.join(root, 'docs', 'benchmarks.md');
mkdirSync(path.dirname(doc), { recursive: true });
const stamp = new Date().toISOString().slice(0, 16).replace('T', ' ');
const body = `# Benchmarks\n\nProduced by \`npm run bench${args.length ? ' -- ' + args.join(' ') : ''}\` on ${stamp} UTC.\nMachine: ${machine}.\n\n${sections.join('\n\n')}\n`;
if (only && existsSync(doc)) {
  // A partial run replaces only its own sections.
  const old = readFileSync(doc, 'utf8');
  let merged = old;
  for (const s of sections) {
    const title = s.split('\n')[0]!;
    const start = merged.indexOf(title);
    if (start < 0) merged += `\n${s}\n`;
    else {
      const end = merged.indexOf('\n## ', start + 1);
      merged = merged.slice(0, start) + s + '\n\n' + (end < 0 ? '' : merged.slice(end + 1));
    }
  }
  writeFileSync(doc, merged);
} else writeFileSync(doc, body);
console.log(`\nwritten: ${path.relative(root, doc)}`);
process.exit(0);
