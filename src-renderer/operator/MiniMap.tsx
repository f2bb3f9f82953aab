// The incident's place on a small map: its street's outline (from the console's offline boundaries),
// the community outlines inside it, and the point. Plain SVG: no map engine for one dot.
import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { Boundaries, BoundaryFeature, ConsoleApi } from '../../src-shared/api.ts';

let boundaries: Promise<Boundaries | null> | null = null;

type Ring = Array<[number, number]>;

function rings(f: BoundaryFeature): Ring[] {
  const c = f.geometry.coordinates as unknown;
  if (f.geometry.type === 'Polygon') return (c as Ring[]).slice(0, 1);
  return (c as Ring[][]).map((p) => p[0]!).filter(Boolean);
}

export function MiniMap(props: { api: ConsoleApi; street: string; lon: number; lat: number }) {
  const { t } = useI18n();
  const [b, setB] = useState<Boundaries | null>(null);
  useEffect(() => {
    let cancelled = false;
    boundaries ??= props.api.getBoundaries().catch(() => null);
    void boundaries.then((v) => !cancelled && setB(v));
    return () => {
      cancelled = true;
    };
  }, [props.api]);
  const street = b?.streets.find((s) => s.properties.id === props.street);
  if (!b || !street) return null;
  const outline = rings(street);
  let [minX, minY, maxX, maxY] = [props.lon, props.lat, props.lon, props.lat];
  for (const r of outline) for (const [x, y] of r) (minX = Math.min(minX, x)), (maxX = Math.max(maxX, x)), (minY = Math.min(minY, y)), (maxY = Math.max(maxY, y));
  const W = 400;
  const H = 220;
  const pad = 10;
  // Equirectangular with the latitude's scale, fitted into the box.
  const kx = Math.cos(((minY + maxY) / 2) * (Math.PI / 180));
  const scale = Math.min((W - 2 * pad) / ((maxX - minX) * kx || 1e-6), (H - 2 * pad) / (maxY - minY || 1e-6));
  const ox = (W - (maxX - minX) * kx * scale) / 2;
  const oy = (H - (maxY - minY) * scale) / 2;
  const px = (x: number) => ox + (x - minX) * kx * scale;
  const py = (y: number) => H - oy - (y - minY) * scale;
  const path = (r: Ring) => r.map(([x, y], i) => `${i ? 'L' : 'M'}${px(x).toFixed(1)},${py(y).toFixed(1)}`).join('') + 'Z';
  const communities = b.communities.filter((c) => c.properties.parentId === props.street);
  return (
    <figure className="op-minimap" data-testid="op-minimap">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={street.properties.name}>
        {communities.flatMap((c) => rings(c).map((r, i) => <path key={`${c.properties.id}-${i}`} d={path(r)} className="op-mm-community" />))}
        {outline.map((r, i) => <path key={i} d={path(r)} className="op-mm-street" />)}
        <circle cx={px(props.lon)} cy={py(props.lat)} r={9} className="op-mm-halo" />
        <circle cx={px(props.lon)} cy={py(props.lat)} r={4} className="op-mm-point" />
      </svg>
      {street.properties.approximate || b.source ? <figcaption>{street.properties.approximate ? t('operator.detail.approximate') : b.source}</figcaption> : null}
    </figure>
  );
}
