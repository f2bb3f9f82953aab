// The deck.gl layers of the wall, derived from state and never stored: the map component calls
// computeWallLayers on every change (and every animation frame for the pulse); deck.gl diffs the props,
// so an unchanged layer costs nothing and the frame only moves the small pulse layer.
import { IconLayer, ScatterplotLayer, TextLayer } from '@deck.gl/layers';
import type { Layer } from '@deck.gl/core';
import { CJK_FONT_FAMILY, MAP_COLORS } from '../theme/tokens.ts';
import type { MapLabel } from './labels.ts';
import type { AlertLayerData, IncidentLayerData, PulseLayerData } from './layer-data.ts';

export type { MapLabel } from './labels.ts';

export interface WallLayerState {
  /** The wall's type scale (root font size / 16): marker and label sizes follow the display. */
  scale: number;
  incidents: IncidentLayerData | null;
  alerts: AlertLayerData | null;
  /** The diamond marker atlas (a canvas drawn in code: no image is fetched). */
  alertAtlas: unknown;
  pulse: PulseLayerData | null;
  /** 0..1, the phase of the new-incident pulse. */
  pulsePhase: number;
  streetLabels: readonly MapLabel[];
  communityLabels: readonly MapLabel[];
  showCommunityLabels: boolean;
}

export const ALERT_ICON_SIZE = 64;
export const ALERT_ICON_MAPPING = { diamond: { x: 0, y: 0, width: ALERT_ICON_SIZE, height: ALERT_ICON_SIZE, mask: true } };

/** Marker radius in CSS pixels at scale 1. */
const RADIUS = { base: 3.2, red: 5, ring: 7, pulse: 7 } as const;

const LABEL_FONT = {
  fontFamily: CJK_FONT_FAMILY,
  characterSet: 'auto' as const,
  fontSettings: { sdf: true, fontSize: 64, buffer: 10, radius: 16, cutoff: 0.22 },
  outlineColor: [...MAP_COLORS.labelHalo, 235] as [number, number, number, number],
  sizeUnits: 'pixels' as const,
  getTextAnchor: 'middle' as const,
  getAlignmentBaseline: 'center' as const,
  billboard: true,
};

export function computeWallLayers(state: WallLayerState): Layer[] {
  const s = state.scale;
  const layers: Layer[] = [];

  if (state.showCommunityLabels && state.communityLabels.length > 0) {
    layers.push(
      new TextLayer<MapLabel>({
        id: 'community-labels',
        data: state.communityLabels,
        getPosition: (d) => d.position,
        getText: (d) => d.text,
        getSize: 12.5 * s,
        getColor: [...MAP_COLORS.communityText, 230],
        fontWeight: 400,
        outlineWidth: 0.25,
        ...LABEL_FONT,
      }),
    );
  }

  const inc = state.incidents;
  if (inc) {
    layers.push(
      new ScatterplotLayer({
        id: 'incidents-base',
        data: inc.base as never,
        radiusUnits: 'pixels',
        getRadius: RADIUS.base * s,
        stroked: false,
        filled: true,
        antialiasing: true,
        updateTriggers: { getFillColor: inc.version, getPosition: inc.version },
      }),
      new ScatterplotLayer({
        id: 'incidents-overdue-ring',
        data: inc.ring as never,
        radiusUnits: 'pixels',
        getRadius: RADIUS.ring * s,
        filled: false,
        stroked: true,
        lineWidthUnits: 'pixels',
        getLineWidth: 1.2 * s,
        updateTriggers: { getLineColor: inc.version, getPosition: inc.version },
      }),
      new ScatterplotLayer({
        id: 'incidents-red',
        data: inc.red as never,
        radiusUnits: 'pixels',
        getRadius: RADIUS.red * s,
        stroked: false,
        filled: true,
        updateTriggers: { getFillColor: inc.version, getPosition: inc.version },
      }),
    );
  }

  const alerts = state.alerts;
  if (alerts && state.alertAtlas) {
    layers.push(
      new IconLayer({
        id: 'alerts',
        data: alerts.points as never,
        iconAtlas: state.alertAtlas as never,
        iconMapping: ALERT_ICON_MAPPING,
        getIcon: () => 'diamond',
        sizeUnits: 'pixels',
        getSize: 17 * s,
        updateTriggers: { getColor: alerts.version, getPosition: alerts.version },
      }),
    );
  }

  const pulse = state.pulse;
  if (pulse && pulse.points.length > 0) {
    const phase = Math.min(1, Math.max(0, state.pulsePhase));
    layers.push(
      new ScatterplotLayer({
        id: 'incidents-pulse',
        data: pulse.points as never,
        radiusUnits: 'pixels',
        getRadius: RADIUS.pulse * s,
        radiusScale: 1 + 2.4 * phase,
        filled: false,
        stroked: true,
        lineWidthUnits: 'pixels',
        getLineWidth: 2 * s,
        getLineColor: [...MAP_COLORS.pulse, 255],
        opacity: 0.9 * (1 - phase),
        updateTriggers: { getPosition: pulse.version },
      }),
    );
  }

  if (state.streetLabels.length > 0) {
    layers.push(
      new TextLayer<MapLabel>({
        id: 'street-labels',
        data: state.streetLabels,
        getPosition: (d) => d.position,
        getText: (d) => d.text,
        getSize: 17 * s,
        getColor: [...MAP_COLORS.labelText, 255],
        fontWeight: 600,
        outlineWidth: 0.3,
        ...LABEL_FONT,
      }),
    );
  }
  return layers;
}
