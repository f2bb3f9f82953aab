// Issue 4: the alarm's flashing mark on the map — a handful of points, so plain objects are fine here
// (the incidents themselves live in typed arrays). `phase` (0..1) is advanced by the wall a few times a
// second while an alarm is active.
import { ScatterplotLayer } from '@deck.gl/layers';
import type { Layer } from '@deck.gl/core';
import type { AlarmRow } from '../../src-shared/wall-api.ts';
import { SEVERITY_RGB } from '../theme/tokens.ts';

export function alarmFlashLayers(active: readonly AlarmRow[], phase: number, scale: number): Layer[] {
  if (active.length === 0) return [];
  const data = active.filter((a) => Number.isFinite(a.lon) && Number.isFinite(a.lat));
  const on = phase < 0.5;
  const grow = phase; // the ring expands over one period
  return [
    new ScatterplotLayer<AlarmRow>({
      id: 'alarm-ring',
      data,
      getPosition: (a) => [a.lon, a.lat],
      radiusUnits: 'pixels',
      getRadius: () => (10 + 34 * grow) * scale,
      stroked: true,
      filled: false,
      lineWidthUnits: 'pixels',
      getLineWidth: () => 3 * scale,
      getLineColor: (a) => [...SEVERITY_RGB[a.severity], Math.round(255 * (1 - grow))],
      updateTriggers: { getRadius: [grow, scale], getLineColor: [grow], getLineWidth: [scale] },
    }),
    new ScatterplotLayer<AlarmRow>({
      id: 'alarm-core',
      data,
      getPosition: (a) => [a.lon, a.lat],
      radiusUnits: 'pixels',
      getRadius: () => 9 * scale,
      stroked: true,
      lineWidthUnits: 'pixels',
      getLineWidth: () => 2 * scale,
      getFillColor: (a) => (on ? [...SEVERITY_RGB[a.severity], 255] : [255, 255, 255, 255]),
      getLineColor: () => [255, 255, 255, 230],
      updateTriggers: { getFillColor: [on], getRadius: [scale], getLineWidth: [scale] },
    }),
  ] as Layer[];
}
