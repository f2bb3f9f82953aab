// The wall's colours in one place: CSS reads them as custom properties (applyThemeVariables), the map
// layers read the same numbers, so red is the same red in the KPI strip, the ticker and on the map.
import type { Severity } from '../../src-shared/sfp/schemas.ts';

export type Rgb = readonly [number, number, number];

export const SEVERITY_RGB: Readonly<Record<Severity, Rgb>> = {
  red: [255, 59, 48],
  yellow: [255, 204, 0],
  green: [52, 199, 89],
};

/** Link states and host connection use the same three colours plus a neutral one. */
export const STATE_RGB = {
  ok: SEVERITY_RGB.green,
  warn: SEVERITY_RGB.yellow,
  bad: SEVERITY_RGB.red,
  idle: [120, 138, 160] as Rgb,
} as const;

export const MAP_COLORS = {
  background: '#050b15',
  outside: '#03070e',
  districtFill: '#0a1829',
  districtOutline: '#5cc8ff',
  districtGlow: '#2a8cff',
  streetFill: '#0d1f35',
  streetLine: '#3d7fb8',
  communityLine: '#24496e',
  gridLine: '#1a3553',
  labelText: [226, 236, 250] as Rgb,
  labelHalo: [3, 8, 16] as Rgb,
  communityText: [150, 178, 210] as Rgb,
  pulse: [255, 255, 255] as Rgb,
} as const;

export const CJK_FONT_FAMILY = '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif';

export function rgbCss(rgb: Rgb, alpha = 1): string {
  return alpha >= 1 ? `rgb(${rgb[0]} ${rgb[1]} ${rgb[2]})` : `rgb(${rgb[0]} ${rgb[1]} ${rgb[2]} / ${alpha})`;
}

/** Custom properties for wall.css, derived from the constants above. */
export function themeCssVariables(): Record<string, string> {
  return {
    '--sev-red': rgbCss(SEVERITY_RGB.red),
    '--sev-yellow': rgbCss(SEVERITY_RGB.yellow),
    '--sev-green': rgbCss(SEVERITY_RGB.green),
    '--sev-red-dim': rgbCss(SEVERITY_RGB.red, 0.16),
    '--sev-yellow-dim': rgbCss(SEVERITY_RGB.yellow, 0.14),
    '--sev-green-dim': rgbCss(SEVERITY_RGB.green, 0.14),
    '--state-idle': rgbCss(STATE_RGB.idle),
    '--map-bg': MAP_COLORS.background,
    '--font-cjk': CJK_FONT_FAMILY,
  };
}

export function applyThemeVariables(target: { style: { setProperty(name: string, value: string): void } }): void {
  for (const [name, value] of Object.entries(themeCssVariables())) target.style.setProperty(name, value);
}
