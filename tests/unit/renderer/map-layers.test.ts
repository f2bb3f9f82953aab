import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { GridRow } from '../../../src-shared/api.ts';
import { departmentAnchor, DEPARTMENT_RING_DEG } from '../../../src-renderer/map/anchors.ts';
import { applyAlertColumns, createAlertBuffer, openAlertsAt } from '../../../src-renderer/map/alert-buffer.ts';
import { categoryIconMapping, OTHER_SHAPE, shapeOfCategory } from '../../../src-renderer/map/category-icons.ts';
import { countPassing, DEFAULT_FILTER, deckFilterProps, gpuFilterProps, NEVER, parseFilter, slotFilter } from '../../../src-renderer/map/filters.ts';
import { buildGridPolygons, classBreaks, gridColors, gridMeasureValues } from '../../../src-renderer/map/grid-choropleth.ts';
import { applyIncidentColumns, changedRanges, createIncidentBuffer, refreshIncidentClock, UNKNOWN_CODE } from '../../../src-renderer/map/incident-buffer.ts';
import type { IncidentBuffer } from '../../../src-renderer/map/incident-buffer.ts';
import { alertLayerData, incidentLayerData, pulseLayerData } from '../../../src-renderer/map/layer-data.ts';
import { classLabel, computeMapLayers, dataDiff, defaultLayerIds, drawsDots, heatShare, ICON_LIMIT, LAYER_IDS, LAYER_THEMES, legendGroups, MAP_LAYERS, parseLayerIds } from '../../../src-renderer/map/layers/registry.ts';
import type { MapLayerId, MapLayerState } from '../../../src-renderer/map/layers/registry.ts';
import { dispatchArcs, resolvePick, viewHref, wallStorageKey } from '../../../src-renderer/map/use-map-controller.ts';
import { drawLength } from '../../../src-renderer/map/typed-arrays.ts';
import { alertColumns, incidentColumns } from './columns.ts';

const NOW = Date.UTC(2026, 10, 23, 2, 0, 0);
const HOUR = 3_600_000;

function square(x: number, y: number, d = 0.01) {
  return [
    [x, y],
    [x + d, y],
    [x + d, y + d],
    [x, y + d],
    [x, y],
  ];
}

function gridRow(id: string, households: number | null, polygon: GridRow['polygon']): GridRow {
  return { gridId: id, subcentreId: '370102012', name: `网格${id}`, communityId: 'c', households, gridWorker: null, polygon };
}

const GRIDS: GridRow[] = [
  gridRow('g1', 500, { type: 'Polygon', coordinates: [square(117, 36.6)] }),
  gridRow('g2', null, { type: 'MultiPolygon', coordinates: [[square(117.1, 36.6)], [square(117.2, 36.6)]] }),
  gridRow('g3', 1000, { type: 'Polygon', coordinates: [square(117.3, 36.6)] }),
];

/** Two chunks whose local category / street / grid lists are in different orders. */
function filledBuffer(): IncidentBuffer {
  const buf = createIncidentBuffer(4);
  const a = incidentColumns(
    [
      { id: 'a', severity: 0, reportedAt: NOW - 10 * 60_000, dueAt: NOW - 1 },
      { id: 'b', severity: 1, reportedAt: NOW - 5 * HOUR },
      { id: 'c', severity: 2, status: 5, reportedAt: NOW - 3 * 86_400_000 },
    ],
    3,
  );
  a.categories = ['市容环境', '突发事件'];
  a.category = [1, 0, 0];
  a.streets = ['370102012', '370102001'];
  a.street = [0, 1, 1];
  a.grids = ['g1', 'g3'];
  a.grid = [0, 0, 1];
  applyIncidentColumns(buf, a, NOW);
  const b = incidentColumns([{ id: 'd', severity: 2, reportedAt: NOW - 20 * 86_400_000 }, { id: 'e', severity: 1, reportedAt: NOW - 30 * 60_000 }], 5);
  b.categories = ['突发事件', '市容环境'];
  b.category = [1, 0];
  b.streets = ['370102001'];
  b.street = [0, 0];
  b.grids = ['g3'];
  b.grid = [0, -1];
  applyIncidentColumns(buf, b, NOW);
  return buf;
}

