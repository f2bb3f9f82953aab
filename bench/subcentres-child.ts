// Runs the benchmark's sub-centre servers in their own process (so that the console under measurement
// has its own core): 13 real SFP/1 servers on loopback, optionally pre-filled, then publishing at a
// requested rate when asked on stdin. Talks JSON lines on stdout.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { startSubcentreServer } from '../src-main/subcentre/server.ts';
import type { RunningSubcentre } from '../src-main/subcentre/types.ts';
import { LIXIA_STREETS } from '../src-shared/domain/lixia.ts';
import { makeIncident, prng } from './incident-gen.ts';

const prefill = Number(process.argv[2] ?? 0);
const dir = mkdtempSync(path.join(os.tmpdir(), 'sb-bench-sub-'));
const servers: RunningSubcentre[] = [];
const rand = prng(42);
let counter = 0;

for (const street of LIXIA_STREETS) {
  const s = await startSubcentreServer({
    subcentre: { id: street.id, name: street.name, districtId: '370102' },
    dbFile: path.join(dir, `${street.id}.db`),
    port: 0,
    tokens: ['bench'],
  });
  servers.push(s);
  for (let done = 0; done < prefill; done += 500) {
    const n = Math.min(500, prefill - done);
    s.publisher.publishMany(Array.from({ length: n }, () => ({ type: 'incident.upsert' as const, body: makeIncident(street.id, counter++, rand, new Date()) })));
  }
}
console.log(JSON.stringify({ ready: true, dir, endpoints: servers.map((s) => ({ id: s.publisher.subcentre.id, url: s.url, epoch: s.publisher.epoch, head: s.publisher.headSeq() })) }));

async function publishAtRate(perSecond: number, seconds: number): Promise<void> {
  const start = Date.now();
  let sent = 0;
  while (Date.now() - start < seconds * 1000) {
    const due = Math.floor(((Date.now() - start) / 1000) * perSecond);
    while (sent < due) {
      const s = servers[sent % servers.length]!;
      s.publisher.publish('incident.upsert', makeIncident(s.publisher.subcentre.id, counter++, rand, new Date()));
      sent++;
    }
    await new Promise((r) => setTimeout(r, 2));
  }
  console.log(JSON.stringify({ done: true, sent, heads: servers.map((s) => ({ id: s.publisher.subcentre.id, head: s.publisher.headSeq() })) }));
}

const rl = readline.createInterface({ input: process.stdin });
rl.on('line', (line) => {
  const msg = JSON.parse(line) as { cmd: string; perSecond?: number; seconds?: number };
  if (msg.cmd === 'rate') void publishAtRate(msg.perSecond ?? 1000, msg.seconds ?? 10);
  if (msg.cmd === 'quit') void shutdown();
});
rl.on('close', () => void shutdown());

async function shutdown(): Promise<void> {
  await Promise.all(servers.map((s) => s.close()));
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}
