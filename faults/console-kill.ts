// Fault: the console's data plane (`superbrain headless`, a real process) SIGKILLed at random moments
// while 13 sub-centres stream a burst into it. One warm demo district runs in this process the whole
// time; only the console is restarted. After every kill the cache is opened as a restart would open it
// and checked against what each server heard acknowledged.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import Database from 'better-sqlite3';
import { startDemoDistrict } from '../src-main/demo/district-runner.ts';
import { checkCache, countDamage, killHard, sleep, spawnCli, totalAcked, waitFor, type FaultResult, type ScenarioOptions } from './lib.ts';

export async function consoleSigkillDuringIngest(options: ScenarioOptions): Promise<FaultResult> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sb-fault-ckill-'));
  const say = options.log ?? (() => {});
  const demo = await startDemoDistrict({ dataDir: path.join(dir, 'demo'), speed: 300, backfillHours: 0.5, burst: { startInMinutes: 0, durationMinutes: 7 * 24 * 60, factor: 10 }, statusIntervalMs: 1000 });
  const consoleId = 'fault-ckill';
  const config = path.join(dir, 'console.json');
  writeFileSync(config, JSON.stringify({ consoleId, subcentres: demo.endpoints }));
  const dataDir = path.join(dir, 'console');
  const cacheFile = path.join(dataDir, 'console.db');
  const acked = (id: string): number => demo.server(id)?.acknowledgedBy(consoleId) ?? 0;
  let child: ChildProcess | undefined;
  let injected = 0;
  let lost = 0;
  let duplicated = 0;
  let ingested = 0;
  let maxSnapshots = 0;
  const started = Date.now();
  try {
    let before = 0;
    while (injected < options.iterations && Date.now() - started < options.budgetMs) {
      child = spawnCli(['headless', '--config', config, '--data-dir', dataDir]);
      // Kill at a random moment: sometimes during start-up or the first catch-up, mostly mid-stream.
      const early = Math.random() < 0.25;
      if (!early) await waitFor('the console to ingest something new', () => totalAcked(cacheFile) > before, 60_000, 50);
      await sleep(Math.floor(Math.random() * (early ? 1500 : 400)));
      await killHard(child);
      injected++;
      if (!existsSync(cacheFile)) continue; // killed before it created the cache: nothing to check yet
      let check;
      try {
        check = checkCache(cacheFile);
      } catch (err) {
        if (/no such table/.test(String(err))) continue; // killed inside the first migration (rolled back)
        throw err;
      }
      const damage = countDamage(check, acked);
      lost += damage.lost;
      duplicated += damage.duplicated;
      ingested += Math.max(0, check.totalAcked - before);
      before = check.totalAcked;
      if (damage.lost || damage.duplicated) say(`console kill ${injected}: lost ${damage.lost}, duplicated ${damage.duplicated}`);
    }
    // A last run catches up with every head; the cache then equals the servers' logs.
    child = spawnCli(['headless', '--config', config, '--data-dir', dataDir]);
    const heads = new Map(demo.endpoints.map((e) => [e.id, demo.server(e.id)!.publisher.headSeq()]));
    await waitFor('the console to catch up', () => {
      const db = new Database(cacheFile, { readonly: true });
      try {
        return (db.prepare('SELECT subcentre_id AS id, last_ack_seq AS ack FROM links').all() as Array<{ id: string; ack: number }>).every((l) => l.ack >= (heads.get(l.id) ?? 0));
      } finally {
        db.close();
      }
    }, 90_000, 200);
    await killHard(child);
    const final = checkCache(cacheFile);
    const damage = countDamage(final, acked);
    lost += damage.lost;
    duplicated += damage.duplicated;
    const db = new Database(cacheFile, { readonly: true });
    maxSnapshots = db.prepare(`SELECT max(n) FROM (SELECT count(*) AS n FROM audit WHERE action = 'snapshot.applied' GROUP BY subject)`).pluck().get() as number;
    db.close();
  } finally {
    await killHard(child);
    await demo.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return {
    fault: 'console SIGKILL at random moments during ingest (13 sub-centres, burst)',
    injected,
    lost,
    duplicated,
    notes: `${ingested} envelopes acknowledged across the kills; at most ${maxSnapshots} snapshot per sub-centre (resume, never a re-snapshot)`,
  };
}