function state(patch: Partial<MapLayerState> = {}): MapLayerState {
  const buf = filledBuffer();
  const alerts = createAlertBuffer();
  applyAlertColumns(alerts, alertColumns([{ id: 'x' }], 1));
  const polygons = buildGridPolygons(GRIDS);
  const values = gridMeasureValues('open', GRIDS, polygons.rowOfGrid, buf, []);
  const breaks = classBreaks('open', values);
  return {
    scale: 1,
    zoom: 12,
    fitZoom: 12,
    enabled: new Set(LAYER_IDS),
    incidents: incidentLayerData(buf),
    filter: deckFilterProps(DEFAULT_FILTER, buf, NOW),
    alerts: alertLayerData(alerts),
    pulse: pulseLayerData({ length: 1, positions: new Float32Array([117.05, 36.66]) }, 1),
    pulsePhase: 0.5,
    alertAtlas: { width: 64, height: 64 },
    categoryAtlas: { width: 576, height: 64 },
    grid: { polygons, measure: 'open', values, breaks, colors: gridColors('open', values, breaks), version: 1 },
    cameras: [{ cameraId: 'cam1', subcentreId: '370102012', name: '摄像头1', lon: 117.05, lat: 36.66, gridId: null, status: 'online' }],
    stations: [{ stationId: 's1', subcentreId: '370102012', name: '站点1', tier: 2, lon: 117.05, lat: 36.66, openNow: true, visitsToday: 3 }],
    subcentres: [{ subcentreId: '370102012', name: '龙洞街道', position: [117.1, 36.65], state: 'connected' }],
    arcs: [{ incidentId: 'a', department: '城管', source: [117.05, 36.66], target: [117.06, 36.67], severity: 0 }],
    streetLabels: [{ position: [117.05, 36.66], text: '龙洞' }],
    communityLabels: [],
    showCommunityLabels: false,
    ...patch,
  };
}

test('the registry: every layer has a title and a builder; only the layers that are on are drawn, in registry order', () => {
  assert.deepEqual(
    MAP_LAYERS.map((l) => l.id),
    [...LAYER_IDS],
  );
  const all = computeMapLayers(state()).map((l) => l.id);
  assert.deepEqual(all, ['grid-shading', 'incident-heat', 'incidents-overdue-ring', 'incidents-base', 'incidents-red', 'incidents-pulse', 'dispatch-arcs', 'cameras', 'stations', 'alerts', 'subcentres', 'street-labels']);
  const some = computeMapLayers(state({ enabled: new Set<MapLayerId>(['incidents', 'labels']) })).map((l) => l.id);
  assert.deepEqual(some, ['incidents-overdue-ring', 'incidents-base', 'incidents-red', 'incidents-pulse', 'street-labels'], 'no heat: every incident is a point');
  assert.deepEqual(computeMapLayers(state({ enabled: new Set() })), []);
  assert.deepEqual([...defaultLayerIds()].sort(), MAP_LAYERS.filter((l) => l.defaultOn).map((l) => l.id).sort());
  assert.deepEqual([...parseLayerIds(['grids', 'nonsense', 3, 'alerts'])!], ['grids', 'alerts']);
  assert.equal(parseLayerIds('grids'), null);
});

test('the legend shows exactly the layers that are on', () => {
  const ids = (s: MapLayerState) => legendGroups(s).map((g) => g.id);
  assert.deepEqual(ids(state()), ['grids', 'heat', 'incidents', 'arcs', 'cameras', 'stations', 'alerts', 'subcentres']);
  assert.deepEqual(ids(state({ enabled: new Set<MapLayerId>(['cameras', 'alerts']) })), ['cameras', 'alerts']);
  const incidents = legendGroups(state()).find((g) => g.id === 'incidents')!;
  const categories = incidents.entries.filter((e) => e.mark.kind === 'shape').map((e) => ('text' in e.label ? e.label.text : e.label.key));
  assert.deepEqual(categories, ['市容环境', '突发事件'], 'one shape per category the data holds, in arrival order');
  const closedKeys = (f: typeof DEFAULT_FILTER) => {
    const s = state();
    const entries = legendGroups({ ...s, filter: deckFilterProps(f, s.incidents!.buffer!, NOW) }).find((g) => g.id === 'incidents')!.entries;
    return entries.some((e) => e.key === 'closed');
  };
  assert.equal(closedKeys(DEFAULT_FILTER), false, 'closed ones are not drawn by default, so not in the legend');
  assert.equal(closedKeys({ ...DEFAULT_FILTER, status: 'all' }), true);
  const grid = legendGroups(state()).find((g) => g.id === 'grids')!;
  assert.ok(grid.entries.some((e) => 'key' in e.label && e.label.key === 'map.breaks.quantile'), 'the class method is stated');
});

