import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { IndexModelError, parseIndexModel } from '../../../src-shared/domain/index-model.ts';
import {
  DISTRICT_ORG_ID,
  OrgTree,
  PeriodScores,
  deriveIndicators,
  dimensionScores,
  rankUnits,
  shanghaiPeriodOf,
  shanghaiPeriodRange,
  shiftPeriod,
  type GridWorkFacts,
  type OrgNode,
  type UnitInput,
} from '../../../src-shared/domain/strength-index.ts';

const work = (closed: number, closedOnTime: number): GridWorkFacts => ({
  closed,
  closedOnTime,
  closedInGrid: closed,
  satisfactionSum: 0,
  satisfactionCount: 0,
  alertsConfirmed: 0,
  alertsDismissed: 0,
});

/** Three indicators in two dimensions; weight of `a` is a parameter (2 unless told). */
function modelText(weightA = 2): string {
  return `{
  "format": "superbrain-index-model/1",
  "name": "test",
  "period": "month",
  "aggregation": "members",
  "baselineMonthsBefore": 12,
  "grades": [{ "stars": 3, "min": 70 }, { "stars": 2, "min": 60 }, { "stars": 1, "min": 0 }],
  "lists": { "size": 1 },
  "dimensions": [{ "id": "d1", "name": "一" }, { "id": "d2", "name": "二" }],
  "indicators": [
    { "id": "a", "name": "A", "dimension": "d1", "source": "reported:a", "direction": "higher",
      "normalisation": { "method": "target", "floor": 0, "target": 10 }, "weight": ${weightA} },
    { "id": "b", "name": "B", "dimension": "d1", "source": "reported:b/m", "direction": "higher",
      "normalisation": { "method": "minmax" }, "weight": 1 },
    { "id": "c", "name": "C", "dimension": "d2", "source": "derived:closed_on_time_share", "direction": "higher",
      "normalisation": { "method": "target", "floor": 0.5, "target": 1 }, "weight": 1 }
  ]
}`;
}

// Street S (100 members) → community C1 (60) → branches B1 (20), B2 (30); community C2 (40) → B3 (10).
const ORGS: OrgNode[] = [
  { orgId: 'S', kind: 'street-committee', name: 'S', parentId: null, gridId: null, members: 100 },
  { orgId: 'C1', kind: 'community-committee', name: 'C1', parentId: 'S', gridId: null, members: 60 },
  { orgId: 'C2', kind: 'community-committee', name: 'C2', parentId: 'S', gridId: null, members: 40 },
  { orgId: 'B1', kind: 'grid-branch', name: 'B1', parentId: 'C1', gridId: 'g1', members: 20 },
  { orgId: 'B2', kind: 'grid-branch', name: 'B2', parentId: 'C1', gridId: 'g2', members: 30 },
  { orgId: 'B3', kind: 'grid-branch', name: 'B3', parentId: 'C2', gridId: 'g3', members: 10 },
];
const INPUTS = new Map<string, UnitInput>([
  ['B1', { reported: { a: 5, b: 6, m: 2 }, work: work(4, 3) }], // b/m = 3, on time 0.75
  ['B2', { reported: { a: 10, b: 2, m: 2 } }], // b/m = 1, no closed incidents: c left out
  ['B3', { reported: { a: 12, b: 10, m: 2 }, work: work(2, 1) }], // b/m = 5, on time 0.5
]);

function computed(weightA = 2): PeriodScores {
  const p = new PeriodScores(parseIndexModel(modelText(weightA)), new OrgTree(ORGS), '2026-10');
  p.setAll(INPUTS);
  return p;
}

