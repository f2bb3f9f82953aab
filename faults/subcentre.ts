// Faults of a sub-centre server run as a real process (`superbrain subcentre --scenario on`): SIGKILL at
// random moments while it streams and executes commands, and SIGSTOP/SIGCONT (a hung server). The
// console (FeedManager + cache) runs in this process. Checked: the server's own log (gap-free seqs, every
// envelope id once), that the console's cache equals the server's log seq for seq, and that every
// command had its effect exactly once (its stored result survives the crash, the re-send is answered
// from it).
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import Database from 'better-sqlite3';
import { FeedManager } from '../src-main/feed/feed-manager.ts';
import { getOutboxEntry } from '../src-main/store/outbox.ts';
import { openStore, type Store } from '../src-main/store/store.ts';
import { checkCache, checkServerLog, countDamage, countNoteEffects, freePort, killHard, sleep, spawnCli, waitFor, type FaultResult, type ScenarioOptions } from './lib.ts';

const STREET = '370102012';
const TOKEN = `fault-token-${randomUUID()}`;
const OPERATOR = { id: 'op-fault', name: '故障测试', role: 'duty-officer' };

export class SubcentreProcessRig {
  readonly dir = mkdtempSync(path.join(os.tmpdir(), 'sb-fault-sub-'));
  child: ChildProcess | undefined;
  port = 0;
  store!: Store;
  feed!: FeedManager;
  output = '';
  readonly commands: Array<{ commandId: string; text: string }> = [];

  get serverDb(): string {
    return path.join(this.dir, 'sub', `subcentre-${STREET}.sqlite`);
  }

  get cacheFile(): string {
    return path.join(this.dir, 'console.db');
  }

  /** Starts (or restarts) the server process on its fixed port and waits until it listens. */
  async startServer(): Promise<void> {
    if (!this.port) this.port = await freePort();
    let listening = false;
    this.child = spawnCli(['subcentre', '--street', STREET, '--port', String(this.port), '--data-dir', path.join(this.dir, 'sub'), '--token', TOKEN, '--scenario', 'on', '--speed', '600', '--status-interval', '1'], (text) => {
      this.output += text;
      if (text.includes('listening on')) listening = true;
    });
    await waitFor('the sub-centre to listen', () => listening, 60_000, 50);
  }

  async start(): Promise<void> {
    await this.startServer();
    this.store = openStore(this.cacheFile);
    this.feed = new FeedManager({
      store: this.store,
      consoleId: 'fault-sub',
      endpoints: [{ id: STREET, url: `http://127.0.0.1:${this.port}`, token: TOKEN }],
      backoff: { baseMs: 100, maxMs: 2000 },
      commandAckTimeoutMs: 2000,
      connectTimeoutMs: 3000,
      onError: () => {},
    });
    this.feed.start();
    await waitFor('incidents in the cache', () => this.incidents().length > 10, 90_000, 200);
  }

  incidents(): string[] {
    return this.store.db.prepare('SELECT incident_id FROM incidents').pluck().all() as string[];
  }

  link() {
    return this.feed.links()[0]!;
  }

  issueNotes(n: number): void {
    const ids = this.incidents();
    for (let i = 0; i < n; i++) {
      const text = `fault-note-${randomUUID()}`;
      const entry = this.feed.issueCommand({ type: 'incident.note', target: { incidentId: ids[Math.floor(Math.random() * ids.length)]! }, args: { text } }, OPERATOR);
      this.commands.push({ commandId: entry.commandId, text });
    }
  }

  /** Seqs where the cache and the server's log hold different envelopes, or the cache holds one the log lacks. */
  divergence(): number {
    const check = checkCache(this.cacheFile).links[0];
    if (!check) return 0;
    const server = new Database(this.serverDb, { readonly: true });
    const cache = new Database(this.cacheFile, { readonly: true });
    try {
      const mine = cache.prepare('SELECT seq, envelope_id FROM event_log WHERE subcentre_id = ? AND epoch = ?').all(STREET, check.epoch) as Array<{ seq: number; envelope_id: string }>;
      const theirs = new Map((server.prepare('SELECT seq, id FROM events').all() as Array<{ seq: number; id: string }>).map((r) => [r.seq, r.id]));
      return mine.filter((r) => theirs.get(r.seq) !== r.envelope_id).length;
    } finally {
      server.close();
      cache.close();
    }
  }