test('a filter change changes only the filter props: the attribute arrays stay the same objects', () => {
  const s = state({ enabled: new Set<MapLayerId>(['incidents']) });
  const buf = s.incidents!.buffer!;
  const before = computeMapLayers(s);
  const arrays = [buf.positions, buf.filterCategories, buf.filterTime, buf.baseColors, buf.redColors, buf.category];
  const version = buf.version;
  const narrowed = deckFilterProps({ ...DEFAULT_FILTER, severity: 'red', window: '1h' }, buf, NOW);
  const after = computeMapLayers({ ...s, filter: narrowed });
  assert.equal(buf.version, version, 'the buffer did not change');
  assert.deepEqual([buf.positions, buf.filterCategories, buf.filterTime, buf.baseColors, buf.redColors, buf.category], arrays);
  for (let i = 0; i < before.length; i++) {
    const a = before[i]!.props as unknown as Record<string, unknown>;
    const b = after[i]!.props as unknown as Record<string, unknown>;
    assert.equal(a.data, b.data, `${before[i]!.id}: the same data object`);
    if (before[i]!.id !== 'incidents-pulse') {
      assert.notDeepEqual(a.filterRange, b.filterRange);
      assert.deepEqual(a.updateTriggers, b.updateTriggers, 'no attribute is invalidated');
    }
  }
  const base = before.find((l) => l.id === 'incidents-base')!.props as unknown as { data: { buffer: IncidentBuffer; length: number } };
  assert.equal(base.data.buffer, buf, 'the layer reads the buffer itself: no object per incident');
  assert.equal(buf.openRows.length, 4, 'the base layer draws the 4 open rows, not the closed one');
  assert.equal(base.data.length, drawLength(4), 'deck.gl is given the rows rounded up (its GPU buffers grow by steps, not by one)');
});

test('closed incidents: their own layer over the whole buffer, made when the filter first asks and kept hidden after', () => {
  const s = state({ enabled: new Set<MapLayerId>(['incidents']) });
  const buf = s.incidents!.buffer!;
  const ids = (f: typeof DEFAULT_FILTER) =>
    computeMapLayers({ ...s, filter: deckFilterProps(f, buf, NOW) })
      .map((l) => [l.id, l.props.visible] as const)
      .filter(([id]) => id === 'incidents-base' || id === 'incidents-closed');
  assert.deepEqual(ids(DEFAULT_FILTER), [['incidents-base', true]], 'open only: no closed layer at all');
  assert.deepEqual(ids({ ...DEFAULT_FILTER, status: 'all' }), [
    ['incidents-closed', true],
    ['incidents-base', true],
  ], 'all: both layers');
  assert.deepEqual(ids({ ...DEFAULT_FILTER, status: 'closed' }), [
    ['incidents-closed', true],
    ['incidents-base', false],
  ]);
  assert.deepEqual(ids(DEFAULT_FILTER), [
    ['incidents-closed', false],
    ['incidents-base', true],
  ], 'back to open: the closed layer stays, hidden, so that switching again uploads nothing');
  // Each layer draws its own status class, nothing twice: on the time channel, the other class is NEVER.
  const closedProps = computeMapLayers({ ...s, filter: deckFilterProps({ ...DEFAULT_FILTER, status: 'all' }, buf, NOW) }).find((l) => l.id === 'incidents-closed')!.props as unknown as {
    getFilterValue: (o: unknown, info: { index: number; data: unknown; target: number[] }) => number[];
    data: unknown;
  };
  const timeOf = (slot: number) => closedProps.getFilterValue(null, { index: slot, data: closedProps.data, target: [] })[0];
  assert.equal(timeOf(2), buf.filterTime[2], 'c (closed) is drawn by the closed layer');
  assert.equal(timeOf(0), NEVER, 'a (open) is not');
  const closed = computeMapLayers({ ...s, filter: deckFilterProps({ ...DEFAULT_FILTER, status: 'all' }, buf, NOW) }).find((l) => l.id === 'incidents-closed')!;
  assert.equal((closed.props.data as { length: number }).length, drawLength(buf.length), 'the closed layer reads every slot (rounded up; the GPU filter keeps the closed ones)');
  assert.deepEqual(resolvePick({ layer: { id: 'incidents-closed' }, index: 2, x: 0, y: 0 }, s.incidents, s.alerts, s.grid), { kind: 'incident', id: 'c', slot: 2 });
});

