// The committed demo district (resources/demo/lixia) as the scenario and the map need it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, statSync, mkdtempSync, rmSync, cpSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Camera, Grid, OrgUnit, Station } from '../../../src-shared/sfp/schemas.ts';
import { LIXIA_STREETS } from '../../../src-shared/domain/lixia.ts';
import { DEFAULT_DEMO_RESOURCES_DIR, DemoResourcesError, loadDemoDistrict } from '../../../src-main/demo/district.ts';
import { areaKm2, bboxOf, pointInArea, polygonsOf, ringSignedArea, type AreaGeometry, type Ring } from '../../../src-main/demo/geo.ts';

const district = loadDemoDistrict();
const all = <T>(f: (streetId: string) => T[]): T[] => district.streets.flatMap((s) => f(s.id));
const grids = all(district.gridsOf);
const cameras = all(district.camerasOf);
const stations = all(district.stationsOf);
const orgs = all(district.orgsOf);
const outline = district.boundaries.district.features[0]!.geometry as AreaGeometry;
const box = bboxOf(outline);

function segmentsCross(a: number[], b: number[], c: number[], d: number[]): boolean {
  const o = (p: number[], q: number[], r: number[]): number => Math.sign((q[0]! - p[0]!) * (r[1]! - p[1]!) - (q[1]! - p[1]!) * (r[0]! - p[0]!));
  const o1 = o(a, b, c), o2 = o(a, b, d), o3 = o(c, d, a), o4 = o(c, d, b);
  return o1 * o2 < 0 && o3 * o4 < 0;
}

function ringProblem(ring: Ring): string | null {
  if (ring.length < 4) return 'fewer than 4 positions';
  const first = ring[0]!, last = ring[ring.length - 1]!;
  if (first[0] !== last[0] || first[1] !== last[1]) return 'not closed';
  if (Math.abs(ringSignedArea(ring)) === 0) return 'zero area';
  for (let i = 1; i < ring.length; i++) if (ring[i]![0] === ring[i - 1]![0] && ring[i]![1] === ring[i - 1]![1]) return 'repeated point';
  const n = ring.length - 1;
  for (let i = 0; i < n; i++)
    for (let j = i + 2; j < n; j++) {
      if (i === 0 && j === n - 1) continue;
      if (segmentsCross(ring[i]!, ring[i + 1]!, ring[j]!, ring[j + 1]!)) return `edges ${i} and ${j} cross`;
    }
  return null;
}

test('the district is the real outline of 历下区 around lon 117.0–117.2, lat 36.6–36.7, about 100 km²', () => {
  assert.equal(district.id, '370102');
  assert.equal(district.name, '历下区');
  const p = district.boundaries.district.features[0]!.properties;
  assert.equal(p.approximate, false);
  assert.ok(box[0] > 116.98 && box[2] < 117.22 && box[1] > 36.57 && box[3] < 36.73, `bbox ${box.join(',')}`);
  const km2 = areaKm2(outline);
  assert.ok(km2 > 90 && km2 < 115, `${km2} km²`);
});

test('13 streets with the official codes and names, each a generated polygon of reasonable size', () => {
  assert.deepEqual(
    district.streets.map((s) => [s.id, s.name]),
    LIXIA_STREETS.map((s) => [s.id, s.name]),
  );
  for (const f of district.boundaries.streets.features) {
    assert.equal(f.properties.approximate, true);
    assert.equal(f.properties.parentId, '370102');
    const km2 = areaKm2(f.geometry as AreaGeometry);
    assert.ok(km2 > 0.8 && km2 < 40, `${f.properties.name}: ${km2} km²`);
  }
  const total = district.boundaries.streets.features.reduce((a, f) => a + areaKm2(f.geometry as AreaGeometry), 0);
  assert.ok(Math.abs(total - areaKm2(outline)) / areaKm2(outline) < 0.01, 'the streets tile the district');
});

test('communities are the official ones (139 under 370102) and tile their street', () => {
  const features = district.boundaries.communities.features;
  assert.equal(features.length, 139);
  assert.equal(new Set(features.map((f) => f.properties.id)).size, 139);
  for (const f of features) {
    assert.match(f.properties.id, /^370102\d{6}$/);
    assert.equal(f.properties.id.slice(0, 9), f.properties.parentId);
    assert.match(f.properties.name, /社区$/);
  }
  for (const street of district.boundaries.streets.features) {
    const km2 = areaKm2(street.geometry as AreaGeometry);
    const parts = features.filter((f) => f.properties.parentId === street.properties.id).reduce((a, f) => a + areaKm2(f.geometry as AreaGeometry), 0);
    assert.ok(Math.abs(parts - km2) / km2 < 0.01, `the communities of ${street.properties.name} tile it (${parts} of ${km2} km²)`);
  }
  assert.equal(district.communitiesOf('370102012').length, 15);
  assert.equal(district.communitiesOf('370102011').length, 33);
});

