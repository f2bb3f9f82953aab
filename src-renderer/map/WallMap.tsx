// The map: maplibre draws the offline basemap (district, streets, communities, grids), deck.gl draws the
// live points and the names on top. Layers are recomputed from props (computeMapLayers over the layer
// registry in layers/registry.ts), never kept.
import { MapboxOverlay } from '@deck.gl/mapbox';
import type { Layer } from '@deck.gl/core'; // issue 4: the wall's overlay layers
import { Map as MaplibreMap, setWorkerUrl } from 'maplibre-gl';
import maplibreWorkerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { memo, useEffect, useMemo, useRef, useState } from 'react';
import type { Boundaries, EpochMs, GridRow } from '../../src-shared/api.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { useTypeScale } from '../theme/use-type-scale.ts';
import type { HostConnection } from '../wall/live-wall.ts';
import { createAlertAtlas } from './alert-atlas.ts';
import { buildBasemapStyle, gridCollection, tileProblem } from './basemap-style.ts';
import { registerTileProtocol, useTileSource } from './tile-source.ts'; // issue 4: tile sources
import { boundaryLabels } from './labels.ts';
import type { AlertLayerData, IncidentLayerData, PulseLayerData } from './layer-data.ts';
import { createCategoryAtlas } from './category-icons.ts'; // issue 4: layers, filters, picking
import { computeMapLayers } from './layers/registry.ts';
import type { MapLayerId, MapLayerState } from './layers/registry.ts';
import { MapControls } from './MapControls.tsx';
import { publishMapProbe, useMapController } from './use-map-controller.ts';

setWorkerUrl(maplibreWorkerUrl);
registerTileProtocol();

/** What the e2e tests and the frame-time bench read. */
interface WallProbe {
  incidents: number;
  alerts: number;
  frames: number;
  /** How many times a maplibre map was made, and removed (a wall makes one and keeps it). */
  mapsMade?: number;
  mapsRemoved?: number;
}
declare global {
  interface Window {
    __superbrainWall?: WallProbe;
  }
}
function probe(): WallProbe {
  window.__superbrainWall ??= { incidents: 0, alerts: 0, frames: 0 };
  return window.__superbrainWall;
}

const PULSE_PERIOD_MS = 1600;
const MIN_PULSE_FRAME_MS = 1000 / 60 - 2;
/** Community names appear once the map is zoomed in this far past the fitted view. */
const COMMUNITY_LABEL_ZOOM = 0.8;

export interface WallMapProps {
  boundaries: Boundaries | null;
  grids: readonly GridRow[];
  incidents: IncidentLayerData | null;
  alerts: AlertLayerData | null;
  pulse: PulseLayerData | null;
  connection: HostConnection;
  lastDataAt: EpochMs | null;
  /** The last failure reported by the live state, shown while the map cannot be drawn. */
  error: string | null;
  /** issue 4: deck.gl layers the wall draws on top of the map's own (the alarm flash). */
  overlayLayers?: Layer[];
  /** issue 4: where the camera flies (the carousel); null or absent = the whole district. */
  focus?: { bbox: [number, number, number, number] } | null;
  /** issue 4: the carousel's layer stop (these layers instead of the wall's own choice); null or absent = the wall's. */
  layerView?: readonly MapLayerId[] | null;
  /**
   * The end of the filter's time window: the host's clock (the demo's, the replay's cursor) in 10-s steps;
   * absent = this machine's clock.
   */
  filterNow?: EpochMs | null;
}

function fitPadding(scale: number) {
  const base = Math.round(20 * scale);
  return { top: base, bottom: base, left: base, right: base };
}