test('live updates: deck.gl is told only the rows a version changed (appends, updates, the clock)', () => {
  const buf = filledBuffer();
  const v0 = incidentLayerData(buf).points!;
  applyIncidentColumns(buf, incidentColumns([{ id: 'f', reportedAt: NOW }, { id: 'g', reportedAt: NOW }], 6), NOW);
  const v1 = incidentLayerData(buf).points!;
  assert.deepEqual(dataDiff(v1, v0), [{ startRow: 5, endRow: 7 }], 'an append uploads the new rows only');
  applyIncidentColumns(buf, incidentColumns([{ id: 'b', severity: 0, reportedAt: NOW - 5 * HOUR }], 7), NOW);
  const v2 = incidentLayerData(buf).points!;
  assert.deepEqual(dataDiff(v2, v1), [{ startRow: 1, endRow: 2 }], 'an update its own row');
  assert.deepEqual(dataDiff(v2, v0), [{ startRow: 1, endRow: 2 }, { startRow: 5, endRow: 7 }], 'skipped versions add up');
  applyIncidentColumns(buf, incidentColumns([{ id: 'h', reportedAt: NOW, dueAt: NOW + 1000 }], 8), NOW);
  const v3 = incidentLayerData(buf).points!;
  assert.ok(refreshIncidentClock(buf, NOW + 2000));
  const v4 = incidentLayerData(buf).points!;
  assert.deepEqual(dataDiff(v4, v3), [{ startRow: 7, endRow: 8 }], 'the clock: only the slot that became overdue');
  assert.deepEqual(dataDiff(v4, v4), []);
  assert.deepEqual(dataDiff(v4, null), [{ startRow: 0, endRow: drawLength(buf.length) }], 'a new layer: everything');
  assert.deepEqual(dataDiff(v4, { ...v0, buffer: createIncidentBuffer() }), [{ startRow: 0, endRow: drawLength(buf.length) }], 'another buffer (another cache): everything');
  // Too far behind the bounded log: everything, never a wrong partial update.
  for (let i = 0; i < 300; i++) applyIncidentColumns(buf, incidentColumns([{ id: 'f', reportedAt: NOW + i }], 9 + i), NOW);
  assert.deepEqual(dataDiff(incidentLayerData(buf).points!, v4), [{ startRow: 0, endRow: drawLength(buf.length) }]);
  assert.deepEqual(changedRanges(buf, buf.version - 1), [{ startRow: 5, endRow: 6 }]);
});

test('filters: time window, category, severity, status and street, counted on the CPU like the GPU does', () => {
  const buf = filledBuffer();
  const count = (patch: Partial<typeof DEFAULT_FILTER>) => countPassing(buf, deckFilterProps({ ...DEFAULT_FILTER, ...patch }, buf, NOW));
  assert.equal(count({}), 4, 'open ones (c is closed)');
  assert.equal(count({ status: 'all' }), 5);
  assert.equal(count({ status: 'closed' }), 1);
  assert.equal(count({ window: '1h' }), 2, 'a (10 min) and e (30 min)');
  assert.equal(count({ window: '24h' }), 3);
  assert.equal(count({ window: '7d', status: 'all' }), 4);
  assert.equal(count({ severity: 'red' }), 1);
  assert.equal(count({ category: '突发事件' }), 2, 'a and e: chunk-local codes mapped to one global code');
  assert.equal(count({ category: '不存在' }), 0);
  assert.equal(count({ street: '370102001' }), 3, 'b, d and e (c is closed)');
  assert.equal(count({ street: '370102001', category: '市容环境', severity: 'green' }), 1);
  assert.deepEqual(buf.categoryNames, ['市容环境', '突发事件']);
  assert.equal(buf.category[3], 0, 'd: 市容环境, index 1 in its own chunk');
  assert.equal(buf.category[4], 1, 'e: 突发事件, index 0 in its own chunk');
  assert.equal(buf.grid[4], -1, 'e has no grid');
  // A stored filter is not trusted.
  assert.deepEqual(parseFilter({ window: 'forever', severity: 'purple', status: 'closed', street: 42 }), { ...DEFAULT_FILTER, status: 'closed' });
  // All categories includes the unknown code (incidents whose chunk named none).
  assert.ok(deckFilterProps(DEFAULT_FILTER, buf, NOW).filterCategories[0].includes(UNKNOWN_CODE));
});

