// The briefing's map (print page and presentation): the district's streets and the period's incidents
// as SVG, coloured by severity, hollow when closed. See map-svg.ts for why SVG.
import { useMemo } from 'react';
import type { Boundaries } from '../../src-shared/api.ts';
import type { BriefingMapPoints } from '../../src-shared/briefing.ts';
import type { I18nValue } from '../i18n/I18nProvider.tsx';
import { pointPaths, svgMap } from './map-svg.ts';

export interface MapTheme {
  land: string;
  street: string;
  outline: string;
  label: string;
  labelHalo: string;
  severity: [string, string, string];
  /** Point radius and label size in the map's own units (its width is `width`). */
  radius: number;
  fontSize: number;
}

export const PRINT_MAP_THEME: MapTheme = {
  land: '#e6ecf2',
  street: '#9aa5b1',
  outline: '#1f3f77',
  label: '#1f3f77',
  labelHalo: '#ffffff',
  severity: ['#d7261e', '#e0a800', '#2e9e4f'],
  radius: 2.8,
  fontSize: 15,
};

export const DARK_MAP_THEME: MapTheme = {
  land: '#0c1a2b',
  street: '#2d4a6b',
  outline: '#5cc8ff',
  label: '#e8eff8',
  labelHalo: '#04090f',
  severity: ['#ff3b30', '#ffcc00', '#34c759'],
  radius: 3.2,
  fontSize: 16,
};

export function BriefingMap(props: { i18n: I18nValue; boundaries: Boundaries; points: BriefingMapPoints | undefined; theme: MapTheme; width?: number; className?: string; testId?: string }) {
  const { i18n, theme } = props;
  const width = props.width ?? 1000;
  const map = useMemo(() => svgMap(props.boundaries, props.points, width), [props.boundaries, props.points, width]);
  const paths = useMemo(() => pointPaths(map.points, theme.radius), [map, theme.radius]);
  return (
    <svg
      className={props.className ?? 'briefing-map'}
      data-testid={props.testId ?? 'briefing-map'}
      data-points={map.points.length}
      viewBox={`0 0 ${map.width} ${map.height}`}
      preserveAspectRatio="xMidYMid meet"
      role="img"
      aria-label={i18n.t('briefing.map.legend', { count: i18n.formatNumber(props.points?.total ?? 0) })}
    >
      <path d={map.district.d} fill={theme.land} stroke="none" />
      {map.streets.map((s) => (
        <path key={s.id} d={s.d} fill="none" stroke={theme.street} strokeWidth={1} />
      ))}
      <path d={map.district.d} fill="none" stroke={theme.outline} strokeWidth={2.5} />
      {paths.map((g) => {
        const colour = theme.severity[g.severity] ?? theme.severity[2];
        return <path key={`${g.severity}-${g.closed}`} d={g.d} fill={g.closed ? 'none' : colour} stroke={g.closed ? colour : 'none'} strokeWidth={g.closed ? 1 : 0} />;
      })}
      <g fontSize={theme.fontSize} fontWeight={600} textAnchor="middle" fill={theme.label} stroke={theme.labelHalo} strokeWidth={3} paintOrder="stroke" strokeLinejoin="round">
        {map.labels.map((l) => (
          <text key={l.id} x={l.x} y={l.y}>
            {i18n.placeName(l.id, l.name)}
          </text>
        ))}
      </g>
    </svg>
  );
}
