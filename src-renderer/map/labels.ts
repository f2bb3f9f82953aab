// Names on the map: where each street's (and community's) name goes and how it is written.
import type { BoundaryFeature } from '../../src-shared/api.ts';
import { featureLabelPoint } from './geometry.ts';

export interface MapLabel {
  position: [number, number];
  text: string;
}

/** Map labels drop the administrative suffix (解放路街道 → 解放路), as printed maps do: less clutter. */
export function shortPlaceName(name: string): string {
  const short = name.replace(/(街道办事处|街道|社区居委会|社区|居委会)$/, '');
  return short.length >= 2 ? short : name;
}

export function boundaryLabels(features: readonly BoundaryFeature[]): MapLabel[] {
  const out: MapLabel[] = [];
  for (const f of features) {
    const p = featureLabelPoint(f.geometry);
    if (p && f.properties?.name) out.push({ position: p, text: shortPlaceName(f.properties.name) });
  }
  return out;
}