test('the heat shows at the district zoom and gives way to points when zoomed in; red points always show', () => {
  const ids = (zoom: number) => computeMapLayers(state({ zoom, fitZoom: 12, enabled: new Set<MapLayerId>(['heat', 'incidents']) })).map((l) => l.id);
  assert.equal(heatShare({ zoom: 12, fitZoom: 12, enabled: new Set<MapLayerId>(['heat']) }), 1);
  assert.equal(heatShare({ zoom: 14, fitZoom: 12, enabled: new Set<MapLayerId>(['heat']) }), 0);
  assert.equal(heatShare({ zoom: 12, fitZoom: 12, enabled: new Set<MapLayerId>([]) }), 0);
  assert.deepEqual(ids(12), ['incident-heat', 'incidents-overdue-ring', 'incidents-base', 'incidents-red', 'incidents-pulse']);
  const atFit = computeMapLayers(state({ zoom: 12, fitZoom: 12, enabled: new Set<MapLayerId>(['heat', 'incidents']) }));
  assert.ok(atFit.find((l) => l.id === 'incidents-base')!.props.opacity < 0.2, 'yellow and green points recede under the heat');
  assert.equal(atFit.find((l) => l.id === 'incidents-red')!.props.opacity, 1);
  assert.deepEqual(ids(14), ['incidents-overdue-ring', 'incidents-base', 'incidents-red', 'incidents-pulse']);
  const mid = computeMapLayers(state({ zoom: 12.9, fitZoom: 12, enabled: new Set<MapLayerId>(['heat', 'incidents']) }));
  const heat = mid.find((l) => l.id === 'incident-heat')!.props.opacity;
  const base = mid.find((l) => l.id === 'incidents-base')!.props.opacity;
  assert.ok(heat > 0 && heat < 0.75 && base > 0 && base < 1, 'a cross-fade in between');
});

test('category icons: a silhouette per GB/T 30428 major, keyed by the buffer code', () => {
  assert.notEqual(shapeOfCategory('市容环境'), shapeOfCategory('突发事件'));
  assert.equal(shapeOfCategory('不认识'), OTHER_SHAPE);
  const mapping = categoryIconMapping(['突发事件', '市容环境'], UNKNOWN_CODE);
  assert.equal(mapping['0']!.x, shapeOfCategory('突发事件') * 64);
  assert.equal(mapping[String(UNKNOWN_CODE)]!.x, OTHER_SHAPE * 64);
  assert.ok(mapping['1']!.mask);
});

test('grid choropleth: polygons flattened once; measures, quantile and fixed breaks, colours', () => {
  const polygons = buildGridPolygons(GRIDS);
  assert.equal(polygons.length, 4, 'the MultiPolygon grid gives two polygons');
  assert.deepEqual([...polygons.gridOfPolygon], [0, 1, 1, 2]);
  assert.deepEqual([...polygons.startIndices], [0, 5, 10, 15, 20]);
  assert.ok(polygons.positions instanceof Float32Array && polygons.positions.length === 40);
  const buf = filledBuffer();
  const open = gridMeasureValues('open', GRIDS, polygons.rowOfGrid, buf, []);
  assert.deepEqual([...open], [2, 0, 1], 'g1: a and b; g3: d (c is closed, e has no grid)');
  const overdue = gridMeasureValues('overdue', GRIDS, polygons.rowOfGrid, buf, []);
  assert.deepEqual([...overdue], [1, 0, 0]);
  const per1000 = gridMeasureValues('per1000', GRIDS, polygons.rowOfGrid, buf, []);
  assert.equal(per1000[0], 4);
  assert.ok(Number.isNaN(per1000[1]!), 'no households: no value');
  assert.equal(per1000[2], 1);
  const index = gridMeasureValues('index', GRIDS, polygons.rowOfGrid, buf, [{ gridId: 'g3', orgId: 'o', score: 85, stars: 4 }]);
  assert.ok(Number.isNaN(index[0]!));
  assert.equal(index[2], 85);
  assert.deepEqual(classBreaks('index', index), { breaks: [60, 70, 80, 90], method: 'fixed', lowIsBad: true });
  const q = classBreaks('open', new Float64Array([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]));
  assert.equal(q.method, 'quantile');
  assert.deepEqual(q.breaks, [3, 5, 7, 9]);
  assert.deepEqual(classBreaks('open', new Float64Array([2, 2, 2])).breaks, [], 'equal quantiles merge into one class');
  const skewed = new Float64Array([0, 0, 1, 1, 1, 1, 1, 1, 2, 3, 7]);
  const sb = classBreaks('open', skewed);
  assert.deepEqual(sb.breaks, [3], 'never a break at the smallest value: the first class is never empty');
  const label = (c: number) => {
    const l = classLabel({ measure: 'open', breaks: sb, values: skewed }, c);
    return 'text' in l ? l.text : `${l.key}:${JSON.stringify(l.params)}`;
  };
  assert.deepEqual([0, 1].map(label), ['map.legend.range:{"from":"1","to":"2"}', 'map.legend.above:{"from":"3"}']);
  const ones = new Float64Array([0, 1, 1, 4]);
  const ob = classBreaks('open', ones);
  assert.deepEqual(ob.breaks, [4]);
  assert.deepEqual(classLabel({ measure: 'open', breaks: ob, values: ones }, 0), { key: 'map.legend.range', params: { from: '1', to: '3' } });
  const idx = classLabel({ measure: 'index', breaks: classBreaks('index', new Float64Array([50])), values: new Float64Array([50]) }, 0);
  assert.deepEqual(idx, { key: 'map.legend.below', params: { to: '60' } });
  const colors = gridColors('open', open, classBreaks('open', open));
  assert.equal(colors[1 * 4 + 3], 0, 'zero is transparent');
  assert.ok(colors[3]! > 0 && colors[2 * 4 + 3]! > 0);
  assert.notDeepEqual([...colors.subarray(0, 3)], [...colors.subarray(8, 11)], 'different classes, different colours');
});