test('scores reported branches as worked out by hand, and the breakdown adds up to the score', () => {
  const p = computed();
  // B1: W = 4. a: 5/10 = 0.5 of 50 pts = 25; b: (3-1)/(5-1) = 0.5 of 25 = 12.5; c: (0.75-0.5)/0.5 = 0.5 of 25 = 12.5.
  assert.deepEqual(p.scores.get('B1')!.contributions, [2500, 1250, 1250]);
  assert.equal(p.scores.get('B1')!.scoreCenti, 5000);
  assert.equal(p.scores.get('B1')!.stars, 1);
  // B2: c is missing, so a and b share 100 points 2:1. a = 1 × 66.666… → 66.67; b = 0.
  assert.deepEqual(p.scores.get('B2')!.contributions, [6667, 0, 0]);
  assert.deepEqual(p.scores.get('B2')!.available, [6667, 3333, 0]);
  assert.equal(p.scores.get('B2')!.scoreCenti, 6667);
  assert.equal(p.scores.get('B2')!.stars, 2);
  // B3: a clamps at 1 → 50; b is the max → 25; c at the floor → 0.
  assert.deepEqual(p.scores.get('B3')!.contributions, [5000, 2500, 0]);
  assert.equal(p.scores.get('B3')!.stars, 3);
  for (const s of p.scores.values()) assert.equal(s.contributions.reduce((x, y) => x + y, 0), s.scoreCenti);
});

test('aggregates up the tree weighted by members, contribution by contribution', () => {
  const p = computed();
  // C1 = (20 × B1 + 30 × B2) / 50: a (50000 + 200010) / 50 = 5000.2 → 5000; b 25000 / 50 = 500; c 500.
  assert.deepEqual(p.scores.get('C1')!.contributions, [5000, 500, 500]);
  assert.equal(p.scores.get('C1')!.scoreCenti, 6000);
  assert.equal(p.scores.get('C1')!.aggregated, true);
  assert.equal(p.scores.get('C1')!.units, 2);
  assert.deepEqual(p.scores.get('C2')!.contributions, [5000, 2500, 0]);
  // S = (60 × C1 + 40 × C2) / 100: a 5000; b (30000 + 100000) / 100 = 1300; c 300 → 66.00.
  assert.deepEqual(p.scores.get('S')!.contributions, [5000, 1300, 300]);
  assert.equal(p.scores.get('S')!.scoreCenti, 6600);
  assert.equal(p.scores.get('S')!.stars, 2);
  assert.equal(p.scores.get(DISTRICT_ORG_ID)!.scoreCenti, 6600);
  assert.equal(p.scores.get(DISTRICT_ORG_ID)!.units, 3);
  // Dimensions of B1: d1 earned 37.5 of 75, d2 12.5 of 25.
  const dims = dimensionScores(p.model, p.scores.get('B1')!);
  assert.deepEqual(dims, [{ id: 'd1', score: 50 }, { id: 'd2', score: 50 }]);
});

test('a changed weight in the model file changes the score as worked out by hand', () => {
  const p = computed(6);
  // W = 8: a is worth 75 points, b and c 12.5 each. B3: 75 + 12.5 + 0 = 87.5.
  assert.deepEqual(p.scores.get('B3')!.contributions, [7500, 1250, 0]);
  assert.equal(p.scores.get('B3')!.scoreCenti, 8750);
  assert.equal(p.scores.get('B3')!.stars, 3);
  // B1 stays at 50 (every indicator is at 0.5); B2: a = 6/7 of 100 → 85.71.
  assert.equal(p.scores.get('B1')!.scoreCenti, 5000);
  assert.equal(p.scores.get('B2')!.scoreCenti, 8571);
});

