// The map's layers as data: each has an id, a title (i18n key), whether it starts on, its legend entries
// and a pure function state → deck.gl layers. The wall draws the layers that are on in registry order
// (which is the drawing order, bottom first); the legend shows exactly the entries of the layers that are
// on. Nothing here keeps state (but for which incident buffers have had their closed incidents shown, see
// closedLayerKept): deck.gl diffs the props, so an unchanged layer costs nothing.
import { HeatmapLayer } from '@deck.gl/aggregation-layers';
import type { Layer } from '@deck.gl/core';
import { DataFilterExtension } from '@deck.gl/extensions';
import { ArcLayer, IconLayer, ScatterplotLayer, SolidPolygonLayer, TextLayer } from '@deck.gl/layers';
import type { CameraRow, StationRow } from '../../../src-shared/api.ts';
import type { MessageKey } from '../../i18n/translator.ts';
import { CJK_FONT_FAMILY, MAP_COLORS, SEVERITY_RGB, STATE_RGB } from '../../theme/tokens.ts';
import type { DispatchArc, SubcentreMark } from '../anchors.ts';
import { linkTone } from '../anchors.ts';
import { CATEGORY_SHAPES, categoryIconMapping, OTHER_SHAPE, shapeOfCategory } from '../category-icons.ts';
import type { IconFrame } from '../category-icons.ts';
import { gpuFilterProps, NEVER } from '../filters.ts';
import type { DeckFilterProps, GpuFilterProps } from '../filters.ts';
import type { ClassBreaks, GridMeasure, GridPolygons } from '../grid-choropleth.ts';
import { rampOf } from '../grid-choropleth.ts';
import { changedRanges, FLAG_OVERDUE, STATUS_CLASS_CLOSED, STATUS_CLASS_OPEN, UNKNOWN_CODE } from '../incident-buffer.ts';
import type { IncidentBuffer } from '../incident-buffer.ts';
import { changedRowRanges, MAX_ROW_CHANGES } from '../open-rows.ts';
import type { MapLabel } from '../labels.ts';
import type { AlertLayerData, IncidentLayerData, IncidentPoints, PulseLayerData } from '../layer-data.ts';

export const LAYER_IDS = ['grids', 'heat', 'incidents', 'arcs', 'cameras', 'stations', 'alerts', 'subcentres', 'labels'] as const;
export type MapLayerId = (typeof LAYER_IDS)[number];

export interface GridShading {
  polygons: GridPolygons;
  measure: GridMeasure;
  /** RGBA per grid row. */
  colors: Uint8Array;
  /** Per grid row (NaN: none), for the hover card. */
  values: Float64Array;
  breaks: ClassBreaks;
  /** Bumps when the colours change (deck.gl's updateTrigger). */
  version: number;
}

export interface MapLayerState {
  /** The wall's type scale (root font size / 16): marker and label sizes follow the display. */
  scale: number;
  /** The map's zoom and the zoom that fits the district: the heat gives way to points above it. */
  zoom: number;
  fitZoom: number;
  enabled: ReadonlySet<MapLayerId>;
  incidents: IncidentLayerData | null;
  filter: DeckFilterProps | null;
  alerts: AlertLayerData | null;
  pulse: PulseLayerData | null;
  /** 0..1, the phase of the new-incident pulse. */
  pulsePhase: number;
  /** Canvases drawn in code (null under Node, where only the layer list is tested). */
  alertAtlas: unknown;
  categoryAtlas: unknown;
  grid: GridShading | null;
  cameras: readonly CameraRow[];
  stations: readonly StationRow[];
  subcentres: readonly SubcentreMark[];
  arcs: readonly DispatchArc[];
  streetLabels: readonly MapLabel[];
  communityLabels: readonly MapLabel[];
  showCommunityLabels: boolean;
}

/** What the legend draws for one entry. */
export type LegendMark =
  | { kind: 'shape'; path: string; color: string }
  | { kind: 'dot' | 'ring' | 'hollow' | 'diamond' | 'square'; color: string; size?: number }
  | { kind: 'arc'; from: string; to: string }
  | { kind: 'heat'; colors: string[] };

export interface LegendEntry {
  key: string;
  label: { key: MessageKey; params?: Record<string, string | number> } | { text: string };
  mark: LegendMark;
}

export interface MapLayerDef {
  id: MapLayerId;
  title: MessageKey;
  defaultOn: boolean;
  legend(state: MapLayerState): LegendEntry[];
  build(state: MapLayerState): Layer[];
}

export const ALERT_ICON_SIZE = 64;
export const ALERT_ICON_MAPPING = { diamond: { x: 0, y: 0, width: ALERT_ICON_SIZE, height: ALERT_ICON_SIZE, mask: true } };