test('grid colours change through updateTriggers, the polygons stay the same object', () => {
  const s = state({ enabled: new Set<MapLayerId>(['grids']) });
  const [a] = computeMapLayers(s);
  const [b] = computeMapLayers({ ...s, grid: { ...s.grid!, colors: new Uint8Array(12), version: 2 } });
  assert.equal(a!.props.data, b!.props.data, 'the same data object: deck.gl does not tesselate again');
  const pa = (a!.props as unknown as { data: { attributes: { getPolygon: { value: unknown } } } }).data.attributes.getPolygon.value;
  const pb = (b!.props as unknown as { data: { attributes: { getPolygon: { value: unknown } } } }).data.attributes.getPolygon.value;
  assert.equal(pa, pb, 'the same flat vertex array');
  assert.notDeepEqual(a!.props.updateTriggers, b!.props.updateTriggers);
});

test('departments: a street office at its street, district departments on a fixed ring round the seat', () => {
  const seat: [number, number] = [117.05, 36.66];
  const streets = [{ id: '370102012', name: '龙洞街道', position: [117.1, 36.65] as [number, number] }];
  assert.deepEqual(departmentAnchor('龙洞街道综合执法中队', seat, streets), { position: [117.1, 36.65], street: '370102012' });
  const a = departmentAnchor('城管', seat, streets);
  const b = departmentAnchor('城管', seat, streets);
  const c = departmentAnchor('公安', seat, streets);
  assert.deepEqual(a, b, 'always the same place');
  assert.notDeepEqual(a.position, c.position);
  assert.equal(a.street, null);
  assert.ok(Math.abs(Math.hypot((a.position[0] - seat[0]) * Math.cos((seat[1] * Math.PI) / 180), a.position[1] - seat[1]) - DEPARTMENT_RING_DEG) < 1e-9);
  const base = { subcentreId: 's', rev: 1, title: 't', category: { major: 'm', minor: 'n', name: 'n' }, source: 'patrol', level: 'street', gridId: null, address: null, reportedAt: 0, updatedAt: 0, dueAt: null, closedAt: null } as const;
  const arcs = dispatchArcs(
    [
      { ...base, incidentId: 'i1', severity: 'red', status: 'dispatched', lon: 117.0, lat: 36.6, department: '城管' },
      { ...base, incidentId: 'i2', severity: 'green', status: 'handling', lon: 117.0, lat: 36.6, department: null },
      { ...base, incidentId: 'i3', severity: 'green', status: 'closed', lon: 117.0, lat: 36.6, department: '城管' },
    ],
    seat,
    streets,
  );
  assert.deepEqual(arcs.map((x) => [x.incidentId, x.severity]), [['i1', 0]]);
});

