// The wall map's own state around the live data: which layers are on, the grid measure and the filter
// (kept in localStorage per wall: ?wall=<name>, "default" without), the extra data the layers need
// (cameras, stations, index scores, dispatched incidents, links: loaded here from the API, refreshed on
// change notices), the grid shading, and what the pointer is over. Returns plain values for WallMap.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Boundaries, CameraRow, ConsoleApi, EpochMs, GridRow, IncidentRow, LinkState, StationRow } from '../../src-shared/api.ts';
import type { GridIndexScore } from '../../src-shared/index-api.ts';
import { connectConsoleApi } from '../api/client.ts';
import { openAlertsAt } from './alert-buffer.ts';
import { departmentAnchor } from './anchors.ts';
import type { DispatchArc, LonLat, StreetAnchor, SubcentreMark } from './anchors.ts';
import { countPassing, DEFAULT_FILTER, deckFilterProps, parseFilter, slotFilter } from './filters.ts';
import type { DeckFilterProps, MapFilter } from './filters.ts';
import { featureLabelPoint, labelPoint, polygonsOf, ringArea } from './geometry.ts';
import { FLAG_OPEN, FLAG_RED } from './incident-buffer.ts';
import { buildGridPolygons, classBreaks, GRID_MEASURES, gridColors, gridMeasureValues } from './grid-choropleth.ts';
import type { GridMeasure } from './grid-choropleth.ts';
import type { AlertLayerData, IncidentLayerData } from './layer-data.ts';
import { defaultLayerIds, heatShare, parseLayerIds } from './layers/registry.ts';
import type { GridShading, MapLayerId } from './layers/registry.ts';

const ARC_LIMIT = 1500;
const EXTRA_REFRESH_MS = 5000;
const COUNT_INTERVAL_MS = 1000;

/** What the pointer is over. */
export type Picked =
  | { kind: 'incident'; id: string; slot: number }
  | { kind: 'alert'; id: string; slot: number; kindName: string; position: LonLat }
  | { kind: 'grid'; row: number }
  | { kind: 'camera'; camera: CameraRow }
  | { kind: 'station'; station: StationRow }
  | { kind: 'subcentre'; mark: SubcentreMark }
  | { kind: 'arc'; arc: DispatchArc };

export interface Hover {
  picked: Picked;
  x: number;
  y: number;
}

/** The part of deck.gl's PickingInfo read here. */
export interface PickInfo {
  layer?: { id: string } | null;
  index: number;
  object?: unknown;
  x: number;
  y: number;
}

/** The map's panels that fold to their titles (the legend, the layer list). */
export type FoldingPanel = 'legend' | 'layers';

interface Stored {
  layers: MapLayerId[];
  measure: GridMeasure;
  filter: MapFilter;
  /** The panels folded on this wall. */
  folded: FoldingPanel[];
}

export function wallStorageKey(search: string): string {
  const wall = new URLSearchParams(search).get('wall') ?? 'default';
  return `superbrain.map.${wall.slice(0, 40)}`;
}

function storage(): Storage | null {
  try {
    return typeof window !== 'undefined' ? window.localStorage : null;
  } catch {
    return null;
  }
}

function loadStored(key: string): { layers: Set<MapLayerId>; measure: GridMeasure; filter: MapFilter; folded: Set<FoldingPanel> } {
  try {
    const raw = JSON.parse(storage()?.getItem(key) ?? 'null') as Partial<Stored> | null;
    return {
      layers: parseLayerIds(raw?.layers) ?? defaultLayerIds(),
      measure: GRID_MEASURES.includes(raw?.measure as GridMeasure) ? (raw!.measure as GridMeasure) : 'open',
      filter: parseFilter(raw?.filter ?? DEFAULT_FILTER),
      folded: new Set(Array.isArray(raw?.folded) ? raw.folded.filter((p): p is FoldingPanel => p === 'legend' || p === 'layers') : []),
    };
  } catch {
    return { layers: defaultLayerIds(), measure: 'open', filter: { ...DEFAULT_FILTER }, folded: new Set() };
  }
}

const INCIDENT_LAYER_IDS = new Set(['incidents-base', 'incidents-dots', 'incidents-closed', 'incidents-closed-dots', 'incidents-red', 'incidents-red-dots', 'incidents-overdue-ring']);