test('a new report re-scores only that branch and its ancestors unless a min-max range moves', () => {
  const p = computed();
  const b1 = p.scores.get('B1');
  const changed = p.setUnit('B2', { reported: { a: 0, b: 2, m: 2 } });
  assert.deepEqual([...changed].sort(), ['@district', 'B2', 'C1', 'S']);
  assert.equal(p.scores.get('B1'), b1, 'B1 was not re-scored');
  assert.equal(p.scores.get('B2')!.scoreCenti, 0);
  // C1 = (20 × [2500, 1250, 1250] + 30 × [0, 0, 0]) / 50 = [1000, 500, 500].
  assert.equal(p.scores.get('C1')!.scoreCenti, 2000);
  // b/m = 10 moves the range of b from 1..5 to 3..10 (B2 no longer holds the min): everybody's b is normalised again.
  const all = p.setUnit('B2', { reported: { a: 0, b: 20, m: 2 } });
  assert.ok(all.has('B1') && all.has('B3') && all.has('C2'));
  assert.deepEqual(p.scores.get('B1')!.contributions, [2500, 0, 1250]); // B1 now holds the min of b
  assert.equal(p.scores.get('B1')!.scoreCenti, 3750);
  assert.equal(p.scores.get('B3')!.contributions[1], 714); // (5-3)/(10-3) × 2500 = 714.3
});

test('ranks units with red and black lists that never overlap', () => {
  const r = rankUnits(
    [
      { orgId: 'x', scoreCenti: 5000 },
      { orgId: 'y', scoreCenti: 9000 },
      { orgId: 'z', scoreCenti: 5000 },
      { orgId: 'w', scoreCenti: 100 },
      { orgId: 'v', scoreCenti: 7000 },
    ],
    3,
  );
  assert.deepEqual(r.ranked.map((u) => [u.orgId, u.rank]), [['y', 1], ['v', 2], ['x', 3], ['z', 3], ['w', 5]]);
  assert.deepEqual(r.red, ['y', 'v']);
  assert.deepEqual(r.black, ['w', 'z']);
});

test('derives indicators from a grid month and leaves out what it cannot derive', () => {
  assert.deepEqual(deriveIndicators({ closed: 4, closedOnTime: 3, closedInGrid: 2, satisfactionSum: 9, satisfactionCount: 2, alertsConfirmed: 1, alertsDismissed: 3 }), {
    closed_on_time_share: 0.75,
    handled_in_grid_share: 0.5,
    satisfaction_avg: 4.5,
    video_confirmed_share: 0.25,
  });
  assert.deepEqual(deriveIndicators(work(0, 0)), {});
});

test('months are Shanghai calendar months', () => {
  assert.equal(shanghaiPeriodOf(Date.parse('2026-10-31T16:30:00Z')), '2026-11');
  assert.equal(shanghaiPeriodOf(Date.parse('2026-10-31T15:59:59Z')), '2026-10');
  assert.deepEqual(shanghaiPeriodRange('2026-12'), [Date.parse('2026-11-30T16:00:00Z'), Date.parse('2026-12-31T16:00:00Z')]);
  assert.equal(shiftPeriod('2026-01', -12), '2025-01');
  assert.equal(shiftPeriod('2026-01', -1), '2025-12');
});

test('a model file with an error is refused with the line and the problem', () => {
  const bad = modelText().replace('"weight": 1 },\n    { "id": "c"', '"weight": -1 },\n    { "id": "c"');
  assert.throws(() => parseIndexModel(bad, 'my-model.json'), (err: unknown) => {
    assert.ok(err instanceof IndexModelError);
    assert.match(err.message, /my-model\.json/);
    assert.match(err.message, /line 14: indicators\[1\]\.weight: must be a positive number/);
    return true;
  });
  const unknownDimension = modelText().replace('"dimension": "d2"', '"dimension": "d9"');
  assert.throws(() => parseIndexModel(unknownDimension), /line 15: indicators\[2\]\.dimension: "d9" is not one of the dimensions \(d1, d2\)/);
  assert.throws(() => parseIndexModel(modelText().replace('derived:closed_on_time_share', 'derived:bogus')), /line 15: indicators\[2\]\.source: unknown derived indicator "bogus"/);
  assert.throws(() => parseIndexModel(modelText().replace('"lists": { "size": 1 },', '"lists": { "size": 1 }')), /line 9: not valid JSON: line 9, column 3: expected ',' or '}'/);
  assert.throws(
    () => parseIndexModel(modelText().replace('"floor": 0.5, "target": 1', '"floor": 1, "target": 0.5')),
    /line 16: indicators\[2\]\.normalisation\.target: direction is "higher", so target must be above floor/,
  );
});