test('picking resolves binary indices to ids, grid polygons to grids; links keep the token', () => {
  const s = state();
  const buf = s.incidents!.buffer!;
  assert.deepEqual(resolvePick({ layer: { id: 'incidents-red' }, index: 0, x: 1, y: 2 }, s.incidents, s.alerts, s.grid), { kind: 'incident', id: buf.ids[0], slot: 0 });
  assert.equal(resolvePick({ layer: { id: 'incidents-base' }, index: -1, x: 1, y: 2 }, s.incidents, s.alerts, s.grid), null);
  // The red and overdue layers hold compact subsets: their index maps back to the buffer slot.
  applyIncidentColumns(buf, incidentColumns([{ id: 'late-red', severity: 0, reportedAt: NOW, dueAt: NOW - 5 }], 9), NOW);
  const data = incidentLayerData(buf);
  assert.deepEqual([...data.redSubset!.slots], [0, 5]);
  assert.deepEqual([...data.overdueSubset!.slots], [0, 5]);
  assert.deepEqual(resolvePick({ layer: { id: 'incidents-red' }, index: 1, x: 0, y: 0 }, data, s.alerts, s.grid), { kind: 'incident', id: 'late-red', slot: 5 });
  // The base layer indexes the open rows: slot 2 ('c') is closed, so 'late-red' (slot 5) is the fifth row.
  assert.equal(buf.openRows.rowOfSlot[5], 4);
  assert.deepEqual(resolvePick({ layer: { id: 'incidents-base' }, index: 4, x: 0, y: 0 }, data, s.alerts, s.grid), { kind: 'incident', id: 'late-red', slot: 5 });
  assert.equal(resolvePick({ layer: { id: 'incidents-base' }, index: 9, x: 0, y: 0 }, data, s.alerts, s.grid), null, 'a row past the end: nothing');
  const red = computeMapLayers({ ...s, incidents: data, enabled: new Set<MapLayerId>(['incidents']) }).find((l) => l.id === 'incidents-red')!;
  assert.equal((red.props.data as { length: number }).length, 2, 'the red layer draws 2 instances, not all 6');
  const alert = resolvePick({ layer: { id: 'alerts' }, index: 0, x: 0, y: 0 }, s.incidents, s.alerts, s.grid);
  assert.equal(alert?.kind === 'alert' && alert.id, 'x');
  assert.equal(alert?.kind === 'alert' && alert.kindName, 'crowd');
  assert.deepEqual(resolvePick({ layer: { id: 'grid-shading' }, index: 2, x: 0, y: 0 }, s.incidents, s.alerts, s.grid), { kind: 'grid', row: 1 });
  const cam = s.cameras[0]!;
  assert.deepEqual(resolvePick({ layer: { id: 'cameras' }, index: 0, object: cam, x: 0, y: 0 }, s.incidents, s.alerts, s.grid), { kind: 'camera', camera: cam });
  const href = viewHref('http://127.0.0.1:8080/?token=abc&view=wall&wall=east', 'index', { grid: 'g3' });
  const u = new URL(href);
  assert.equal(u.searchParams.get('token'), 'abc');
  assert.equal(u.searchParams.get('view'), 'index');
  assert.equal(u.searchParams.get('grid'), 'g3');
  assert.equal(u.searchParams.get('wall'), null);
  assert.equal(wallStorageKey('?wall=east'), 'superbrain.map.east');
  assert.equal(wallStorageKey(''), 'superbrain.map.default');
});

test('sizes follow the type scale; names are drawn in the CJK font and move below the sub-centre markers', () => {
  const props = (scale: number, enabled: MapLayerId[] = [...LAYER_IDS]) => new Map(computeMapLayers(state({ scale, zoom: 20, enabled: new Set(enabled) })).map((l) => [l.id, l.props as unknown as Record<string, unknown>]));
  assert.equal(props(2).get('incidents-red')!.getSize, 2 * (props(1).get('incidents-red')!.getSize as number));
  const label = props(1).get('street-labels')!;
  assert.equal(label.characterSet, 'auto');
  assert.match(String(label.fontFamily), /Noto Sans CJK SC/);
  assert.notDeepEqual(label.getPixelOffset, [0, 0]);
  assert.deepEqual(props(1, ['labels']).get('street-labels')!.getPixelOffset, [0, 0]);
});

test('the carousel layer stops: each shows its own layer with known layers around it, and draws', () => {
  const ids = LAYER_THEMES.map((th) => th.id);
  assert.equal(new Set(ids).size, ids.length, 'one stop per layer');
  for (const th of LAYER_THEMES) {
    assert.ok(th.layers.includes(th.id), `${th.id} shows itself`);
    for (const l of th.layers) assert.ok((LAYER_IDS as readonly string[]).includes(l));
    const drawn = computeMapLayers(state({ enabled: new Set(th.layers) }));
    assert.ok(drawn.length > 0, `${th.id} draws something`);
    assert.ok(legendGroups(state({ enabled: new Set(th.layers) })).some((g) => g.id === th.id || th.id === 'heat'), `${th.id} has its legend`);
  }
});

test('a camera card counts the open alerts drawn at the camera', () => {
  const alerts = createAlertBuffer();
  applyAlertColumns(alerts, alertColumns([{ id: 'p', lon: 117.1, lat: 36.6 }, { id: 'q', lon: 117.1, lat: 36.6 }, { id: 'r', lon: 117.1, lat: 36.6, state: 2 }, { id: 's', lon: 117.2, lat: 36.6 }], 1));
  assert.equal(openAlertsAt(alerts, 117.1, 36.6), 2, 'the dismissed one does not count, nor the one elsewhere');
  assert.equal(openAlertsAt(null, 117.1, 36.6), 0);
});