/** Marker sizes in CSS pixels at scale 1. */
export const SIZE = { icon: 10, redIcon: 14, dot: 2.4, redDot: 3.6, ring: 8, pulse: 8, alert: 17, camera: 3.2, station: [0, 7, 6, 5, 4, 3.4] as readonly number[], subcentre: 7 } as const;

/**
 * The heat shows at the fitted (district) zoom and fades out over HEAT_FADE zoom levels starting
 * HEAT_UNTIL above it; yellow and green points fade in as it goes. Red ones are always drawn as points.
 */
export const HEAT_UNTIL = 0.6;
export const HEAT_FADE = 0.6;

/**
 * Level of detail: above this many open incidents on screen the incidents are drawn as dots (overdue ones
 * with a light outline, red ones bigger and on top) instead of category icons. Tens of thousands of
 * overlapping 10-px icons are a blur that costs every pixel it covers (a software renderer spends the frame
 * there); past this density a shape cannot be told apart anyway, and zooming in brings the icons back.
 */
export const ICON_LIMIT = 15_000;

/** Open incidents on screen, estimated: all of them at the fitted zoom, a quarter per zoom level past it. */
export function incidentsOnScreen(state: Pick<MapLayerState, 'zoom' | 'fitZoom' | 'incidents'>): number {
  const open = state.incidents?.buffer?.openCount ?? state.incidents?.drawn ?? 0;
  return open * Math.min(1, 4 ** -(state.zoom - state.fitZoom));
}

export function drawsDots(state: Pick<MapLayerState, 'zoom' | 'fitZoom' | 'incidents'>): boolean {
  return incidentsOnScreen(state) > ICON_LIMIT;
}

export function heatShare(state: Pick<MapLayerState, 'zoom' | 'fitZoom' | 'enabled'>): number {
  if (!state.enabled.has('heat')) return 0;
  const t = (state.fitZoom + HEAT_UNTIL + HEAT_FADE - state.zoom) / HEAT_FADE;
  return Math.min(1, Math.max(0, t));
}

const css = (rgb: readonly number[], a = 1) => `rgba(${rgb[0]},${rgb[1]},${rgb[2]},${a})`;
const rgba = (rgb: readonly number[], a: number): [number, number, number, number] => [rgb[0]!, rgb[1]!, rgb[2]!, a];

const LABEL_FONT = {
  fontFamily: CJK_FONT_FAMILY,
  characterSet: 'auto' as const,
  fontSettings: { sdf: true, fontSize: 64, buffer: 10, radius: 16, cutoff: 0.22 },
  outlineColor: [...MAP_COLORS.labelHalo, 235] as [number, number, number, number],
  sizeUnits: 'pixels' as const,
  getTextAnchor: 'middle' as const,
  getAlignmentBaseline: 'center' as const,
  billboard: true,
};

/** One extension instance for every incident layer: four ranges, [report time, category, severity, street] (filters.ts). */
const INCIDENT_FILTER = new DataFilterExtension({ filterSize: 4 });

const CAMERA_RGB = { online: [92, 200, 255], offline: STATE_RGB.idle, fault: SEVERITY_RGB.red } as const;
/** Pink: apart from the severities, the cameras' cyan and the grid ramp's blue-violet. */
const STATION_RGB = [255, 150, 195] as const;
const ARC_FROM = [255, 214, 102] as const;
const ARC_TO = [92, 200, 255] as const;
const HEAT_RANGE: Array<[number, number, number]> = [
  [25, 60, 110],
  [40, 110, 170],
  [80, 170, 200],
  [230, 200, 80],
  [245, 140, 50],
  [235, 70, 50],
];

// deck.gl compares `data` by identity: a new wrapper would re-tesselate every polygon (and a new heat
// wrapper re-upload every point), so each is made once per polygon set / incident version.
const gridDataCache = new WeakMap<GridPolygons, unknown>();
function gridData(polygons: GridPolygons): unknown {
  let data = gridDataCache.get(polygons);
  if (!data) {
    data = { length: polygons.length, startIndices: polygons.startIndices, attributes: { getPolygon: { value: polygons.positions, size: 2 } } };
    gridDataCache.set(polygons, data);
  }
  return data;
}
/** The heat is a density picture: it follows the data at most this often (each refresh re-aggregates all). */
export const HEAT_REFRESH_MS = 2000;
let heatCache: { buffer: unknown; version: number; at: number; data: unknown } | null = null;
function heatData(inc: IncidentLayerData): unknown {
  const buf = inc.buffer;
  if (!buf) return null;
  const now = Date.now();
  if (heatCache && heatCache.buffer === buf && (heatCache.version === inc.version || now - heatCache.at < HEAT_REFRESH_MS)) return heatCache.data;
  // The open rows only (closed incidents are not in the picture); weight = the flag bits (open 1, overdue +2,
  // red +4): urgent ones weigh more, a free row nothing.
  const rows = buf.openRows;
  const n = rows.length;
  const data = { length: n, attributes: { getPosition: { value: rows.positions.subarray(0, n * 2), size: 2 }, getWeight: { value: rows.flags.subarray(0, n), size: 1 } } };
  heatCache = { buffer: buf, version: inc.version, at: now, data };
  return data;
}

