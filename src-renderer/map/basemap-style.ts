// The offline basemap as a maplibre style built in code: a background and GeoJSON sources — no glyphs,
// no sprite, so the map makes no network request. Names are drawn by deck.gl (offline, in Chinese).
// Optionally a deployment's tile source (issue 4) lies under the district: raster tiles dimmed to the
// wall's dark theme, or vector tiles (OpenMapTiles or Protomaps layer names) in a built-in dark style
// without their text (the wall names streets and communities itself). Tiles come through the
// sbtiles:// protocol (tile-source.ts), never from the network.
import type { MapOptions } from 'maplibre-gl';
import type { Boundaries, BoundaryFeature, GridRow } from '../../src-shared/api.ts';
import type { TileSourceInfo } from '../../src-shared/tiles.ts';
import { MAP_COLORS } from '../theme/tokens.ts';
import { outsideMask, polygonsOf } from './geometry.ts';

export type BasemapStyle = Exclude<NonNullable<MapOptions['style']>, string>;

export interface FeatureCollection {
  type: 'FeatureCollection';
  features: Array<{ type: 'Feature'; id?: number; properties: Record<string, unknown>; geometry: { type: string; coordinates: unknown } }>;
}

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };

function collection(features: BoundaryFeature[]): FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: features
      .filter((f) => polygonsOf(f.geometry).length > 0)
      .map((f, i) => ({ type: 'Feature', id: i, properties: { id: f.properties.id, name: f.properties.name, shade: i % 4 }, geometry: f.geometry })),
  };
}

/** Grids as GeoJSON for the basemap (polygons that are not usable are left out). */
export function gridCollection(grids: readonly GridRow[]): FeatureCollection {
  const features: FeatureCollection['features'] = [];
  for (const g of grids) {
    if (polygonsOf(g.polygon).length === 0) continue;
    features.push({ type: 'Feature', properties: { id: g.gridId, name: g.name }, geometry: g.polygon });
  }
  return { type: 'FeatureCollection', features };
}

/**
 * The style for the district. `scale` is the wall's type scale (root font size / 16), so that lines keep
 * their weight relative to the text on a 4K wall.
 */
export function buildBasemapStyle(boundaries: Boundaries, scale: number, grids: FeatureCollection = EMPTY, tiles: TileSourceInfo | null = null): BasemapStyle {
  const px = (n: number) => Math.round(n * scale * 100) / 100;
  const c = MAP_COLORS;
  const tiled = usableTiles(tiles);
  // Over tiles the district is a tint, so the basemap shows through; without them it is the ground.
  const fillOpacity = tiled ? 0.45 : 1;
  return {
    version: 8,
    name: 'superbrain-wall',
    sources: {
      ...(tiled ? { 'basemap-tiles': tileSourceSpec(tiled) } : {}),
      mask: { type: 'geojson', data: { type: 'Feature', properties: {}, geometry: outsideMask(boundaries.district.geometry, boundaries.bbox) } },
      district: { type: 'geojson', data: collection([boundaries.district]) as never },
      streets: { type: 'geojson', data: collection(boundaries.streets) as never },
      communities: { type: 'geojson', data: collection(boundaries.communities) as never },
      grids: { type: 'geojson', data: grids as never },
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': c.background } },
      ...(tiled ? tileLayers(tiled, px) : []),
      { id: 'district-fill', type: 'fill', source: 'district', paint: { 'fill-color': c.districtFill, 'fill-opacity': fillOpacity } },
      {
        id: 'street-fill',
        type: 'fill',
        source: 'streets',
        paint: {
          // Four close shades so neighbouring streets read apart without colouring the map.
          'fill-color': ['match', ['get', 'shade'], 0, '#0c1c31', 1, '#0e2139', 2, '#0b1a2e', '#0f2440'],
          'fill-opacity': fillOpacity,
        },
      },
      { id: 'grid-line', type: 'line', source: 'grids', paint: { 'line-color': c.gridLine, 'line-width': px(0.6), 'line-opacity': 0.75 } },
      { id: 'community-line', type: 'line', source: 'communities', paint: { 'line-color': c.communityLine, 'line-width': px(0.9), 'line-opacity': 0.9 } },
      { id: 'street-line', type: 'line', source: 'streets', layout: { 'line-join': 'round' }, paint: { 'line-color': c.streetLine, 'line-width': px(1.6), 'line-opacity': 0.95 } },
      // Outside the district is dimmed, less so over tiles: the roads that lead in are worth seeing.
      { id: 'mask-fill', type: 'fill', source: 'mask', paint: { 'fill-color': c.outside, 'fill-opacity': tiled ? 0.62 : 0.88 } },
      { id: 'district-glow', type: 'line', source: 'district', layout: { 'line-join': 'round' }, paint: { 'line-color': c.districtGlow, 'line-width': px(10), 'line-blur': px(8), 'line-opacity': 0.45 } },
      { id: 'district-line', type: 'line', source: 'district', layout: { 'line-join': 'round' }, paint: { 'line-color': c.districtOutline, 'line-width': px(2.4), 'line-opacity': 1 } },
    ],
  };
}