test('dense: more open incidents on screen than ICON_LIMIT are dots (overdue outlined, red on top); zooming in brings the icons', () => {
  const s = state({ enabled: new Set<MapLayerId>(['incidents']) });
  const buf = s.incidents!.buffer!;
  const dense = { ...s, incidents: { ...s.incidents!, buffer: { ...buf, openCount: ICON_LIMIT * 4 } } };
  const ids = (zoom: number) => computeMapLayers({ ...dense, zoom }).map((l) => l.id).filter((id) => id !== 'incidents-pulse');
  assert.equal(drawsDots({ ...dense, zoom: 12 }), true);
  assert.deepEqual(ids(12), ['incidents-dots', 'incidents-red-dots'], 'at the district view: dots, no icons, no rings');
  assert.deepEqual(ids(13.5), ['incidents-overdue-ring', 'incidents-base', 'incidents-red'], 'a quarter per zoom level: past 1 level, icons');
  assert.deepEqual(computeMapLayers({ ...s, zoom: 12 }).map((l) => l.id).filter((id) => id !== 'incidents-pulse'), ['incidents-overdue-ring', 'incidents-base', 'incidents-red'], 'a few: icons even at the district view');
  assert.ok(legendGroups({ ...dense, zoom: 12 }).find((g) => g.id === 'incidents')!.entries.some((e) => e.key === 'dots'), 'the legend says so');
  // Picking a dot: its row back to the slot, like the icons.
  const row = buf.openRows.rowOfSlot[4]!;
  assert.deepEqual(resolvePick({ layer: { id: 'incidents-dots' }, index: row, x: 0, y: 0 }, s.incidents, s.alerts, s.grid), { kind: 'incident', id: 'e', slot: 4 });
  assert.deepEqual(resolvePick({ layer: { id: 'incidents-red-dots' }, index: 0, x: 0, y: 0 }, s.incidents, s.alerts, s.grid), { kind: 'incident', id: 'a', slot: 0 });
});

test('the GPU ranges pass exactly what the CPU count passes, for every filter the bar can make', () => {
  const s = state({ enabled: new Set<MapLayerId>(['incidents']) });
  const buf = s.incidents!.buffer!;
  const check = (f: typeof DEFAULT_FILTER) => {
    const filter = deckFilterProps(f, buf, NOW);
    const gpu = gpuFilterProps(filter);
    const layers = computeMapLayers({ ...s, filter, zoom: 20 });
    let drawn = 0;
    for (const id of ['incidents-base', 'incidents-closed']) {
      const layer = layers.find((l) => l.id === id);
      if (!layer || layer.props.visible === false) continue;
      const p = layer.props as unknown as { data: { length: number }; getFilterValue: (o: unknown, info: { index: number; data: unknown; target: number[] }) => number[] };
      for (let i = 0; i < p.data.length; i++) {
        const v = p.getFilterValue(null, { index: i, data: p.data, target: [] });
        if (gpu.filterRange.every(([lo, hi], c) => v[c]! >= lo && v[c]! <= hi)) drawn++;
      }
    }
    assert.equal(drawn, countPassing(buf, filter), JSON.stringify(f));
  };
  for (const window of ['1h', '24h', '7d', 'all'] as const)
    for (const status of ['open', 'closed', 'all'] as const)
      for (const severity of [null, 'red', 'yellow', 'green'] as const)
        for (const category of [null, '市容环境', '突发事件', 'nonexistent'])
          for (const street of [null, '370102012', '370102001']) check({ window, status, severity, category, street });
  assert.deepEqual(gpuFilterProps(deckFilterProps({ ...DEFAULT_FILTER, category: 'nonexistent' }, buf, NOW)).filterRange[1], [1, 0], 'an unknown value: an empty range');
});

test('the grid counts follow the filter bar (time, category, severity, street), not the status', () => {
  const buf = filledBuffer();
  const polygons = buildGridPolygons(GRIDS);
  const all = gridMeasureValues('open', GRIDS, polygons.rowOfGrid, buf, []);
  const narrowed = (f: typeof DEFAULT_FILTER) => [...gridMeasureValues('open', GRIDS, polygons.rowOfGrid, buf, [], slotFilter(buf, deckFilterProps(f, buf, NOW), true))];
  assert.deepEqual(narrowed(DEFAULT_FILTER), [...all], 'the default filter (all open) changes nothing');
  assert.deepEqual(narrowed({ ...DEFAULT_FILTER, status: 'closed' }), [...all], 'the measure says open: the status filter does not empty it');
  const red = narrowed({ ...DEFAULT_FILTER, severity: 'red' });
  assert.ok(red.reduce((a, b) => a + b, 0) < [...all].reduce((a, b) => a + b, 0), 'red only: fewer');
  assert.deepEqual(narrowed({ ...DEFAULT_FILTER, window: '1h' }), [1, 0, 0], 'the last hour: a (10 min old, g1) only');
});