function gridsLayer(state: MapLayerState): Layer[] {
  const g = state.grid;
  if (!g || g.polygons.length === 0) return [];
  const { polygons, colors } = g;
  return [
    new SolidPolygonLayer({
      id: 'grid-shading',
      // Binary polygons: one flat vertex array with start indices, tesselated once by deck.gl.
      data: gridData(polygons) as never,
      _normalize: false,
      filled: true,
      extruded: false,
      pickable: true,
      autoHighlight: true,
      highlightColor: [255, 255, 255, 60],
      getFillColor: (_: unknown, { index, target }: { index: number; target: number[] }) => {
        const row = polygons.gridOfPolygon[index]! * 4;
        target[0] = colors[row]!;
        target[1] = colors[row + 1]!;
        target[2] = colors[row + 2]!;
        target[3] = colors[row + 3]!;
        return target as [number, number, number, number];
      },
      updateTriggers: { getFillColor: g.version },
    }) as Layer,
  ];
}

/** "1", "2–3", "≥ 4" for counts; "0.5–1.2" for rates; "< 60", "60–70", "≥ 90" for the index. */
export function classLabel(g: Pick<GridShading, 'measure' | 'breaks' | 'values'>, c: number): LegendEntry['label'] {
  const b = g.breaks.breaks;
  const counts = g.measure === 'open' || g.measure === 'overdue';
  const fmt = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(1));
  let min = Number.POSITIVE_INFINITY;
  for (const v of g.values) if (Number.isFinite(v) && (g.measure === 'index' || v > 0)) min = Math.min(min, v);
  const lo = c === 0 ? (g.measure === 'index' ? null : min) : b[c - 1]!;
  const hi = c < b.length ? b[c]! : null;
  if (hi === null) return lo === null || !Number.isFinite(lo) ? { text: '—' } : { key: 'map.legend.above', params: { from: fmt(lo) } };
  if (lo === null) return { key: 'map.legend.below', params: { to: fmt(hi) } };
  if (counts) return hi - 1 <= lo ? { text: fmt(lo) } : { key: 'map.legend.range', params: { from: fmt(lo), to: fmt(hi - 1) } };
  return { key: 'map.legend.range', params: { from: fmt(lo), to: fmt(hi) } };
}

function gridsLegend(state: MapLayerState): LegendEntry[] {
  const g = state.grid;
  if (!g) return [];
  const ramp = rampOf(g.measure, g.breaks);
  const entries: LegendEntry[] = ramp.map((rgb, c): LegendEntry => ({ key: `grid-class-${c}`, label: classLabel(g, c), mark: { kind: 'square', color: css(rgb, 0.75) } }));
  entries.push({ key: 'grid-zero', label: { key: 'map.legend.zero' }, mark: { kind: 'square', color: 'rgba(255,255,255,0.06)' } });
  entries.push({ key: 'grid-method', label: { key: g.breaks.method === 'fixed' ? 'map.breaks.fixed' : 'map.breaks.quantile' }, mark: { kind: 'square', color: 'transparent' } });
  return entries;
}

function heatLayer(state: MapLayerState): Layer[] {
  const inc = state.incidents;
  const share = heatShare(state);
  if (!inc?.buffer || share <= 0) return [];
  return [
    new HeatmapLayer({
      id: 'incident-heat',
      data: heatData(inc) as never,
      radiusPixels: 28 * state.scale,
      intensity: 1,
      threshold: 0.04,
      colorRange: HEAT_RANGE,
      opacity: 0.75 * share,
    }) as Layer,
  ];
}

// A new iconMapping object makes deck.gl run getIcon over every point again: keep one per list of names
// (the buffer's list only grows, so its length identifies it).
const mappingCache = new WeakMap<readonly string[], { length: number; mapping: Record<string, IconFrame> }>();
function iconMappingFor(names: readonly string[]): Record<string, IconFrame> {
  const hit = mappingCache.get(names);
  if (hit && hit.length === names.length) return hit.mapping;
  const mapping = categoryIconMapping(names, UNKNOWN_CODE);
  mappingCache.set(names, { length: names.length, mapping });
  return mapping;
}