  async commandOutcome(): Promise<{ lost: number; duplicated: number; ok: number; refused: number }> {
    await waitFor('every command answered', () => this.commands.every((c) => ['acked', 'refused'].includes(getOutboxEntry(this.store, c.commandId)?.state ?? '')), 60_000, 200).catch(() => {});
    const effects = countNoteEffects(this.serverDb, this.commands.map((c) => c.text));
    let lost = 0;
    let duplicated = 0;
    let ok = 0;
    let refused = 0;
    for (const c of this.commands) {
      const state = getOutboxEntry(this.store, c.commandId)?.state;
      const n = effects.get(c.text) ?? 0;
      if (state === 'acked') {
        ok++;
        if (n === 0) lost++;
        duplicated += Math.max(0, n - 1);
      } else if (state === 'refused') {
        refused++;
        duplicated += n;
      } else lost++;
    }
    return { lost, duplicated, ok, refused };
  }

  async stop(): Promise<void> {
    await this.feed?.stop();
    this.store?.close();
    await killHard(this.child);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export async function subcentreSigkill(rig: SubcentreProcessRig, options: ScenarioOptions): Promise<FaultResult[]> {
  const started = Date.now();
  let injected = 0;
  let lost = 0;
  let duplicated = 0;
  while (injected < options.iterations && Date.now() - started < options.budgetMs) {
    rig.issueNotes(3);
    await sleep(Math.floor(Math.random() * 600));
    await killHard(rig.child);
    injected++;
    const log = checkServerLog(rig.serverDb);
    lost += log.gaps;
    duplicated += log.dupIds;
    await rig.startServer();
    rig.issueNotes(1);
    await waitFor('the link back', () => rig.link().state === 'connected', 30_000, 50);
  }
  const heads = checkServerLog(rig.serverDb).head;
  await waitFor('the console to catch up', () => rig.link().lastAckSeq >= heads, 60_000, 100);
  const cache = countDamage(checkCache(rig.cacheFile), () => 0);
  const diverged = rig.divergence();
  const commands = await rig.commandOutcome();
  return [
    { fault: 'sub-centre server SIGKILL at random moments (its own log)', injected, lost: lost + cache.lost + diverged, duplicated: duplicated + cache.duplicated, notes: `server log gap-free and every envelope id once after each kill; the console's cache equals the server's log seq for seq (${diverged} differ)` },
    { fault: 'commands in flight across sub-centre SIGKILLs (stored results)', injected: rig.commands.length, lost: commands.lost, duplicated: commands.duplicated, notes: `${commands.ok} applied once, ${commands.refused} refused and applied never; re-sends answered from the stored result` },
  ];
}

export async function subcentrePaused(rig: SubcentreProcessRig, options: ScenarioOptions): Promise<FaultResult> {
  const started = Date.now();
  let injected = 0;
  let resumed = 0;
  while (injected < options.iterations && Date.now() - started < options.budgetMs) {
    const before = rig.link().lastAckSeq;
    rig.child!.kill('SIGSTOP');
    injected++;
    rig.issueNotes(1); // queued while the server is frozen
    await sleep(1000 + Math.floor(Math.random() * 3000));
    rig.child!.kill('SIGCONT');
    await waitFor('the stream to go on after SIGCONT', () => rig.link().lastAckSeq > before, 60_000, 100);
    resumed++;
  }
  const heads = checkServerLog(rig.serverDb).head;
  await waitFor('the console to catch up', () => rig.link().lastAckSeq >= heads, 60_000, 100);
  const d = countDamage(checkCache(rig.cacheFile), () => 0);
  const diverged = rig.divergence();
  return { fault: 'sub-centre SIGSTOPped 1–4 s, then SIGCONT', injected, lost: d.lost + diverged, duplicated: d.duplicated, notes: `the stream went on after ${resumed} of ${injected} pauses` };
}
