// The embedded Lixia demo district (resources/demo/lixia, made by scripts/make-demo-resources.mjs):
// boundaries for the map and, per street, the base entities its demo sub-centre publishes.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { Camera, GeoArea, Grid, OrgUnit, Station } from '../../src-shared/sfp/schemas.ts';
import { describeZodError } from '../../src-shared/sfp/validate.ts';

export const DEFAULT_DEMO_RESOURCES_DIR = fileURLToPath(new URL('../../resources/demo/lixia', import.meta.url));

export type BoundaryLevel = 'district' | 'street' | 'community' | 'grid';

const BoundaryProperties = z.looseObject({
  id: z.string().min(1),
  name: z.string().min(1),
  level: z.enum(['district', 'street', 'community', 'grid']),
  parentId: z.string().min(1).optional(),
  approximate: z.boolean(),
});
export type BoundaryProperties = z.infer<typeof BoundaryProperties>;

const BoundaryFeature = z.looseObject({ type: z.literal('Feature'), properties: BoundaryProperties, geometry: GeoArea });
export type BoundaryFeature = z.infer<typeof BoundaryFeature>;
const BoundaryCollection = z.looseObject({ type: z.literal('FeatureCollection'), features: z.array(BoundaryFeature) });
export type BoundaryCollection = z.infer<typeof BoundaryCollection>;

const WithStreet = { streetId: z.string().regex(/^\d{9}$/) };
const DemoCameraSchema = Camera.extend(WithStreet);
const DemoStationSchema = Station.extend({ ...WithStreet, openHours: z.string().regex(/^\d{2}:\d{2}-\d{2}:\d{2}$/).optional(), gridId: z.string().optional(), kind: z.string().optional() });
const DemoOrgSchema = OrgUnit.extend(WithStreet);

export type DemoCamera = z.infer<typeof DemoCameraSchema>;
export type DemoStation = z.infer<typeof DemoStationSchema>;
export type DemoOrg = z.infer<typeof DemoOrgSchema>;
/** A grid as the SFP/1 body a sub-centre publishes, plus its street. */
export type DemoGrid = Grid & { streetId: string };

export interface DemoStreet {
  id: string;
  name: string;
}
export interface DemoCommunity {
  id: string;
  name: string;
  streetId: string;
  households?: number;
}

export interface DemoDistrict {
  id: string;
  name: string;
  /** The 13 streets in code order. */
  streets: DemoStreet[];
  /** GeoJSON for the map; street, community and grid polygons are generated (`approximate: true`). */
  boundaries: { district: BoundaryCollection; streets: BoundaryCollection; communities: BoundaryCollection; grids: BoundaryCollection };
  street(streetId: string): DemoStreet | undefined;
  communitiesOf(streetId: string): DemoCommunity[];
  gridsOf(streetId: string): DemoGrid[];
  camerasOf(streetId: string): DemoCamera[];
  stationsOf(streetId: string): DemoStation[];
  orgsOf(streetId: string): DemoOrg[];
  grid(gridId: string): DemoGrid | undefined;
  community(communityId: string): DemoCommunity | undefined;
}

export class DemoResourcesError extends Error {
  override name = 'DemoResourcesError';
}

function readJson(dir: string, file: string): unknown {
  const full = path.join(dir, file);
  let text: string;
  try {
    text = readFileSync(full, 'utf8');
  } catch (err) {
    throw new DemoResourcesError(`cannot read demo resource ${full}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message} (run \`npm run demo:resources\`)`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new DemoResourcesError(`demo resource ${full} is not valid JSON: ${(err as Error).message}`);
  }
}

function parse<T>(schema: z.ZodType<T>, raw: unknown, what: string): T {
  const r = schema.safeParse(raw);
  if (!r.success) throw new DemoResourcesError(`demo resource ${what} is not valid: ${describeZodError(r.error)}`);
  return r.data;
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/** Reads and checks the demo district; throws DemoResourcesError naming the file and the problem. */
export function loadDemoDistrict(resourcesDir: string = DEFAULT_DEMO_RESOURCES_DIR): DemoDistrict {
  const district = parse(BoundaryCollection, readJson(resourcesDir, 'district.geojson'), 'district.geojson');
  const streets = parse(BoundaryCollection, readJson(resourcesDir, 'streets.geojson'), 'streets.geojson');
  const communities = parse(BoundaryCollection, readJson(resourcesDir, 'communities.geojson'), 'communities.geojson');
  const grids = parse(BoundaryCollection, readJson(resourcesDir, 'grids.geojson'), 'grids.geojson');
  const cameras = parse(z.array(DemoCameraSchema), readJson(resourcesDir, 'cameras.json'), 'cameras.json');
  const stations = parse(z.array(DemoStationSchema), readJson(resourcesDir, 'stations.json'), 'stations.json');
  const orgs = parse(z.array(DemoOrgSchema), readJson(resourcesDir, 'orgs.json'), 'orgs.json');

  const top = district.features[0];
  if (!top) throw new DemoResourcesError('demo resource district.geojson has no feature');

  const streetList: DemoStreet[] = streets.features.map((f) => ({ id: f.properties.id, name: f.properties.name })).sort((a, b) => a.id.localeCompare(b.id));
  const communityList: DemoCommunity[] = communities.features.map((f) => {
    const households = f.properties['households'];
    return {
      id: f.properties.id,
      name: f.properties.name,
      streetId: f.properties.parentId ?? '',
      ...(typeof households === 'number' ? { households } : {}),
    };
  });
  const communityById = new Map(communityList.map((c) => [c.id, c]));
  const gridList: DemoGrid[] = grids.features.map((f) => {
    const p = f.properties;
    const communityId = typeof p['communityId'] === 'string' ? p['communityId'] : (p.parentId ?? '');
    const community = communityById.get(communityId);
    if (!community) throw new DemoResourcesError(`demo resource grids.geojson: grid ${p.id} names an unknown community ${communityId}`);
    const grid: DemoGrid = { gridId: p.id, rev: 1, name: p.name, communityId, polygon: f.geometry, streetId: community.streetId };
    if (typeof p['households'] === 'number') grid.households = p['households'];
    if (typeof p['gridWorker'] === 'string') grid.gridWorker = p['gridWorker'];
    return grid;
  });
  const gridById = new Map(gridList.map((g) => [g.gridId, g]));

  const communitiesBy = groupBy(communityList, (c) => c.streetId);
  const gridsBy = groupBy(gridList, (g) => g.streetId);
  const camerasBy = groupBy(cameras, (c) => c.streetId);
  const stationsBy = groupBy(stations, (s) => s.streetId);
  const orgsBy = groupBy(orgs, (o) => o.streetId);
  const streetById = new Map(streetList.map((s) => [s.id, s]));

  return {
    id: top.properties.id,
    name: top.properties.name,
    streets: streetList,
    boundaries: { district, streets, communities, grids },
    street: (id) => streetById.get(id),
    communitiesOf: (id) => communitiesBy.get(id) ?? [],
    gridsOf: (id) => gridsBy.get(id) ?? [],
    camerasOf: (id) => camerasBy.get(id) ?? [],
    stationsOf: (id) => stationsBy.get(id) ?? [],
    orgsOf: (id) => orgsBy.get(id) ?? [],
    grid: (id) => gridById.get(id),
    community: (id) => communityById.get(id),
  };
}