// The point layers read the incident buffer through accessors by index (no object per incident) and
// tell deck.gl which rows changed since the version it drew (_dataDiff): a live notice re-uploads only its
// own rows, and the first load of a million incidents appends chunk by chunk instead of re-sending all.
interface AccessorInfo {
  index: number;
  data: IncidentPoints;
  target: number[];
}
function positionOf(_: unknown, { index, data, target }: AccessorInfo): number[] {
  const p = data.buffer.positions;
  target[0] = p[index * 2]!;
  target[1] = p[index * 2 + 1]!;
  target[2] = 0;
  return target;
}
/** The RGBA of row `index` in a colour array (four bytes a row), into deck.gl's target. */
function rgbaAt(c: Uint8Array, index: number, target: number[]): number[] {
  const o = index * 4;
  target[0] = c[o]!;
  target[1] = c[o + 1]!;
  target[2] = c[o + 2]!;
  target[3] = c[o + 3]!;
  return target;
}
const colorAccessors = new Map<string, (_: unknown, info: AccessorInfo) => number[]>();
function colorOf(array: 'baseColors' | 'redColors' | 'ringColors'): (_: unknown, info: AccessorInfo) => number[] {
  let fn = colorAccessors.get(array);
  if (!fn) {
    fn = (_, { index, data, target }) => rgbaAt(data.buffer[array], index, target);
    colorAccessors.set(array, fn);
  }
  return fn;
}
function iconOf(_: unknown, { index, data }: AccessorInfo): number {
  return data.buffer.category[index]!;
}
// The same over the open rows (open-rows.ts).
function rowPositionOf(_: unknown, { index, data, target }: AccessorInfo): number[] {
  const p = data.buffer.openRows.positions;
  target[0] = p[index * 2]!;
  target[1] = p[index * 2 + 1]!;
  target[2] = 0;
  return target;
}
function rowColorOf(_: unknown, { index, data, target }: AccessorInfo): number[] {
  return rgbaAt(data.buffer.openRows.colors, index, target);
}
function rowIconOf(_: unknown, { index, data }: AccessorInfo): number {
  return data.buffer.openRows.icon[index]!;
}
function rowFilterValueOf(_: unknown, { index, data, target }: AccessorInfo): number[] {
  const rows = data.buffer.openRows;
  const o = index * 4;
  const c = rows.filterCategories;
  // A free row (status class hidden) is never drawn.
  return filterValues(target, c[o + 2] === STATUS_CLASS_OPEN ? rows.filterTime[index]! : NEVER, c[o]!, c[o + 1]!, c[o + 3]!);
}
const OVERDUE_OUTLINE = [...MAP_COLORS.pulse, 220];
const NO_OUTLINE = [0, 0, 0, 0];
/** Dots: overdue ones get a light outline (the icons' ring). */
function rowOutlineOf(_: unknown, { index, data }: AccessorInfo): number[] {
  return (data.buffer.openRows.flags[index]! & FLAG_OVERDUE) !== 0 ? OVERDUE_OUTLINE : NO_OUTLINE;
}
function slotOutlineOf(_: unknown, { index, data }: AccessorInfo): number[] {
  return (data.buffer.flags[index]! & FLAG_OVERDUE) !== 0 ? OVERDUE_OUTLINE : NO_OUTLINE;
}
// The red subset's arrays as a dot layer reads them (fill colour instead of icon colour), one object per
// subset so that deck.gl sees the same data while the subset stays.
const redDotsCache = new WeakMap<object, unknown>();
function redDotsData(subset: NonNullable<IncidentLayerData['redSubset']>): unknown {
  let data = redDotsCache.get(subset);
  if (!data) {
    const a = subset.data.attributes;
    data = { length: subset.length, attributes: { getPosition: a.getPosition, getFillColor: a.getColor, getFilterValue: a.getFilterValue } };
    redDotsCache.set(subset, data);
  }
  return data;
}
/** The closed layer: closed slots only (open ones are the open rows' layer's, hidden ones nobody's). */
function filterValueOf(_: unknown, { index, data, target }: AccessorInfo): number[] {
  const buf = data.buffer;
  const o = index * 4;
  const c = buf.filterCategories;
  return filterValues(target, c[o + 2] === STATUS_CLASS_CLOSED ? buf.filterTime[index]! : NEVER, c[o]!, c[o + 1]!, c[o + 3]!);
}
function filterValues(target: number[], time: number, category: number, severity: number, street: number): number[] {
  target[0] = time;
  target[1] = category;
  target[2] = severity;
  target[3] = street;
  return target;
}
export function dataDiff(next: IncidentPoints, prev: IncidentPoints | null | undefined): Array<{ startRow: number; endRow: number }> {
  const all = [{ startRow: 0, endRow: next.length }];
  if (!prev || prev.buffer !== next.buffer || prev.version > next.version) return all;
  return changedRanges(next.buffer, prev.version) ?? all;
}
export function openRowsDiff(next: IncidentPoints, prev: IncidentPoints | null | undefined): Array<{ startRow: number; endRow: number }> {
  const all = [{ startRow: 0, endRow: next.length }];
  if (!prev || prev.buffer !== next.buffer || prev.version > next.version) return all;
  return changedRowRanges(next.buffer.openRows.changes, next.buffer.version, prev.version, MAX_ROW_CHANGES) ?? all;
}