/** Resolves a deck.gl pick into what it points at (binary layers give an index, object layers the object). */
export function resolvePick(info: PickInfo, incidents: IncidentLayerData | null, alerts: AlertLayerData | null, grid: GridShading | null): Picked | null {
  const id = info.layer?.id;
  if (!id || info.index < 0) return null;
  if (INCIDENT_LAYER_IDS.has(id)) {
    // The closed layers index buffer slots; the base layer (icons or dots) the open rows, the red and
    // overdue layers their compact subsets.
    const subset = id === 'incidents-red' || id === 'incidents-red-dots' ? incidents?.redSubset : id === 'incidents-overdue-ring' ? incidents?.overdueSubset : null;
    const row = id === 'incidents-base' || id === 'incidents-dots' ? (incidents?.buffer?.openRows.slotOfRow[info.index] ?? -1) : info.index;
    const slot = subset ? subset.slots[info.index] : row >= 0 ? row : undefined;
    const incidentId = slot === undefined ? undefined : incidents?.buffer?.ids[slot];
    return incidentId && slot !== undefined ? { kind: 'incident', id: incidentId, slot } : null;
  }
  if (id === 'alerts') {
    const buf = alerts?.buffer;
    const alertId = buf?.ids[info.index];
    if (!buf || !alertId) return null;
    return { kind: 'alert', id: alertId, slot: info.index, kindName: buf.kinds[info.index] ?? '', position: [buf.positions[info.index * 2]!, buf.positions[info.index * 2 + 1]!] };
  }
  if (id === 'grid-shading') {
    const row = grid?.polygons.gridOfPolygon[info.index];
    return row === undefined ? null : { kind: 'grid', row };
  }
  if (id === 'cameras' && info.object) return { kind: 'camera', camera: info.object as CameraRow };
  if (id === 'stations' && info.object) return { kind: 'station', station: info.object as StationRow };
  if (id === 'subcentres' && info.object) return { kind: 'subcentre', mark: info.object as SubcentreMark };
  if (id === 'dispatch-arcs' && info.object) return { kind: 'arc', arc: info.object as DispatchArc };
  return null;
}

/** The address of another view of this console in a new window, keeping the token (and the language). */
export function viewHref(href: string, view: string, params: Record<string, string>): string {
  const url = new URL(href);
  const keep = new URLSearchParams();
  for (const k of ['token', 'lang']) {
    const v = url.searchParams.get(k);
    if (v !== null) keep.set(k, v);
  }
  keep.set('view', view);
  for (const [k, v] of Object.entries(params)) keep.set(k, v);
  url.search = keep.toString();
  return url.toString();
}

export function streetAnchors(boundaries: Boundaries | null): StreetAnchor[] {
  const out: StreetAnchor[] = [];
  for (const s of boundaries?.streets ?? []) {
    const p = featureLabelPoint(s.geometry);
    if (p) out.push({ id: s.properties.id, name: s.properties.name, position: p });
  }
  return out;
}

export function dispatchArcs(rows: readonly IncidentRow[], seat: LonLat | null, streets: readonly StreetAnchor[]): DispatchArc[] {
  if (!seat) return [];
  const arcs: DispatchArc[] = [];
  for (const r of rows) {
    if (!r.department || !Number.isFinite(r.lon) || !Number.isFinite(r.lat)) continue;
    if (r.status !== 'dispatched' && r.status !== 'handling') continue;
    arcs.push({ incidentId: r.incidentId, department: r.department, source: [r.lon, r.lat], target: departmentAnchor(r.department, seat, streets).position, severity: ['red', 'yellow', 'green'].indexOf(r.severity) });
  }
  return arcs;
}

export interface MapController {
  /** The layers drawn: the wall's own choice, or the carousel's layer stop while it shows one. */
  enabled: ReadonlySet<MapLayerId>;
  toggleLayer(id: MapLayerId): void;
  measure: GridMeasure;
  setMeasure(m: GridMeasure): void;
  filter: MapFilter;
  setFilter(f: MapFilter): void;
  /** The panels folded to their titles on this wall (stored with the layers and the filter). */
  folded: ReadonlySet<FoldingPanel>;
  toggleFold(panel: FoldingPanel): void;
  filterProps: DeckFilterProps | null;
  /** Incidents passing the filter (a CPU count, at most once a second). */
  passing: number;
  grid: GridShading | null;
  scores: readonly GridIndexScore[];
  cameras: readonly CameraRow[];
  stations: readonly StationRow[];
  subcentres: readonly SubcentreMark[];
  links: readonly LinkState[];
  arcs: readonly DispatchArc[];
  hover: Hover | null;
  /** A card pinned by a click (stations, cameras, sub-centres: their detail is the card), until closed. */
  pinned: Hover | null;
  unpin(): void;
  /** Open video alerts at a camera (its card). */
  alertsAtCamera(camera: CameraRow): number;
  onHover(info: PickInfo): void;
  onClick(info: PickInfo): void;
  api: ConsoleApi | null;
}

