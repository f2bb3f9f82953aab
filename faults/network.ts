// Network faults between a console (FeedManager + cache, in this process) and the 13 demo sub-centres
// (in this process too), every link through a loopback TCP proxy that can cut it or swallow what the
// console sends. Operator commands are queued all along; at the end each must have had its effect
// exactly once (SFP/1 §4: commandId is the idempotency key, §6.5: re-sent until acknowledged).
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startDemoDistrict, type DemoDistrictHandle } from '../src-main/demo/district-runner.ts';
import { FeedManager } from '../src-main/feed/feed-manager.ts';
import { getOutboxEntry } from '../src-main/store/outbox.ts';
import { openStore, type Store } from '../src-main/store/store.ts';
import { checkCache, checkServerLog, countDamage, countNoteEffects, FaultProxy, sampleProcess, sleep, waitFor, type FaultResult, type ScenarioOptions } from './lib.ts';

const CONSOLE_ID = 'fault-net';
const OPERATOR = { id: 'op-fault', name: '故障测试', role: 'duty-officer' };

export class NetworkRig {
  readonly dir = mkdtempSync(path.join(os.tmpdir(), 'sb-fault-net-'));
  demo!: DemoDistrictHandle;
  store!: Store;
  feed!: FeedManager;
  readonly proxies = new Map<string, FaultProxy>();
  readonly commands: Array<{ commandId: string; subcentreId: string; text: string }> = [];
  readonly errors: string[] = [];

  get cacheFile(): string {
    return path.join(this.dir, 'console.db');
  }

  async start(options: { speed?: number; backoffBaseMs?: number } = {}): Promise<void> {
    this.demo = await startDemoDistrict({ dataDir: path.join(this.dir, 'demo'), speed: options.speed ?? 120, backfillHours: 0.5, statusIntervalMs: 1000 });
    for (const e of this.demo.endpoints) {
      const u = new URL(e.url);
      const proxy = new FaultProxy({ host: u.hostname, port: Number(u.port) });
      await proxy.start();
      this.proxies.set(e.id, proxy);
    }
    this.store = openStore(this.cacheFile);
    this.feed = new FeedManager({
      store: this.store,
      consoleId: CONSOLE_ID,
      endpoints: this.demo.endpoints.map((e) => ({ ...e, url: this.proxies.get(e.id)!.url })),
      backoff: { baseMs: options.backoffBaseMs ?? 500, maxMs: 5000 },
      commandAckTimeoutMs: 2000,
      connectTimeoutMs: 3000,
      onError: (err) => this.errors.push((err as Error)?.message ?? String(err)),
    });
    this.feed.start();
    await waitFor('13 links to hold incidents', () => this.feed.links().every((l) => l.lastAckSeq > 0) && this.incidentIds().length > 50, 90_000, 200);
  }

  acked = (id: string): number => this.demo.server(id)?.acknowledgedBy(CONSOLE_ID) ?? 0;

  incidentIds(): Array<{ incident_id: string; subcentre_id: string }> {
    return this.store.db.prepare('SELECT incident_id, subcentre_id FROM incidents').all() as Array<{ incident_id: string; subcentre_id: string }>;
  }

  /** Queues `n` notes on random incidents (the cache's current rev), whatever the links' state. */
  issueNotes(n: number): void {
    const ids = this.incidentIds();
    for (let i = 0; i < n; i++) {
      const pick = ids[Math.floor(Math.random() * ids.length)]!;
      const text = `fault-note-${randomUUID()}`;
      const entry = this.feed.issueCommand({ type: 'incident.note', target: { incidentId: pick.incident_id }, args: { text } }, OPERATOR);
      this.commands.push({ commandId: entry.commandId, subcentreId: pick.subcentre_id, text });
    }
  }

  damage(): { lost: number; duplicated: number } {
    return countDamage(checkCache(this.cacheFile), this.acked);
  }

  /** Waits until every link has caught up with the head its server had when called. */
  async catchUp(timeoutMs = 90_000): Promise<void> {
    const heads = new Map(this.demo.endpoints.map((e) => [e.id, this.demo.server(e.id)?.publisher.headSeq() ?? 0]));
    await waitFor('every link to catch up', () => this.feed.links().every((l) => l.lastAckSeq >= heads.get(l.subcentreId)!), timeoutMs, 200);
  }