/** The filter narrowed to one status class: the open rows' layer draws open ones, the closed layer closed ones. */
function statusOnly(filter: DeckFilterProps | null | undefined, statusClass: number): { props: Partial<GpuFilterProps>; visible: boolean } {
  if (!filter) return { props: {}, visible: statusClass === STATUS_CLASS_OPEN };
  return { props: gpuFilterProps(filter), visible: filter.filterCategories[2].includes(statusClass) };
}

/**
 * The buffers whose closed incidents have been asked for once: their closed layer stays (hidden while the
 * filter shows open ones only) so that switching the status filter back and forth uploads nothing. A wall
 * that never shows closed incidents never uploads them.
 */
const closedLayerKept = new WeakSet<IncidentBuffer>();

function incidentLayers(state: MapLayerState): Layer[] {
  const inc = state.incidents;
  if (!inc) return [];
  const s = state.scale;
  const layers: Layer[] = [];
  const filter: Partial<GpuFilterProps> = state.filter ? gpuFilterProps(state.filter) : {};
  const fade = 1 - 0.85 * heatShare(state);
  const mapping = iconMappingFor(inc.buffer?.categoryNames ?? []);
  const mappingKey = inc.buffer?.categoryNames.length ?? 0;
  const points = inc.points;
  if (!points) return [];
  // The base layer draws the open rows (open-rows.ts), not every cached incident: a year's cache is mostly
  // closed ones. The closed ones have their own layer over the whole buffer, made the first time the status
  // filter asks for them and kept (hidden) after. The red and overdue layers over the base one hold only
  // their small compact subsets (layer-data.ts).
  const open = statusOnly(state.filter, STATUS_CLASS_OPEN);
  const closed = statusOnly(state.filter, STATUS_CLASS_CLOSED);
  const buffer = inc.buffer;
  if (buffer && closed.visible) closedLayerKept.add(buffer);
  const base = () =>
    new IconLayer({
      id: 'incidents-base',
      data: inc.openPoints as never,
      iconAtlas: state.categoryAtlas as never,
      iconMapping: mapping,
      sizeUnits: 'pixels',
      getSize: SIZE.icon * s,
      getPosition: rowPositionOf as never,
      getColor: rowColorOf as never,
      getIcon: rowIconOf as never,
      opacity: fade,
      pickable: true,
      visible: open.visible,
      extensions: [INCIDENT_FILTER],
      getFilterValue: rowFilterValueOf as never,
      ...open.props,
      _dataDiff: openRowsDiff as never,
      updateTriggers: { getIcon: mappingKey },
    }) as Layer;
  const closedLayer = () =>
    new IconLayer({
      id: 'incidents-closed',
      data: points as never,
      iconAtlas: state.categoryAtlas as never,
      iconMapping: mapping,
      sizeUnits: 'pixels',
      getSize: SIZE.icon * s,
      getPosition: positionOf as never,
      getColor: colorOf('baseColors') as never,
      getIcon: iconOf as never,
      opacity: fade,
      pickable: true,
      visible: closed.visible,
      extensions: [INCIDENT_FILTER],
      getFilterValue: filterValueOf as never,
      ...closed.props,
      _dataDiff: dataDiff as never,
      updateTriggers: { getIcon: mappingKey },
    }) as Layer;
  const dots = drawsDots(state);
  const dotLayer = (id: string, data: unknown, radius: number, rows: boolean, visible: boolean, props: Partial<GpuFilterProps>, diff: unknown) =>
    new ScatterplotLayer({
      id,
      data: data as never,
      radiusUnits: 'pixels',
      getRadius: radius * s,
      stroked: true,
      lineWidthUnits: 'pixels',
      getLineWidth: 1.2 * s,
      getPosition: (rows ? rowPositionOf : positionOf) as never,
      getFillColor: (rows ? rowColorOf : colorOf('baseColors')) as never,
      getLineColor: (rows ? rowOutlineOf : slotOutlineOf) as never,
      opacity: fade,
      pickable: true,
      visible,
      extensions: [INCIDENT_FILTER],
      getFilterValue: (rows ? rowFilterValueOf : filterValueOf) as never,
      ...props,
      _dataDiff: diff as never,
    }) as Layer;
  if (fade > 0.02 && dots) {
    if (buffer && closedLayerKept.has(buffer)) layers.push(dotLayer('incidents-closed-dots', points, SIZE.dot, false, closed.visible, closed.props, dataDiff));
    if (inc.openPoints) layers.push(dotLayer('incidents-dots', inc.openPoints, SIZE.dot, true, open.visible, open.props, openRowsDiff));
  } else if (fade > 0.02) {
    if (inc.overdueSubset && inc.overdueSubset.length > 0) {
      layers.push(
        new ScatterplotLayer({
          id: 'incidents-overdue-ring',
          data: inc.overdueSubset.data as never,
          radiusUnits: 'pixels',
          getRadius: SIZE.ring * s,
          filled: false,
          stroked: true,
          lineWidthUnits: 'pixels',
          getLineWidth: 1.4 * s,
          opacity: fade,
          pickable: true,
          extensions: [INCIDENT_FILTER],
          ...filter,
        }) as Layer,
      );
    }
    if (state.categoryAtlas && buffer && closedLayerKept.has(buffer)) layers.push(closedLayer());
    if (state.categoryAtlas && inc.openPoints) layers.push(base());
  }
  if (dots && inc.redSubset && inc.redSubset.length > 0) {
    layers.push(
      new ScatterplotLayer({
        id: 'incidents-red-dots',
        data: redDotsData(inc.redSubset) as never,
        radiusUnits: 'pixels',
        getRadius: SIZE.redDot * s,
        stroked: true,
        lineWidthUnits: 'pixels',
        getLineWidth: 1 * s,
        getLineColor: [20, 6, 6, 200],
        pickable: true,
        extensions: [INCIDENT_FILTER],
        ...filter,
      }) as Layer,
    );
  } else if (state.categoryAtlas && inc.redSubset && inc.redSubset.length > 0) {
    layers.push(
      new IconLayer({
        id: 'incidents-red',
        data: inc.redSubset.data as never,
        iconAtlas: state.categoryAtlas as never,
        iconMapping: mapping,
        sizeUnits: 'pixels',
        getSize: SIZE.redIcon * s,
        pickable: true,
        extensions: [INCIDENT_FILTER],
        ...filter,
        updateTriggers: { getIcon: mappingKey },
      }) as Layer,
    );
  }
  const pulse = state.pulse;
  if (pulse && pulse.points.length > 0) {
    const phase = Math.min(1, Math.max(0, state.pulsePhase));
    layers.push(
      new ScatterplotLayer({
        id: 'incidents-pulse',
        data: pulse.points as never,
        radiusUnits: 'pixels',
        getRadius: SIZE.pulse * s,
        radiusScale: 1 + 2.4 * phase,
        filled: false,
        stroked: true,
        lineWidthUnits: 'pixels',
        getLineWidth: 2 * s,
        getLineColor: [...MAP_COLORS.pulse, 255],
        opacity: 0.9 * (1 - phase),
        updateTriggers: { getPosition: pulse.version },
      }) as Layer,
    );
  }
  return layers;
}

