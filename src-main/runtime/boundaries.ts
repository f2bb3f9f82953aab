// The district, street and community outlines the map draws under everything else (the offline basemap).
// For now they come from the demo resources (resources/demo/lixia/*.geojson); an import of a
// deployment's own boundaries replaces them later. Files are checked on load: a broken file is a
// clear error at start, not a blank map.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { describeZodError } from '../../src-shared/sfp/validate.ts';
import type { Boundaries, BoundaryFeature } from '../../src-shared/api.ts';

export class BoundariesError extends Error {
  override name = 'BoundariesUnavailable';
}

const Level = z.enum(['district', 'street', 'community']);
const Feature = z.looseObject({
  type: z.literal('Feature'),
  properties: z.looseObject({
    id: z.union([z.string(), z.number()]).transform(String),
    name: z.string().min(1),
    level: Level,
    parentId: z.union([z.string(), z.number()]).transform(String).nullish(),
    approximate: z.boolean().nullish(),
  }),
  geometry: z.looseObject({ type: z.enum(['Polygon', 'MultiPolygon']), coordinates: z.array(z.unknown()).min(1) }),
});
const FeatureCollection = z.looseObject({ type: z.literal('FeatureCollection'), features: z.array(Feature) });

function readCollection(file: string): BoundaryFeature[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new BoundariesError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new BoundariesError(`${file} is not valid JSON: ${(err as Error).message}`);
  }
  const r = FeatureCollection.safeParse(raw);
  if (!r.success) throw new BoundariesError(`${file} is not a boundary FeatureCollection: ${describeZodError(r.error)}`);
  return r.data.features.map((f) => {
    const p = f.properties;
    const properties: BoundaryFeature['properties'] = { id: p.id, name: p.name, level: p.level };
    if (p.parentId) properties.parentId = p.parentId;
    if (typeof p.approximate === 'boolean') properties.approximate = p.approximate;
    return { type: 'Feature', properties, geometry: { type: f.geometry.type, coordinates: f.geometry.coordinates } };
  });
}

/** [minLon, minLat, maxLon, maxLat] over every position of the geometry. */
export function geometryBbox(geometry: BoundaryFeature['geometry']): [number, number, number, number] {
  const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (node: unknown): void => {
    if (!Array.isArray(node)) return;
    if (node.length >= 2 && typeof node[0] === 'number' && typeof node[1] === 'number') {
      const [lon, lat] = node as number[];
      if (Number.isFinite(lon) && Number.isFinite(lat)) {
        box[0] = Math.min(box[0], lon!);
        box[1] = Math.min(box[1], lat!);
        box[2] = Math.max(box[2], lon!);
        box[3] = Math.max(box[3], lat!);
      }
      return;
    }
    for (const child of node) visit(child);
  };
  visit(geometry.coordinates);
  if (!Number.isFinite(box[0])) throw new BoundariesError('the district outline has no coordinates');
  return box;
}

/** Loads `district.geojson`, `streets.geojson` and `communities.geojson` from `dir`. */
export function loadBoundaries(dir: string, source = 'approximate demo boundaries (Lixia district outline; street and community partitions generated)'): Boundaries {
  const districts = readCollection(path.join(dir, 'district.geojson'));
  const district = districts.find((f) => f.properties.level === 'district') ?? districts[0];
  if (!district) throw new BoundariesError(`${path.join(dir, 'district.geojson')} holds no district feature`);
  const streets = readCollection(path.join(dir, 'streets.geojson'));
  const communities = readCollection(path.join(dir, 'communities.geojson'));
  return { district, streets, communities, bbox: geometryBbox(district.geometry), source };
}