  /** Every queued command answered, and its effect in the server's log exactly once (ok) or never (refused). */
  async commandOutcome(timeoutMs = 90_000): Promise<{ lost: number; duplicated: number; ok: number; refused: number }> {
    await waitFor('every command to be answered', () => this.commands.every((c) => ['acked', 'refused'].includes(getOutboxEntry(this.store, c.commandId)?.state ?? '')), timeoutMs, 200).catch(() => {});
    let lost = 0;
    let duplicated = 0;
    let ok = 0;
    let refused = 0;
    const bySub = new Map<string, Array<{ commandId: string; text: string }>>();
    for (const c of this.commands) bySub.set(c.subcentreId, [...(bySub.get(c.subcentreId) ?? []), c]);
    for (const [sub, list] of bySub) {
      const effects = countNoteEffects(path.join(this.dir, 'demo', `subcentre-${sub}.db`), list.map((c) => c.text));
      for (const c of list) {
        const state = getOutboxEntry(this.store, c.commandId)?.state;
        const n = effects.get(c.text) ?? 0;
        if (state === 'acked') {
          ok++;
          if (n === 0) lost++;
          if (n > 1) duplicated += n - 1;
        } else if (state === 'refused') {
          refused++;
          if (n > 0) duplicated += n;
        } else {
          lost++;
        }
      }
    }
    return { lost, duplicated, ok, refused };
  }

  serverLogDamage(): { lost: number; duplicated: number } {
    let lost = 0;
    let duplicated = 0;
    for (const e of this.demo.endpoints) {
      const c = checkServerLog(path.join(this.dir, 'demo', `subcentre-${e.id}.db`));
      lost += c.gaps;
      duplicated += c.dupIds;
    }
    return { lost, duplicated };
  }

  /** Console sockets the server holds for each street, at most. */
  maxServerSockets(): number {
    return Math.max(...this.demo.endpoints.map((e) => this.demo.server(e.id)?.connectedClients() ?? 0));
  }