test('880–950 grids, unique ids, each with households 300–1,500, a grid worker and a valid polygon inside the district', () => {
  assert.ok(grids.length >= 880 && grids.length <= 950, `${grids.length} grids`);
  assert.equal(new Set(grids.map((g) => g.gridId)).size, grids.length);
  for (const g of grids) {
    assert.ok(Grid.safeParse(g).success, `grid ${g.gridId} is a valid SFP/1 Grid`);
    assert.ok(g.households! >= 300 && g.households! <= 1500, `${g.gridId} households ${g.households}`);
    assert.ok(g.gridWorker && g.gridWorker.length >= 2);
    assert.match(g.name, /社区第\d+网格$/);
    assert.ok(district.community(g.communityId), `${g.gridId} has a known community`);
    assert.equal(g.gridId.slice(0, 12), g.communityId);
    for (const poly of polygonsOf(g.polygon as AreaGeometry)) {
      for (const ring of poly) assert.equal(ringProblem(ring), null, `grid ${g.gridId}`);
    }
    const b = bboxOf(g.polygon as AreaGeometry);
    assert.ok(b[0] >= box[0] - 1e-9 && b[1] >= box[1] - 1e-9 && b[2] <= box[2] + 1e-9 && b[3] <= box[3] + 1e-9, `${g.gridId} inside the district bbox`);
  }
});

test('about 300 cameras with unique 20-digit GB/T 28181 ids, inside their grid and street', () => {
  assert.ok(cameras.length >= 250 && cameras.length <= 350);
  assert.equal(new Set(cameras.map((c) => c.cameraId)).size, cameras.length);
  for (const c of cameras) {
    assert.ok(Camera.safeParse(c).success);
    assert.match(c.cameraId, /^370102\d{14}$/);
    assert.equal(c.cameraId.slice(6, 8), c.streetId.slice(7, 9));
    const grid = district.grid(c.gridId!);
    assert.ok(grid && grid.streetId === c.streetId);
    assert.ok(pointInArea(c.location.lon, c.location.lat, grid.polygon as AreaGeometry), `${c.cameraId} lies in its grid`);
  }
});

test('stations in five tiers: one district centre, street centres, one per community, posts and building corners', () => {
  const byTier = [1, 2, 3, 4, 5].map((t) => stations.filter((s) => s.tier === t).length);
  assert.equal(byTier[0], 1);
  assert.equal(byTier[1], 13);
  assert.equal(byTier[2], 139);
  assert.ok(byTier[3]! > 50 && byTier[4]! > 30, byTier.join('/'));
  assert.equal(new Set(stations.map((s) => s.stationId)).size, stations.length);
  for (const s of stations) {
    assert.ok(Station.safeParse(s).success);
    assert.match(s.openHours ?? '', /^\d{2}:\d{2}-\d{2}:\d{2}$/);
    const grid = district.grid(s.gridId!);
    assert.ok(grid && pointInArea(s.location.lon, s.location.lat, grid.polygon as AreaGeometry), `${s.stationId} lies in its grid`);
  }
});

test('the organisation tree: street → community → grid branch (one per grid) → building group → member household', () => {
  assert.equal(new Set(orgs.map((o) => o.orgId)).size, orgs.length);
  const byId = new Map(orgs.map((o) => [o.orgId, o]));
  const parentKind = { 'community-committee': 'street-committee', 'grid-branch': 'community-committee', 'building-group': 'grid-branch', 'member-household': 'building-group' } as const;
  for (const o of orgs) {
    assert.ok(OrgUnit.safeParse(o).success);
    if (o.kind === 'street-committee') {
      assert.equal(o.parentId, undefined);
      continue;
    }
    const parent = byId.get(o.parentId!);
    assert.ok(parent, `${o.orgId} has its parent`);
    assert.equal(parent.kind, parentKind[o.kind]);
    assert.equal(parent.streetId, o.streetId);
  }
  const branches = orgs.filter((o) => o.kind === 'grid-branch');
  assert.equal(branches.length, grids.length);
  assert.deepEqual(new Set(branches.map((b) => b.gridId)), new Set(grids.map((g) => g.gridId)));
  assert.equal(orgs.filter((o) => o.kind === 'street-committee').length, 13);
  assert.equal(orgs.filter((o) => o.kind === 'building-group').length, 268);
  const members = orgs.filter((o) => o.kind === 'street-committee').reduce((a, o) => a + o.members!, 0);
  assert.ok(Math.abs(members - 41_000) < 500, `${members} members`);
  assert.equal(members, branches.reduce((a, b) => a + b.members!, 0), 'committee counts are the sums of their branches');
});

test('the resources folder stays small (under 6 MB)', () => {
  const bytes = readdirSync(DEFAULT_DEMO_RESOURCES_DIR).reduce((a, f) => a + statSync(path.join(DEFAULT_DEMO_RESOURCES_DIR, f)).size, 0);
  assert.ok(bytes < 6 * 1024 * 1024, `${bytes} bytes`);
});

test('a missing or broken resource file is a clear error naming the file', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'superbrain-demo-res-'));
  try {
    assert.throws(() => loadDemoDistrict(dir), (err: Error) => err instanceof DemoResourcesError && /district\.geojson/.test(err.message));
    cpSync(DEFAULT_DEMO_RESOURCES_DIR, dir, { recursive: true });
    writeFileSync(path.join(dir, 'cameras.json'), '[{"cameraId": 5}]');
    assert.throws(() => loadDemoDistrict(dir), /cameras\.json is not valid/);
    writeFileSync(path.join(dir, 'cameras.json'), '[');
    assert.throws(() => loadDemoDistrict(dir), /cameras\.json is not valid JSON/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