function incidentLegend(state: MapLayerState): LegendEntry[] {
  const names = state.incidents?.buffer?.categoryNames ?? [];
  const seen = new Set<number>();
  const entries: LegendEntry[] = [
    { key: 'sev-red', label: { key: 'legend.red' }, mark: { kind: 'dot', color: css(SEVERITY_RGB.red) } },
    { key: 'sev-yellow', label: { key: 'legend.yellow' }, mark: { kind: 'dot', color: css(SEVERITY_RGB.yellow) } },
    { key: 'sev-green', label: { key: 'legend.green' }, mark: { kind: 'dot', color: css(SEVERITY_RGB.green) } },
    { key: 'overdue', label: { key: 'legend.overdue' }, mark: { kind: 'ring', color: 'var(--text, #e2ecfa)' } },
    { key: 'new', label: { key: 'legend.new' }, mark: { kind: 'ring', color: '#ffffff', size: 1.4 } },
  ];
  // Dense: dots now, the icons when zoomed in.
  if (drawsDots(state)) entries.push({ key: 'dots', label: { key: 'map.legend.dots' }, mark: { kind: 'dot', color: 'rgb(201,214,232)', size: 0.5 } });
  // Closed ones are drawn (muted) only when the status filter lets them through.
  if (state.filter?.filterCategories[2].includes(STATUS_CLASS_CLOSED)) entries.push({ key: 'closed', label: { key: 'map.legend.closed' }, mark: { kind: 'dot', color: 'rgb(120,138,160)' } });
  for (const name of names) {
    const shape = shapeOfCategory(name);
    if (seen.has(shape)) continue;
    seen.add(shape);
    entries.push({ key: `cat-${shape}`, label: shape === OTHER_SHAPE ? { key: 'map.legend.otherCategory' } : { text: name }, mark: { kind: 'shape', path: CATEGORY_SHAPES[shape]!.path, color: '#c9d6e8' } });
  }
  return entries;
}

function arcLayers(state: MapLayerState): Layer[] {
  if (state.arcs.length === 0) return [];
  return [
    new ArcLayer<DispatchArc>({
      id: 'dispatch-arcs',
      data: state.arcs,
      getSourcePosition: (d) => d.source,
      getTargetPosition: (d) => d.target,
      getSourceColor: (d) => rgba(d.severity === 0 ? SEVERITY_RGB.red : ARC_FROM, d.severity === 0 ? 230 : 150),
      getTargetColor: rgba(ARC_TO, 90),
      getWidth: 1.1 * state.scale,
      widthUnits: 'pixels',
      getHeight: 0.5,
      greatCircle: false,
      pickable: true,
    }) as Layer,
  ];
}