export function useMapController(props: {
  boundaries: Boundaries | null;
  grids: readonly GridRow[];
  incidents: IncidentLayerData | null;
  alerts: AlertLayerData | null;
  /** The carousel's layer stop: these layers instead of the wall's own choice, which is kept (and stored) meanwhile. */
  view?: ReadonlySet<MapLayerId> | null;
  /** The time window's end (host time in 10-s steps); null = this machine's clock. */
  filterNow?: EpochMs | null;
}): MapController {
  const key = useMemo(() => wallStorageKey(typeof location !== 'undefined' ? location.search : ''), []);
  const initial = useMemo(() => loadStored(key), [key]);
  const [enabled, setEnabled] = useState<ReadonlySet<MapLayerId>>(initial.layers);
  const [measure, setMeasure] = useState<GridMeasure>(initial.measure);
  const [filter, setFilter] = useState<MapFilter>(initial.filter);
  const [folded, setFolded] = useState<ReadonlySet<FoldingPanel>>(initial.folded);
  const toggleFold = useCallback((panel: FoldingPanel) => {
    setFolded((was) => {
      const next = new Set(was);
      if (!next.delete(panel)) next.add(panel);
      return next;
    });
  }, []);
  const [api, setApi] = useState<ConsoleApi | null>(null);
  const [cameras, setCameras] = useState<CameraRow[]>([]);
  const [stations, setStations] = useState<StationRow[]>([]);
  const [scores, setScores] = useState<GridIndexScore[]>([]);
  const [links, setLinks] = useState<LinkState[]>([]);
  const [dispatched, setDispatched] = useState<IncidentRow[]>([]);
  const [hover, setHover] = useState<Hover | null>(null);
  const [pinned, setPinned] = useState<Hover | null>(null);
  const unpin = useCallback(() => setPinned(null), []);
  const alertsAtCamera = useCallback((camera: CameraRow) => openAlertsAt(pickRef.current.alerts?.buffer, camera.lon, camera.lat), []);
  useEffect(() => {
    if (!pinned) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setPinned(null);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [pinned]);
  const [countTick, setCountTick] = useState(0);
  const [nowBucket, setNowBucket] = useState(() => Math.floor(Date.now() / 10_000));

  useEffect(() => {
    storage()?.setItem(key, JSON.stringify({ layers: [...enabled], measure, filter, folded: [...folded] } satisfies Stored));
  }, [key, enabled, measure, filter, folded]);

  // The extra data, loaded once and refreshed (throttled) when a notice says it changed.
  useEffect(() => {
    let disposed = false;
    let sub: { dispose(): void } | null = null;
    const timers = new Map<string, ReturnType<typeof setTimeout>>();
    const later = (name: string, fn: () => Promise<unknown>) => {
      if (timers.has(name)) return;
      timers.set(
        name,
        setTimeout(() => {
          timers.delete(name);
          if (!disposed) fn().catch((err: unknown) => console.warn(`[superbrain] map ${name}:`, err));
        }, EXTRA_REFRESH_MS),
      );
    };
    connectConsoleApi().then(
      (a) => {
        if (disposed) return;
        setApi(a);
        const keep = <T,>(set: (v: T) => void) => (v: T) => {
          if (!disposed) set(v);
        };
        const cams = () => a.listCameras().then(keep(setCameras));
        const sts = () => a.listStations().then(keep(setStations));
        const idx = () => a.getGridIndexScores().then((r) => keep(setScores)(r.grids));
        const arcs = () => a.listIncidents({ status: ['dispatched', 'handling'], orderBy: 'updatedAt', desc: true, limit: ARC_LIMIT }).then(keep(setDispatched));
        const lnk = () => a.getLinks().then(keep(setLinks));
        for (const [name, fn] of [['cameras', cams], ['stations', sts], ['index', idx], ['arcs', arcs], ['links', lnk]] as const) fn().catch((err: unknown) => console.warn(`[superbrain] map ${name}:`, err));
        sub = a.onChanges((n) => {
          if (Array.isArray(n.links)) keep(setLinks)(n.links);
          const kinds = Array.isArray(n.kinds) ? n.kinds : [];
          if (kinds.includes('camera')) later('cameras', cams);
          if (kinds.includes('station')) later('stations', sts);
          if (kinds.includes('indicator') || kinds.includes('grid') || kinds.includes('org')) later('index', idx);
          if (kinds.includes('incident')) later('arcs', arcs);
        });
      },
      (err: unknown) => console.warn('[superbrain] map: no API', err),
    );
    return () => {
      disposed = true;
      sub?.dispose();
      for (const t of timers.values()) clearTimeout(t);
    };
  }, []);

  useEffect(() => {
    const t = setInterval(() => setNowBucket(Math.floor(Date.now() / 10_000)), 10_000);
    return () => clearInterval(t);
  }, []);

  // Counts (grid measures, the filter's CPU count) follow the incidents at most once a second.
  const version = props.incidents?.version ?? 0;
  const lastCount = useRef(0);
  useEffect(() => {
    const wait = Math.max(0, lastCount.current + COUNT_INTERVAL_MS - Date.now());
    const t = setTimeout(() => {
      lastCount.current = Date.now();
      setCountTick((n) => n + 1);
    }, wait);
    return () => clearTimeout(t);
  }, [version]);

  const buffer = props.incidents?.buffer ?? null;
  const categoryCount = buffer?.categoryNames.length ?? 0;
  const streetCount = buffer?.streetIds.length ?? 0;
  const windowEnd = props.filterNow ?? nowBucket * 10_000;
  const filterProps = useMemo(() => (buffer ? deckFilterProps(filter, buffer, windowEnd) : null), [buffer, filter, windowEnd, categoryCount, streetCount]);
  const passing = useMemo(() => (buffer && filterProps ? countPassing(buffer, filterProps) : 0), [buffer, filterProps, countTick]);

  const polygons = useMemo(() => buildGridPolygons(props.grids), [props.grids]);
  const gridVersion = useRef(0);
  const grid = useMemo<GridShading | null>(() => {
    if (polygons.length === 0) return null;
    // The counts follow the filter bar (time, category, severity, street), so the shading agrees with the points.
    const passes = buffer && filterProps ? slotFilter(buffer, filterProps, true) : undefined;
    const values = gridMeasureValues(measure, polygons.grids, polygons.rowOfGrid, buffer, scores, passes);
    const breaks = classBreaks(measure, values);
    return { polygons, measure, values, breaks, colors: gridColors(measure, values, breaks), version: ++gridVersion.current };
  }, [polygons, measure, buffer, scores, measure === 'index' ? 0 : countTick, measure === 'index' ? null : filterProps]);

  const anchors = useMemo(() => streetAnchors(props.boundaries), [props.boundaries]);
  const seat = useMemo<LonLat | null>(() => (props.boundaries ? featureLabelPoint(props.boundaries.district.geometry) : null), [props.boundaries]);
  const arcs = useMemo(() => dispatchArcs(dispatched, seat, anchors), [dispatched, seat, anchors]);
  const subcentres = useMemo<SubcentreMark[]>(
    () => anchors.map((a) => ({ subcentreId: a.id, name: a.name, position: a.position, state: links.find((l) => l.subcentreId === a.id)?.state ?? 'unknown' })),
    [anchors, links],
  );

  const pickRef = useRef({ incidents: props.incidents, alerts: props.alerts, grid });
  pickRef.current = { incidents: props.incidents, alerts: props.alerts, grid };
  const onHover = useCallback((info: PickInfo) => {
    const { incidents, alerts, grid: g } = pickRef.current;
    const picked = resolvePick(info, incidents, alerts, g);
    setHover((prev) => {
      if (!picked) return prev === null ? prev : null;
      return { picked, x: info.x, y: info.y };
    });
  }, []);
  const onClick = useCallback((info: PickInfo) => {
    const { incidents, alerts, grid: g } = pickRef.current;
    const picked = resolvePick(info, incidents, alerts, g);
    if (!picked) {
      setPinned(null); // a click on the bare map puts the pinned card away
      return;
    }
    if (picked.kind === 'station' || picked.kind === 'camera' || picked.kind === 'subcentre') {
      setPinned({ picked, x: info.x, y: info.y });
      return;
    }
    let href: string | null = null;
    if (picked.kind === 'incident') href = viewHref(location.href, 'operator', { incident: picked.id });
    else if (picked.kind === 'alert') href = viewHref(location.href, 'operator', { alert: picked.id });
    else if (picked.kind === 'arc') href = viewHref(location.href, 'operator', { incident: picked.arc.incidentId });
    else if (picked.kind === 'grid') {
      const row = g?.polygons.grids[picked.row];
      if (row) href = viewHref(location.href, 'index', { grid: row.gridId });
    }
    if (href) window.open(href, '_blank', 'noopener');
  }, []);

  const toggleLayer = useCallback((id: MapLayerId) => {
    setEnabled((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
    setHover(null);
  }, []);

  return { enabled: props.view ?? enabled, toggleLayer, measure, setMeasure, filter, setFilter, folded, toggleFold, filterProps, passing, grid, scores, cameras, stations, subcentres, links, arcs, hover, pinned, unpin, alertsAtCamera, onHover, onClick, api };
}

/** What the e2e tests and the map bench read (window.__superbrainMap). */
export interface MapProbe {
  layers: string[];
  /** The deck.gl layer ids drawn last. */
  deckLayers: string[];
  passing: number;
  measure: GridMeasure;
  filter: MapFilter;
  gridPolygons: number;
  arcs: number;
  cameras: number;
  stations: number;
  subcentres: number;
  hover: string | null;
  heat: boolean;
  /** Screen position (CSS pixels, relative to the map) of a place. */
  project?: (lon: number, lat: number) => [number, number];
  /** Zooms the map by `levels` at once (tests and the bench). */
  zoomBy?: (levels: number) => void;
  /** Pans the map by CSS pixels at once (the bench). */
  panBy?: (dx: number, dy: number) => void;
  /** Incident slots in the buffer (loaded so far). */
  loaded: number;
  /** An open red incident (drawn on top at every zoom), for hover tests: the `skip`-th newest. */
  sampleIncident(skip?: number): { id: string; lon: number; lat: number } | null;
  /** An open video alert, for hover tests: the `skip`-th newest. */
  sampleAlert(skip?: number): { id: string; lon: number; lat: number } | null;
  /** The `skip`-th service station, for click tests. */
  sampleStation(skip?: number): { id: string; lon: number; lat: number } | null;
  /** A point well inside the largest grid, for click tests. */
  sampleGrid(): { gridId: string; lon: number; lat: number } | null;
}
declare global {
  interface Window {
    __superbrainMap?: MapProbe;
  }
}

export function publishMapProbe(state: import('./layers/registry.ts').MapLayerState, ctl: MapController, deckLayers: string[] = [], project?: (lon: number, lat: number) => [number, number], zoomBy?: (levels: number) => void, panBy?: (dx: number, dy: number) => void): void {
  if (typeof window === 'undefined') return;
  window.__superbrainMap = {
    project,
    zoomBy,
    panBy,
    loaded: state.incidents?.buffer?.length ?? 0,
    sampleIncident: (skip = 0) => {
      const buf = state.incidents?.buffer;
      if (!buf) return null;
      for (let slot = buf.length - 1; slot >= 0; slot--) {
        if ((buf.flags[slot]! & (FLAG_OPEN | FLAG_RED)) === (FLAG_OPEN | FLAG_RED) && skip-- === 0) return { id: buf.ids[slot]!, lon: buf.positions[slot * 2]!, lat: buf.positions[slot * 2 + 1]! };
      }
      return null;
    },
    sampleAlert: (skip = 0) => {
      const buf = state.alerts?.buffer;
      if (!buf) return null;
      for (let slot = buf.length - 1; slot >= 0; slot--) {
        if (buf.open[slot] === 1 && skip-- === 0) return { id: buf.ids[slot]!, lon: buf.positions[slot * 2]!, lat: buf.positions[slot * 2 + 1]! };
      }
      return null;
    },
    sampleStation: (skip = 0) => {
      const st = state.stations[skip];
      return st ? { id: st.stationId, lon: st.lon, lat: st.lat } : null;
    },
    sampleGrid: () => {
      const grids = state.grid?.polygons.grids ?? [];
      let best: { gridId: string; lon: number; lat: number } | null = null;
      let area = 0;
      for (const g of grids) {
        for (const poly of polygonsOf(g.polygon)) {
          const a = ringArea(poly[0]!);
          if (a <= area) continue;
          const p = labelPoint(poly);
          if (!p) continue;
          area = a;
          best = { gridId: g.gridId, lon: p[0], lat: p[1] };
        }
      }
      return best;
    },
    layers: [...state.enabled],
    deckLayers,
    passing: ctl.passing,
    measure: ctl.measure,
    filter: ctl.filter,
    gridPolygons: state.grid?.polygons.length ?? 0,
    arcs: state.arcs.length,
    cameras: state.cameras.length,
    stations: state.stations.length,
    subcentres: state.subcentres.length,
    hover: ctl.hover?.picked.kind ?? null,
    heat: heatShare(state) > 0,
  };
}
