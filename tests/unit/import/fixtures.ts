// Hand-made import files (issue 9): a small district with two streets, two communities and grids in them.
import type { Boundaries, BoundaryFeature } from '../../../src-shared/api.ts';

export const DISTRICT = '370102';
export const STREET_A = '370102001';
export const STREET_B = '370102012';
export const COMMUNITY_A = '370102001002';
export const COMMUNITY_B = '370102012001';

/** A closed square ring with its south-west corner at (lon, lat). */
export function square(lon: number, lat: number, size = 0.01): number[][] {
  return [
    [lon, lat],
    [lon + size, lat],
    [lon + size, lat + size],
    [lon, lat + size],
    [lon, lat],
  ];
}

export function feature(properties: Record<string, unknown>, ring: unknown = square(117.02, 36.65)): Record<string, unknown> {
  return { type: 'Feature', properties, geometry: { type: 'Polygon', coordinates: [ring] } };
}

export function collection(features: unknown[]): Record<string, unknown> {
  return { type: 'FeatureCollection', features };
}

export function boundariesFile(): Record<string, unknown> {
  return collection([
    feature({ id: DISTRICT, name: '历下区', level: 'district' }, square(117.0, 36.6, 0.2)),
    feature({ id: STREET_A, name: '解放路街道', level: 'street', parentId: DISTRICT }, square(117.0, 36.6, 0.1)),
    feature({ id: STREET_B, name: '龙洞街道', level: 'street', parentId: DISTRICT }, square(117.1, 36.6, 0.1)),
    feature({ id: COMMUNITY_A, name: '解放桥社区', level: 'community', parentId: STREET_A }, square(117.0, 36.6, 0.05)),
    feature({ id: COMMUNITY_B, name: '龙洞社区', level: 'community', parentId: STREET_B }, square(117.1, 36.6, 0.05)),
  ]);
}

export function gridsFile(n = 3): Record<string, unknown> {
  const features = [];
  for (let i = 0; i < n; i++) {
    const community = i % 2 === 0 ? COMMUNITY_A : COMMUNITY_B;
    features.push(feature({ gridId: `${community}${String(i + 1).padStart(3, '0')}`, name: `第${i + 1}网格`, communityId: community, households: 100 + i, gridWorker: '张三' }, square(117.0 + i * 0.01, 36.6)));
  }
  return collection(features);
}

function asFeature(f: Record<string, unknown>): BoundaryFeature {
  return f as unknown as BoundaryFeature;
}

/** The same district as Boundaries (what the demo files would give the runtime). */
export function fallbackBoundaries(): Boundaries {
  const all = (boundariesFile().features as Array<Record<string, unknown>>).map(asFeature);
  return {
    district: all[0]!,
    streets: all.filter((f) => f.properties.level === 'street'),
    communities: all.filter((f) => f.properties.level === 'community'),
    bbox: [117, 36.6, 117.2, 36.8],
    source: 'approximate demo boundaries',
  };
}

export const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
export const json = (v: unknown): Uint8Array => utf8(JSON.stringify(v));