test('the default model file is valid and weighs 100 points over six dimensions', () => {
  const file = path.join(import.meta.dirname, '../../../resources/index-model/default.json');
  const model = parseIndexModel(readFileSync(file, 'utf8'), file);
  assert.equal(model.dimensions.length, 6);
  assert.ok(model.indicators.length >= 20);
  assert.equal(model.totalWeight, 100);
});

test('building groups: a branch without its own report aggregates them; one with a report keeps its own', () => {
  const model = parseIndexModel(modelText());
  const tree = new OrgTree([
    { orgId: 'B', kind: 'grid-branch', name: 'B', parentId: null, gridId: 'g', members: 30 },
    { orgId: 'G1', kind: 'building-group', name: 'G1', parentId: 'B', gridId: 'g', members: 10 },
    { orgId: 'G2', kind: 'building-group', name: 'G2', parentId: 'B', gridId: 'g', members: 30 },
  ]);
  const p = new PeriodScores(model, tree, '2026-10');
  // No work: c is left out everywhere; a worth 66.67 points, b 33.33. b/m: G1 1, G2 3 → 0 and 1.
  p.setAll(
    new Map([
      ['G1', { reported: { a: 10, b: 1, m: 1 } }],
      ['G2', { reported: { a: 5, b: 3, m: 1 } }],
    ]),
  );
  assert.deepEqual(p.scores.get('G1')!.contributions, [6667, 0, 0]);
  assert.deepEqual(p.scores.get('G2')!.contributions, [3333, 3333, 0]);
  // B = (10 × G1 + 30 × G2) / 40: a (66670 + 99990) / 40 = 4166.5 → 4167 (half rounds up); b 99990 / 40 = 2499.75 → 2500.
  assert.deepEqual(p.scores.get('B')!.contributions, [4167, 2500, 0]);
  assert.equal(p.scores.get('B')!.aggregated, true);
  // Now B reports itself: its own report decides, the groups do not change it.
  p.setUnit('B', { reported: { a: 0, b: 2, m: 1 } });
  assert.deepEqual(p.scores.get('B')!.contributions, [0, 1667, 0]); // b: (2-1)/(3-1) = 0.5 of 33.33
  assert.equal(p.scores.get('B')!.aggregated, false);
  assert.equal(p.scores.get(DISTRICT_ORG_ID)!.scoreCenti, 1667);
});

test('the JSON reader names the line of a syntax error and of every value', async () => {
  const { parseJsonWithPositions, JsonSyntaxError } = await import('../../../src-shared/domain/json-positions.ts');
  const parsed = parseJsonWithPositions('{\n  "a": [1,\n    { "b": "x\\n" }],\n  "c": null\n}');
  assert.deepEqual(parsed.value, { a: [1, { b: 'x\n' }], c: null });
  assert.deepEqual(parsed.positions.get('a[1].b'), { line: 3, column: 12 });
  assert.deepEqual(parsed.positions.get('c'), { line: 4, column: 8 });
  assert.throws(() => parseJsonWithPositions('{\n "a": 1,\n "a": 2 }'), (e: unknown) => e instanceof JsonSyntaxError && e.line === 3 && /"a" appears twice/.test(e.message));
  assert.throws(() => parseJsonWithPositions('{\n "a": tru }'), /line 2, column 7: unexpected "t"/);
  assert.throws(() => parseJsonWithPositions('[1, 2'), /expected ',' or '\]', found the end of the file/);
  assert.throws(() => parseJsonWithPositions('{} x'), /after the end of the document/);
});