  async stop(): Promise<void> {
    await this.feed?.stop();
    this.store?.close();
    for (const p of this.proxies.values()) await p.close();
    await this.demo?.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

const randomStreet = (rig: NetworkRig): string => rig.demo.endpoints[Math.floor(Math.random() * rig.demo.endpoints.length)]!.id;

function withinBudget(options: ScenarioOptions, started: number, injected: number): boolean {
  return injected < options.iterations && Date.now() - started < options.budgetMs;
}

/** Links cut at random moments, mostly in the middle of a batch's frames. */
export async function linksDroppedMidBatch(rig: NetworkRig, options: ScenarioOptions): Promise<FaultResult> {
  const started = Date.now();
  let injected = 0;
  while (withinBudget(options, started, injected)) {
    const id = randomStreet(rig);
    await waitFor('the link to be up', () => rig.proxies.get(id)!.open > 0, 30_000, 20);
    await sleep(Math.floor(Math.random() * 300));
    if (rig.proxies.get(id)!.cut() > 0) injected++;
    if (injected % 5 === 0) rig.issueNotes(2);
  }
  await rig.catchUp();
  const d = rig.damage();
  return { fault: 'link dropped mid-batch (random link, random moment)', injected, ...d, notes: 'cache checked after catch-up: contiguous, no envelope twice' };
}

/** The console commits and acknowledges, but the acknowledgements never reach the server; then the cut. */
export async function acksLostAfterCommit(rig: NetworkRig, options: ScenarioOptions): Promise<FaultResult> {
  const started = Date.now();
  let injected = 0;
  let replayed = 0;
  while (withinBudget(options, started, injected)) {
    const id = randomStreet(rig);
    await waitFor('the link to be up', () => rig.proxies.get(id)!.open > 0, 30_000, 20);
    const proxy = rig.proxies.get(id)!;
    const cut = proxy.swallowThenCut(300 + Math.floor(Math.random() * 500));
    // Traffic inside the window: these batches are committed by the console, their acks swallowed.
    const publisher = rig.demo.server(id)!.publisher;
    const one = publisher.listEntities('incident')[0];
    if (one) for (let k = 0; k < 5; k++) publisher.publish('incident.upsert', { ...one, incidentId: publisher.nextIncidentId(), rev: 1, history: [] });
    const heardBefore = rig.acked(id);
    if ((await cut) > 0) injected++;
    const committed = rig.feed.links().find((l) => l.subcentreId === id)!.lastAckSeq;
    if (committed > rig.acked(id) && committed > heardBefore) replayed++;
    if (injected % 5 === 0) rig.issueNotes(2);
  }
  await rig.catchUp();
  const d = rig.damage();
  return { fault: 'acknowledgements lost after commit, then link cut', injected, ...d, notes: `${replayed} of the cuts lost acks of committed batches; resume from the cache, not from the server's view` };
}

/** All 13 sub-centre servers stopped and started again at once (same ports, same logs). */
export async function allSubcentresRestarted(rig: NetworkRig, options: ScenarioOptions): Promise<FaultResult> {
  const started = Date.now();
  let injected = 0;
  while (withinBudget(options, started, injected)) {
    rig.issueNotes(3);
    await sleep(200 + Math.floor(Math.random() * 800));
    await rig.demo.stop();
    rig.issueNotes(3); // queued while every sub-centre is down
    await Promise.all(rig.demo.endpoints.map((e) => rig.demo.startOne(e.id)));
    injected++;
    await waitFor('13 links back', () => rig.feed.links().every((l) => l.state === 'connected'), 60_000, 100);
  }
  await rig.catchUp();
  const d = rig.damage();
  const s = rig.serverLogDamage();
  return { fault: 'all 13 sub-centres restarted at once', injected, lost: d.lost + s.lost, duplicated: d.duplicated + s.duplicated, notes: 'cache and the 13 server logs checked' };
}

/** One link cut again and again as soon as it is back: one socket at a time, jittered delays, flat memory. */
export async function linkFlapping(rig: NetworkRig, options: ScenarioOptions): Promise<FaultResult> {
  const id = rig.demo.endpoints[0]!.id;
  const proxy = rig.proxies.get(id)!;
  const started = Date.now();
  let injected = 0;
  let maxSockets = 0;
  const delays: number[] = [];
  (globalThis as { gc?: () => void }).gc?.();
  const before = sampleProcess();
  while (withinBudget(options, started, injected)) {
    await waitFor('the flapping link to be up', () => proxy.open > 0, 30_000, 5);
    await sleep(Math.floor(Math.random() * 150));
    const acceptedBefore = proxy.accepted;
    if (proxy.cut() > 0) injected++;
    const cutAt = Date.now();
    if (injected % 10 === 0) rig.issueNotes(1);
    await waitFor('a reconnection', () => proxy.accepted > acceptedBefore, 30_000, 5);
    delays.push(Date.now() - cutAt);
    await sleep(30);
    maxSockets = Math.max(maxSockets, rig.demo.server(id)?.connectedClients() ?? 0, proxy.open);
  }
  (globalThis as { gc?: () => void }).gc?.();
  const after = sampleProcess();
  await rig.catchUp();
  const d = rig.damage();
  const sorted = [...delays].sort((a, b) => a - b);
  const distinct = new Set(delays.map((x) => Math.floor(x / 10))).size;
  const duplicateSockets = Math.max(0, maxSockets - 1);
  return {
    fault: `one link flapping ${injected} times`,
    injected,
    lost: d.lost,
    duplicated: d.duplicated + duplicateSockets,
    notes: `at most ${maxSockets} console socket at the server; reconnection delay min ${sorted[0] ?? 0} / median ${sorted[Math.floor(sorted.length / 2)] ?? 0} / max ${sorted.at(-1) ?? 0} ms, ${distinct} distinct 10 ms buckets (jittered); heap ${before.heapMb}→${after.heapMb} MB, handles ${before.handles}→${after.handles}`,
  };
}

export async function commandsExactlyOnce(rig: NetworkRig): Promise<FaultResult> {
  const r = await rig.commandOutcome();
  return { fault: 'operator commands queued across all the network faults above', injected: rig.commands.length, lost: r.lost, duplicated: r.duplicated, notes: `${r.ok} applied once, ${r.refused} refused by the sub-centre (stale rev) and applied never; every one answered` };
}