function cameraLayers(state: MapLayerState): Layer[] {
  if (state.cameras.length === 0) return [];
  return [
    new ScatterplotLayer<CameraRow>({
      id: 'cameras',
      data: state.cameras,
      getPosition: (d) => [d.lon, d.lat],
      radiusUnits: 'pixels',
      getRadius: SIZE.camera * state.scale,
      getFillColor: (d) => rgba(CAMERA_RGB[d.status] ?? STATE_RGB.idle, d.status === 'online' ? 200 : 255),
      stroked: true,
      lineWidthUnits: 'pixels',
      getLineWidth: 1,
      getLineColor: [3, 8, 16, 200],
      pickable: true,
    }) as Layer,
  ];
}

function stationLayers(state: MapLayerState): Layer[] {
  if (state.stations.length === 0) return [];
  return [
    new ScatterplotLayer<StationRow>({
      id: 'stations',
      data: state.stations,
      getPosition: (d) => [d.lon, d.lat],
      radiusUnits: 'pixels',
      // Tier 1 (the district's own centre) is the largest, tier 5 the smallest.
      getRadius: (d) => (SIZE.station[d.tier] ?? 3.4) * state.scale,
      getFillColor: (d) => rgba(STATION_RGB, d.openNow ? 230 : 110),
      stroked: true,
      lineWidthUnits: 'pixels',
      getLineWidth: 1.2 * state.scale,
      getLineColor: [255, 255, 255, 200],
      pickable: true,
    }) as Layer,
  ];
}

function alertLayers(state: MapLayerState): Layer[] {
  const alerts = state.alerts;
  if (!alerts || !state.alertAtlas) return [];
  return [
    new IconLayer({
      id: 'alerts',
      data: alerts.points as never,
      iconAtlas: state.alertAtlas as never,
      iconMapping: ALERT_ICON_MAPPING,
      getIcon: () => 'diamond',
      sizeUnits: 'pixels',
      getSize: SIZE.alert * state.scale,
      pickable: true,
      updateTriggers: { getColor: alerts.version, getPosition: alerts.version },
    }) as Layer,
  ];
}

const TONE_RGB = { ok: STATE_RGB.ok, warn: STATE_RGB.warn, bad: STATE_RGB.bad, idle: STATE_RGB.idle } as const;

function subcentreLayers(state: MapLayerState): Layer[] {
  if (state.subcentres.length === 0) return [];
  return [
    new ScatterplotLayer<SubcentreMark>({
      id: 'subcentres',
      data: state.subcentres,
      getPosition: (d) => d.position,
      radiusUnits: 'pixels',
      getRadius: SIZE.subcentre * state.scale,
      // A hollow ring in the link colour: unlike the filled incident markers of the same three colours.
      getFillColor: [5, 12, 22, 235],
      stroked: true,
      lineWidthUnits: 'pixels',
      getLineWidth: 3 * state.scale,
      getLineColor: (d) => rgba(TONE_RGB[linkTone(d.state)], 255),
      pickable: true,
      updateTriggers: { getLineColor: state.subcentres.map((s) => s.state).join() },
    }) as Layer,
  ];
}

const NO_OFFSET: [number, number] = [0, 0];
let lastOffset: [number, number] = [0, 0];
function labelOffset(dy: number): [number, number] {
  if (lastOffset[1] !== dy) lastOffset = [0, dy];
  return lastOffset;
}

function labelLayers(state: MapLayerState): Layer[] {
  const s = state.scale;
  const layers: Layer[] = [];
  // With the sub-centre markers at the label points, the street names move just below them.
  const offset = state.enabled.has('subcentres') && state.subcentres.length > 0 ? labelOffset(17 * s) : NO_OFFSET;
  if (state.showCommunityLabels && state.communityLabels.length > 0) {
    layers.push(
      new TextLayer<MapLabel>({
        id: 'community-labels',
        data: state.communityLabels,
        getPosition: (d) => d.position,
        getText: (d) => d.text,
        getSize: 12.5 * s,
        getColor: [...MAP_COLORS.communityText, 230],
        fontWeight: 400,
        outlineWidth: 0.25,
        ...LABEL_FONT,
      }) as Layer,
    );
  }
  if (state.streetLabels.length > 0) {
    layers.push(
      new TextLayer<MapLabel>({
        id: 'street-labels',
        data: state.streetLabels,
        getPosition: (d) => d.position,
        getText: (d) => d.text,
        getSize: 17 * s,
        getPixelOffset: offset,
        getColor: [...MAP_COLORS.labelText, 255],
        fontWeight: 600,
        outlineWidth: 0.3,
        ...LABEL_FONT,
      }) as Layer,
    );
  }
  return layers;
}