/** A source the map can draw (known type, no error); GCJ-02 vector tiles cannot be moved and are refused. */
export function usableTiles(tiles: TileSourceInfo | null): TileSourceInfo | null {
  if (!tiles || tiles.kind === 'none' || tiles.error || !tiles.tileType) return null;
  if (tiles.tileType === 'vector' && tiles.coordinateSystem === 'gcj02') return null;
  return tiles;
}

/** Why a configured tile source is not drawn (null when it is, or when none is configured). */
export function tileProblem(tiles: TileSourceInfo | null): string | null {
  if (!tiles || tiles.kind === 'none') return null;
  if (tiles.error) return tiles.error;
  if (tiles.tileType === 'vector' && tiles.coordinateSystem === 'gcj02') return 'GCJ-02 is supported for raster tiles only';
  return null;
}

function tileSourceSpec(tiles: TileSourceInfo) {
  const url = `sbtiles://r${tiles.revision}/{z}/{x}/{y}`;
  const common = {
    tiles: [url],
    minzoom: tiles.minZoom,
    maxzoom: tiles.maxZoom,
    ...(tiles.bounds ? { bounds: tiles.bounds } : {}),
    ...(tiles.attribution ? { attribution: tiles.attribution } : {}),
  };
  return tiles.tileType === 'raster' ? { type: 'raster' as const, tileSize: tiles.tileSize, ...common } : { type: 'vector' as const, ...common };
}

type Layer = BasemapStyle['layers'][number];

function tileLayers(tiles: TileSourceInfo, px: (n: number) => number): Layer[] {
  if (tiles.tileType === 'raster') {
    // Most raster basemaps are light: dimmed and desaturated they give texture without outshining the data.
    return [
      {
        id: 'basemap-raster',
        type: 'raster',
        source: 'basemap-tiles',
        paint: { 'raster-brightness-max': 0.5, 'raster-saturation': -0.6, 'raster-contrast': 0.3, 'raster-opacity': 1, 'raster-fade-duration': 0 },
      },
    ];
  }
  // OpenMapTiles and Protomaps name their layers differently; a layer the tiles lack simply draws nothing.
  const fill = (id: string, sourceLayer: string, color: string, opacity: number, minzoom = 0): Layer => ({
    id: `basemap-${id}-${sourceLayer}`,
    type: 'fill',
    source: 'basemap-tiles',
    'source-layer': sourceLayer,
    minzoom,
    paint: { 'fill-color': color, 'fill-opacity': opacity },
  });
  const line = (id: string, sourceLayer: string, color: string, width: number, minzoom = 0): Layer => ({
    id: `basemap-${id}-${sourceLayer}`,
    type: 'line',
    source: 'basemap-tiles',
    'source-layer': sourceLayer,
    minzoom,
    layout: { 'line-join': 'round', 'line-cap': 'round' },
    paint: { 'line-color': color, 'line-width': ['interpolate', ['exponential', 1.6], ['zoom'], 10, px(width * 0.4), 16, px(width * 3)], 'line-opacity': 0.9 },
  });
  return [
    fill('earth', 'earth', '#07111d', 1),
    ...['landcover', 'landuse', 'park', 'natural'].map((l) => fill('green', l, '#0b1c25', 0.7)),
    fill('water', 'water', '#0a2440', 1),
    line('waterway', 'waterway', '#0d2c4d', 1),
    ...['transportation', 'roads'].map((l) => line('road', l, '#1d3856', 1.2, 9)),
    ...['building', 'buildings'].map((l) => fill('building', l, '#132a42', 0.8, 14)),
  ];
}
