// Strength-index benchmarks (issue 6): score every unit from scratch for 2,000 grid branches × 12 months
// (read the cache, compute, write index_scores), and the incremental update after one new report or one
// closed incident (read what changed since the last local version, re-score, write).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openStore } from '../src-main/store/store.ts';
import { applyEventBatch } from '../src-main/store/apply.ts';
import { createIndexEngine, DEFAULT_INDEX_MODEL_FILE, loadIndexModel } from '../src-main/index/index-engine.ts';
import { branchIndicatorReport, periodOf, monthIndex } from '../src-main/demo/indicators.ts';
import { OrgTree, PeriodScores, type UnitInput } from '../src-shared/domain/strength-index.ts';

const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function benchIndex(options: { branches?: number; months?: number; updates?: number } = {}): Promise<{ markdown: string }> {
  const branches = options.branches ?? 2000;
  const months = options.months ?? 12;
  const updates = options.updates ?? 50;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'superbrain-bench-index-'));
  const store = openStore(path.join(dir, 'console.db'));
  try {
    // 20 streets × 10 communities × (branches / 200) grid branches.
    const perCommunity = Math.ceil(branches / 200);
    const orgs: Array<Record<string, unknown>> = [];
    const branchIds: string[] = [];
    for (let s = 0; s < 20; s++) {
      orgs.push({ orgId: `s${s}`, rev: 1, kind: 'street-committee', name: `街道${s}`, members: 2000 });
      for (let c = 0; c < 10; c++) {
        orgs.push({ orgId: `s${s}c${c}`, rev: 1, kind: 'community-committee', name: `社区${s}-${c}`, parentId: `s${s}`, members: 200 });
        for (let b = 0; b < perCommunity && branchIds.length < branches; b++) {
          const id = `s${s}c${c}b${b}`;
          branchIds.push(id);
          orgs.push({ orgId: id, rev: 1, kind: 'grid-branch', name: `网格党支部${id}`, parentId: `s${s}c${c}`, gridId: `g-${id}`, members: 20 + ((s * 7 + c * 3 + b) % 40) });
        }
      }
    }
    let seq = 0;
    const at = '2026-11-01T08:00:00.000+08:00';
    const put = (items: Array<[string, unknown]>): void => {
      for (let i = 0; i < items.length; i += 500) {
        const chunk = items.slice(i, i + 500).map(([type, body]) => ({ seq: ++seq, id: `e${seq}`, type, at, body }));
        applyEventBatch(store, '370102001', 'bench', chunk);
      }
    };
    put(orgs.map((o) => ['org.upsert', o]));
    const last = monthIndex('2026-10');
    const periods = Array.from({ length: months }, (_, k) => periodOf(last - months + 1 + k));
    put(periods.flatMap((p) => branchIds.map((id) => ['indicators.report', branchIndicatorReport(3, { orgId: id, members: 30, households: 600 }, p)] as [string, unknown])));
    // Closed incidents: 10 per branch over the year, so that the derived indicators have work to count.
    const incidents: Array<[string, unknown]> = [];
    branchIds.forEach((id, k) => {
      for (let j = 0; j < 10; j++) {
        const p = periods[(k + j) % periods.length]!;
        const day = String(1 + ((k + j) % 27)).padStart(2, '0');
        incidents.push([
          'incident.upsert',
          {
            incidentId: `i-${id}-${j}`,
            rev: 1,
            category: { major: '市容环境', minor: '0101', name: '暴露垃圾' },
            title: '暴露垃圾',
            source: 'grid-worker',
            severity: 'green',
            level: j % 4 === 0 ? 'community' : 'grid',
            status: 'closed',
            location: { lon: 117.05, lat: 36.67, gridId: `g-${id}` },
            reportedAt: `${p}-${day}T08:00:00.000+08:00`,
            updatedAt: `${p}-${day}T10:00:00.000+08:00`,
            dueAt: `${p}-${day}T${j % 3 === 0 ? '09' : '12'}:00:00.000+08:00`,
            closedAt: `${p}-${day}T10:00:00.000+08:00`,
            satisfaction: 3 + (j % 3),
            history: [],
          },
        ]);
      }
    });
    put(incidents);

    const model = loadIndexModel(DEFAULT_INDEX_MODEL_FILE(path.resolve(import.meta.dirname, '..', 'resources')));
    const engine = createIndexEngine({ store, model, debounceMs: 1e9 });
    // Full recompute (cache → scores → index_scores), best of 3.
    const full: number[] = [];
    let written = 0;
    for (let k = 0; k < 3; k++) {
      const t0 = performance.now();
      written = engine.recomputeAll().written;
      full.push(performance.now() - t0);
    }
    // The pure computation alone (inputs already in memory).
    const tree = engine.tree();
    const inputs = new Map<string, Map<string, UnitInput>>();
    for (const p of periods) inputs.set(p, new Map(branchIds.map((id) => [id, { reported: branchIndicatorReport(3, { orgId: id, members: 30, households: 600 }, p).values }])));
    const pure: number[] = [];
    for (let k = 0; k < 3; k++) {
      const t0 = performance.now();
      for (const p of periods) new PeriodScores(model, tree as OrgTree, p).setAll(inputs.get(p)!);
      pure.push(performance.now() - t0);
    }

    // One new report (a target-normalised value changes: that branch and its ancestors).
    const newest = periods.at(-1)!;
    const oneReport: number[] = [];
    const oneWritten: number[] = [];
    for (let k = 0; k < updates; k++) {
      const id = branchIds[(k * 37) % branchIds.length]!;
      const r = branchIndicatorReport(3, { orgId: id, members: 30, households: 600 }, newest);
      put([['indicators.report', { ...r, rev: 2 + k, values: { ...r.values, meetings_held: 1 + (k % 6) } }]]);
      const t0 = performance.now();
      const s = engine.processPending();
      oneReport.push(performance.now() - t0);
      oneWritten.push(s.written);
    }
    // One report that moves a min-max range (the worst case: its whole month is re-scored).
    const moved: number[] = [];
    for (let k = 0; k < 5; k++) {
      const id = branchIds[k]!;
      const r = branchIndicatorReport(3, { orgId: id, members: 30, households: 600 }, newest);
      put([['indicators.report', { ...r, rev: 1000 + k, values: { ...r.values, resident_visits: 10_000 + k } }]]);
      const t0 = performance.now();
      engine.processPending();
      moved.push(performance.now() - t0);
    }
    // One closed incident.
    const oneIncident: number[] = [];
    for (let k = 0; k < updates; k++) {
      const id = branchIds[(k * 53) % branchIds.length]!;
      put([['incident.upsert', { ...(incidents[0]![1] as Record<string, unknown>), incidentId: `new-${k}`, location: { lon: 117.05, lat: 36.67, gridId: `g-${id}` }, closedAt: `${newest}-15T10:00:00.000+08:00` }]]);
      const t0 = performance.now();
      engine.processPending();
      oneIncident.push(performance.now() - t0);
    }
    engine.dispose();

    const table = [
      '| operation | scores written | time |',
      '| --- | ---: | ---: |',
      `| recompute everything from the cache (${fmt(branches)} branches × ${months} months, ${fmt(incidents.length)} closed incidents), write index_scores (best of 3) | ${fmt(written)} | ${fmt(Math.min(...full))} ms |`,
      `| of which the pure computation (PeriodScores.setAll, inputs in memory; best of 3) | | ${fmt(Math.min(...pure))} ms |`,
      `| update after one new report (branch + ancestors; median of ${updates}) | ${fmt(median(oneWritten))} | ${fmt(median(oneReport), 2)} ms |`,
      `| update after one new report that moves a min-max range (its month re-scored; median of 5) | ${fmt(branches + 200 + 20 + 1)} | ${fmt(median(moved), 1)} ms |`,
      `| update after one closed incident (median of ${updates}) | | ${fmt(median(oneIncident), 2)} ms |`,
    ].join('\n');
    return {
      markdown: `## Strength index (issue 6)\n\n${fmt(branches)} grid branches under 200 communities and 20 streets, ${months} months of the demo's reports with the default model (22 indicators), in a real cache file. "Update" is \`processPending()\` after the commit: read the rows written since the last local version, re-score, write the changed scores.\n\n${table}`,
    };
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
