// Issue 4: which arrangement the wall uses. 16:9 screens (1920×1080, 3840×2160) get the map between two
// side columns; a 32:9 LED wall (7680×2160, or two 16:9 displays side by side) gets more panels side by
// side. Type follows the screen height (wall-display.css); textScale adds to it for walls seen from afar.
import type { DisplaySettings } from '../../src-shared/settings.ts';

export type WallLayout = '1920x1080' | '3840x2160' | '7680x2160';
/** Screens at least this wide for their height get the 32:9 layout. */
export const WIDE_ASPECT = 3;

export function chooseLayout(setting: DisplaySettings['layout'], width: number, height: number): WallLayout {
  if (setting !== 'auto') return setting;
  if (width > 0 && height > 0 && width / height >= WIDE_ASPECT) return '7680x2160';
  return height >= 1600 ? '3840x2160' : '1920x1080';
}

export function isWideLayout(layout: WallLayout): boolean {
  return layout === '7680x2160';
}

/** A sane text scale from settings (0.75–2), 1 for anything else. */
export function textScaleOf(display: Pick<DisplaySettings, 'textScale'> | null | undefined): number {
  const s = display?.textScale;
  return typeof s === 'number' && Number.isFinite(s) ? Math.min(2, Math.max(0.75, s)) : 1;
}