export const MAP_LAYERS: readonly MapLayerDef[] = [
  { id: 'grids', title: 'map.layer.grids', defaultOn: true, legend: gridsLegend, build: gridsLayer },
  {
    id: 'heat',
    title: 'map.layer.heat',
    defaultOn: true,
    legend: () => [{ key: 'heat', label: { key: 'map.legend.heat' }, mark: { kind: 'heat', colors: HEAT_RANGE.map((c) => css(c)) } }],
    build: heatLayer,
  },
  { id: 'incidents', title: 'map.layer.incidents', defaultOn: true, legend: incidentLegend, build: incidentLayers },
  {
    id: 'arcs',
    title: 'map.layer.arcs',
    // Off by default: a busy shift has a hundred or more dispatched incidents, and the fan hides the map.
    defaultOn: false,
    legend: () => [{ key: 'arc', label: { key: 'map.legend.arc' }, mark: { kind: 'arc', from: css(ARC_FROM), to: css(ARC_TO) } }],
    build: arcLayers,
  },
  {
    id: 'cameras',
    title: 'map.layer.cameras',
    defaultOn: false,
    legend: () =>
      (['online', 'offline', 'fault'] as const).map((st) => ({ key: `camera-${st}`, label: { key: `cameraStatus.${st}` as MessageKey }, mark: { kind: 'dot', color: css(CAMERA_RGB[st]), size: 0.6 } })),
    build: cameraLayers,
  },
  {
    id: 'stations',
    title: 'map.layer.stations',
    defaultOn: false,
    legend: () => [1, 2, 3, 4, 5].map((tier) => ({ key: `station-${tier}`, label: { key: 'map.legend.tier', params: { tier } }, mark: { kind: 'dot', color: css(STATION_RGB), size: (SIZE.station[tier] ?? 3) / 5 } })),
    build: stationLayers,
  },
  { id: 'alerts', title: 'map.layer.alerts', defaultOn: true, legend: () => [{ key: 'alert', label: { key: 'legend.alert' }, mark: { kind: 'diamond', color: css(SEVERITY_RGB.yellow) } }], build: alertLayers },
  {
    id: 'subcentres',
    title: 'map.layer.subcentres',
    defaultOn: true,
    legend: () => (['ok', 'warn', 'bad'] as const).map((tone) => ({ key: `link-${tone}`, label: { key: `map.legend.link.${tone}` as MessageKey }, mark: { kind: 'hollow', color: css(TONE_RGB[tone]) } })),
    build: subcentreLayers,
  },
  { id: 'labels', title: 'map.layer.labels', defaultOn: true, legend: () => [], build: labelLayers },
];

/**
 * The carousel's layer stops (issue 4): each shows the district through one layer, with the few others
 * that give it a place (names, the sub-centres), instead of the wall's own choice of layers, which comes
 * back when the carousel moves on or someone touches the wall.
 */
export const LAYER_THEMES: ReadonlyArray<{ id: MapLayerId; layers: readonly MapLayerId[] }> = [
  { id: 'grids', layers: ['grids', 'subcentres', 'labels'] },
  { id: 'heat', layers: ['heat', 'incidents', 'labels'] },
  { id: 'incidents', layers: ['incidents', 'subcentres', 'labels'] },
  { id: 'arcs', layers: ['incidents', 'arcs', 'labels'] },
  { id: 'cameras', layers: ['cameras', 'alerts', 'labels'] },
  { id: 'stations', layers: ['stations', 'subcentres', 'labels'] },
];

export function defaultLayerIds(): Set<MapLayerId> {
  return new Set(MAP_LAYERS.filter((l) => l.defaultOn).map((l) => l.id));
}

/** Every deck.gl layer of the layers that are on, bottom first. */
export function computeMapLayers(state: MapLayerState): Layer[] {
  const out: Layer[] = [];
  for (const def of MAP_LAYERS) if (state.enabled.has(def.id)) out.push(...def.build(state));
  return out;
}

/** The legend: the entries of exactly the layers that are on, grouped by layer. */
export function legendGroups(state: MapLayerState): Array<{ id: MapLayerId; title: MessageKey; entries: LegendEntry[] }> {
  return MAP_LAYERS.filter((def) => state.enabled.has(def.id))
    .map((def) => ({ id: def.id, title: def.title, entries: def.legend(state) }))
    .filter((g) => g.entries.length > 0);
}

/** Reads the stored layer set back (unknown ids dropped). */
export function parseLayerIds(raw: unknown): Set<MapLayerId> | null {
  if (!Array.isArray(raw)) return null;
  return new Set(raw.filter((x): x is MapLayerId => (LAYER_IDS as readonly string[]).includes(x as string)));
}
