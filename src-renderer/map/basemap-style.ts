// The offline basemap as a maplibre style built in code: a background and GeoJSON sources only — no
// tiles, no glyphs, no sprite, so the map makes no network request. Names are drawn by deck.gl.
import type { MapOptions } from 'maplibre-gl';
import type { Boundaries, BoundaryFeature, GridRow } from '../../src-shared/api.ts';
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
export function buildBasemapStyle(boundaries: Boundaries, scale: number, grids: FeatureCollection = EMPTY): BasemapStyle {
  const px = (n: number) => Math.round(n * scale * 100) / 100;
  const c = MAP_COLORS;
  return {
    version: 8,
    name: 'superbrain-wall',
    sources: {
      mask: { type: 'geojson', data: { type: 'Feature', properties: {}, geometry: outsideMask(boundaries.district.geometry, boundaries.bbox) } },
      district: { type: 'geojson', data: collection([boundaries.district]) as never },
      streets: { type: 'geojson', data: collection(boundaries.streets) as never },
      communities: { type: 'geojson', data: collection(boundaries.communities) as never },
      grids: { type: 'geojson', data: grids as never },
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': c.background } },
      { id: 'district-fill', type: 'fill', source: 'district', paint: { 'fill-color': c.districtFill, 'fill-opacity': 1 } },
      {
        id: 'street-fill',
        type: 'fill',
        source: 'streets',
        paint: {
          // Four close shades so neighbouring streets read apart without colouring the map.
          'fill-color': ['match', ['get', 'shade'], 0, '#0c1c31', 1, '#0e2139', 2, '#0b1a2e', '#0f2440'],
          'fill-opacity': 1,
        },
      },
      { id: 'grid-line', type: 'line', source: 'grids', paint: { 'line-color': c.gridLine, 'line-width': px(0.6), 'line-opacity': 0.75 } },
      { id: 'community-line', type: 'line', source: 'communities', paint: { 'line-color': c.communityLine, 'line-width': px(0.9), 'line-opacity': 0.9 } },
      { id: 'street-line', type: 'line', source: 'streets', layout: { 'line-join': 'round' }, paint: { 'line-color': c.streetLine, 'line-width': px(1.6), 'line-opacity': 0.95 } },
      { id: 'mask-fill', type: 'fill', source: 'mask', paint: { 'fill-color': c.outside, 'fill-opacity': 0.88 } },
      { id: 'district-glow', type: 'line', source: 'district', layout: { 'line-join': 'round' }, paint: { 'line-color': c.districtGlow, 'line-width': px(10), 'line-blur': px(8), 'line-opacity': 0.45 } },
      { id: 'district-line', type: 'line', source: 'district', layout: { 'line-join': 'round' }, paint: { 'line-color': c.districtOutline, 'line-width': px(2.4), 'line-opacity': 1 } },
    ],
  };
}