export const WallMap = memo(function WallMap(props: WallMapProps) {
  const i18n = useI18n();
  const scale = useTypeScale();
  const containerRef = useRef<HTMLDivElement | null>(null);
  const mapRef = useRef<MaplibreMap | null>(null);
  const overlayRef = useRef<MapboxOverlay | null>(null);
  const layerStateRef = useRef<MapLayerState | null>(null);
  const fitZoomRef = useRef(0);
  const renderStartRef = useRef(0);
  const renderCostRef = useRef(0);
  const [loaded, setLoaded] = useState(false);
  const [zoomedIn, setZoomedIn] = useState(false);
  const [mapError, setMapError] = useState<string | null>(null);
  const { boundaries } = props;
  const scaleRef = useRef(scale);
  scaleRef.current = scale;
  const overlayLayersRef = useRef<Layer[]>([]); // issue 4
  overlayLayersRef.current = props.overlayLayers ?? [];
  const focusBbox = props.focus?.bbox ?? null; // issue 4
  const focusRef = useRef(focusBbox);
  focusRef.current = focusBbox;

  const streetLabels = useMemo(() => (boundaries ? boundaryLabels(boundaries.streets) : []), [boundaries]);
  const communityLabels = useMemo(() => (boundaries ? boundaryLabels(boundaries.communities) : []), [boundaries]);
  const alertAtlas = useMemo(() => createAlertAtlas(), []);
  const categoryAtlas = useMemo(() => createCategoryAtlas(), []);
  const layerView = props.layerView ?? null;
  const view = useMemo(() => (layerView ? new Set(layerView) : null), [layerView]);
  const ctl = useMapController({ boundaries, grids: props.grids, incidents: props.incidents, alerts: props.alerts, view, filterNow: props.filterNow ?? null }); // issue 4
  const pickRef = useRef(ctl);
  pickRef.current = ctl;
  const [zoom, setZoom] = useState(0);
  const gridData = useMemo(() => gridCollection(props.grids), [props.grids]);
  const tileSource = useTileSource();
  const [tilesLoaded, setTilesLoaded] = useState(false);
  const tileSourceRef = useRef<typeof tileSource | undefined>(undefined);

  // The map is made once the boundaries are known and lives as long as the component.
  useEffect(() => {
    const container = containerRef.current;
    if (!boundaries || !container || mapRef.current) return;
    let map: MaplibreMap;
    try {
      map = new MaplibreMap({
        container,
        style: buildBasemapStyle(boundaries, scale),
        bounds: boundaries.bbox,
        fitBoundsOptions: { padding: fitPadding(scale) },
        attributionControl: false,
        maplibreLogo: false,
        dragRotate: false,
        pitchWithRotate: false,
        touchPitch: false,
        maxPitch: 0,
        renderWorldCopies: false,
        fadeDuration: 0,
      });
    } catch (err) {
      setMapError((err as Error).message);
      return;
    }
    const overlay = new MapboxOverlay({
      interleaved: false,
      layers: [],
      onBeforeRender: () => {
        renderStartRef.current = performance.now();
      },
      onAfterRender: () => {
        probe().frames++;
        renderCostRef.current = performance.now() - renderStartRef.current;
      },
      // issue 4: hover cards and click-through to the details
      onHover: (info) => {
        pickRef.current.onHover(info);
        map.getCanvas().style.cursor = info.layer?.props.pickable && info.index >= 0 ? 'pointer' : '';
      },
      onClick: (info) => pickRef.current.onClick(info),
    });
    map.addControl(overlay);
    probe().mapsMade = (probe().mapsMade ?? 0) + 1;
    mapRef.current = map;
    overlayRef.current = overlay;
    fitZoomRef.current = map.getZoom();
    map.on('load', () => {
      fitZoomRef.current = map.getZoom();
      setLoaded(true);
    });
    map.on('zoomend', () => setZoomedIn(map.getZoom() >= fitZoomRef.current + COMMUNITY_LABEL_ZOOM));
    map.on('zoom', () => setZoom(Math.round(map.getZoom() * 20) / 20)); // issue 4: the heat gives way to points
    map.on('error', (e) => console.warn('[superbrain] map:', e.error?.message ?? e));
    map.on('sourcedata', (e) => {
      if (e.sourceId === 'basemap-tiles' && e.isSourceLoaded) setTilesLoaded(true);
    });
    // A style diff that leaves the tile source as it was fires no 'sourcedata' for it: settle on 'idle' too.
    map.on('idle', () => {
      if (map.getSource('basemap-tiles') && map.isSourceLoaded('basemap-tiles')) setTilesLoaded(true);
    });
    // A wall does not pan by itself: when the screen changes size, show the whole district again.
    const observer = new ResizeObserver(() => {
      map.resize();
      const camera = map.cameraForBounds(focusRef.current ?? boundaries.bbox, { padding: fitPadding(scaleRef.current) });
      if (camera) {
        map.jumpTo(camera);
        fitZoomRef.current = map.getZoom();
      }
    });
    observer.observe(container);
    return () => {
      observer.disconnect();
      map.removeControl(overlay);
      overlay.finalize();
      map.remove();
      probe().mapsRemoved = (probe().mapsRemoved ?? 0) + 1;
      mapRef.current = null;
      overlayRef.current = null;
      tileSourceRef.current = undefined; // a new map loads its tiles afresh
      setTilesLoaded(false);
      setLoaded(false);
    };
    // The scale is applied by the effect below (setStyle); the map is not rebuilt for it.
  }, [boundaries]);

  // Line weights follow the type scale; grids arrive after the first snapshot.
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !boundaries || !loaded) return;
    // Only a different tile source has tiles still to load; new grids or a new scale leave them in place.
    if (tileSourceRef.current !== tileSource) setTilesLoaded(false);
    tileSourceRef.current = tileSource;
    map.setStyle(buildBasemapStyle(boundaries, scale, gridData, tileSource), { diff: true });
  }, [boundaries, scale, gridData, loaded, tileSource]);
  const tileState = !tileSource || tileSource.kind === 'none' ? 'none' : tileProblem(tileSource) ? 'error' : tilesLoaded ? 'loaded' : 'loading';

  const layerState: MapLayerState = {
    scale,
    zoom: mapRef.current?.getZoom() ?? zoom,
    fitZoom: fitZoomRef.current,
    enabled: ctl.enabled,
    incidents: props.incidents,
    filter: ctl.filterProps,
    alerts: props.alerts,
    alertAtlas,
    categoryAtlas,
    pulse: props.pulse,
    pulsePhase: 0,
    grid: ctl.grid,
    cameras: ctl.cameras,
    stations: ctl.stations,
    subcentres: ctl.subcentres,
    arcs: ctl.arcs,
    streetLabels,
    communityLabels,
    showCommunityLabels: zoomedIn,
  };
  layerStateRef.current = layerState;

  useEffect(() => {
    const mapLayers = computeMapLayers(layerState);
    overlayRef.current?.setProps({ layers: [...mapLayers, ...overlayLayersRef.current] });
    const p = probe();
    p.incidents = props.incidents?.drawn ?? 0;
    p.alerts = props.alerts?.drawn ?? 0;
    const map = mapRef.current;
    publishMapProbe(layerState, ctl, mapLayers.map((l) => l.id), map ? (lon, lat) => { const p = map.project([lon, lat]); return [p.x, p.y]; } : undefined, map ? (levels) => map.jumpTo({ zoom: map.getZoom() + levels }) : undefined, map ? (dx, dy) => map.panBy([dx, dy], { animate: false }) : undefined);
  });

  // issue 4: the carousel's camera — a street's outline, or the whole district again.
  const focusKey = focusBbox ? focusBbox.join(',') : '';
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !boundaries || !loaded) return;
    map.fitBounds(focusRef.current ?? boundaries.bbox, { padding: fitPadding(scaleRef.current), duration: 1200 });
  }, [focusKey, boundaries, loaded]);

  // The pulse of new incidents: only that small layer changes from frame to frame.
  const pulsing = (props.pulse?.points.length ?? 0) > 0 && loaded;
  useEffect(() => {
    if (!pulsing) return;
    let frame = 0;
    let last = -Infinity;
    const step = (t: number) => {
      // A slow renderer (software GL) gets fewer pulse frames, so the pulse never eats the machine.
      const interval = Math.max(MIN_PULSE_FRAME_MS, renderCostRef.current * 4);
      const state = layerStateRef.current;
      if (state && t - last >= interval) {
        last = t;
        overlayRef.current?.setProps({ layers: [...computeMapLayers({ ...state, pulsePhase: (t % PULSE_PERIOD_MS) / PULSE_PERIOD_MS }), ...overlayLayersRef.current] });
      }
      frame = requestAnimationFrame(step);
    };
    frame = requestAnimationFrame(step);
    return () => cancelAnimationFrame(frame);
  }, [pulsing]);

  const streetOptions = useMemo(() => (boundaries?.streets ?? []).map((s) => ({ id: s.properties.id, name: s.properties.name })), [boundaries]); // issue 4
  const drawn = props.incidents?.drawn ?? 0;
  const hostLost = props.connection === 'disconnected';
  return (
    <div className="map-frame">
      <div
        ref={containerRef}
        className="map-canvas"
        data-testid="wall-map"
        data-boundaries={loaded ? 'loaded' : 'loading'}
        data-incidents-drawn={drawn}
        data-alerts-drawn={props.alerts?.drawn ?? 0}
        /* issue 9: imports replace the grids (the e2e test reads this) */
        data-grids-drawn={props.grids.length}
        data-layers={[...ctl.enabled].join(' ')}
        data-incidents-passing={ctl.passing}
        data-basemap-tiles={tileState}
      />
      {!boundaries || !loaded ? <div className="map-status">{mapError ?? (!boundaries && props.error ? props.error : i18n.t('map.loading'))}</div> : null}
      {hostLost ? (
        <div className="host-lost" role="alert" data-testid="host-lost">
          {i18n.t('host.lostBanner', { time: props.lastDataAt ? i18n.formatTime(props.lastDataAt) : '--:--:--' })}
        </div>
      ) : null}
      {boundaries && loaded ? <MapControls ctl={ctl} state={layerState} now={(props.lastDataAt ?? Date.now()) as EpochMs} streets={streetOptions} /> /* issue 4 */ : null}
      {boundaries ? (
        <div className="map-note" data-testid="boundary-note">
          {/approximate|demo|示意|演示/i.test(boundaries.source) ? i18n.t('map.approximate') : i18n.t('map.source', { source: boundaries.source })}
          {tileState === 'error' ? <span className="map-note-problem" data-testid="tile-problem"> · {i18n.t('map.tilesUnavailable', { reason: tileProblem(tileSource) ?? '' })}</span> : null}
          {tileState !== 'none' && tileState !== 'error' && tileSource?.attribution ? <span> · {tileSource.attribution}</span> : null}
        </div>
      ) : null}
    </div>
  );
});
