// Where the console's windows go, as plain functions over plain data (no Electron import, so they are
// tested under Node): the wall full-screen on a chosen display (--wall-display N, else the one it was on
// last, else the largest external one), the operator window where it was last on that display.
// Placements are remembered per display in <userData>/window-state.json.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

export type WindowRole = 'wall' | 'operator';
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}
export interface DisplayInfo {
  id: number;
  bounds: Rect;
  workArea: Rect;
  /** A laptop's built-in panel (Electron's Display.internal). */
  internal?: boolean;
}
export interface Placement {
  bounds: Rect;
  maximized?: boolean;
}

const RectSchema = z.object({ x: z.number().int(), y: z.number().int(), width: z.number().int().min(100).max(100_000), height: z.number().int().min(100).max(100_000) });
const PlacementSchema = z.object({ bounds: RectSchema, maximized: z.boolean().optional() });
const WindowStateSchema = z.object({
  version: z.literal(1),
  /** role → display key → placement */
  placements: z.record(z.string(), z.record(z.string(), PlacementSchema)).default({}),
  /** role → display key it was on last */
  lastDisplay: z.record(z.string(), z.string()).default({}),
});
export type WindowState = z.infer<typeof WindowStateSchema>;

export const EMPTY_WINDOW_STATE: WindowState = { version: 1, placements: {}, lastDisplay: {} };

/** Display ids may change between sessions on some systems; the geometry is what the user recognises. */
export function displayKey(d: DisplayInfo): string {
  const b = d.bounds;
  return `${b.x},${b.y},${b.width}x${b.height}`;
}

/** Reads the state file; a missing or broken file is an empty state (a bad file must not stop the app). */
export function loadWindowState(file: string): WindowState {
  try {
    const r = WindowStateSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return r.success ? r.data : { ...EMPTY_WINDOW_STATE };
  } catch {
    return { ...EMPTY_WINDOW_STATE, placements: {}, lastDisplay: {} };
  }
}

/** Writes atomically (temp file + rename) so a crash cannot leave half a file. */
export function saveWindowState(file: string, state: WindowState): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(state, null, 2));
  renameSync(tmp, file);
}

export function rememberPlacement(state: WindowState, role: WindowRole, display: DisplayInfo, placement: Placement): WindowState {
  const key = displayKey(display);
  return {
    version: 1,
    placements: { ...state.placements, [role]: { ...(state.placements[role] ?? {}), [key]: placement } },
    lastDisplay: { ...state.lastDisplay, [role]: key },
  };
}

const area = (r: Rect): number => r.width * r.height;
const leftToRight = (a: DisplayInfo, b: DisplayInfo): number => a.bounds.x - b.bounds.x || a.bounds.y - b.bounds.y;

/**
 * The display for the wall. `requested`: an Electron display id, or a 1-based position counting the
 * displays from left to right. Null when the wall should not open (one display and nothing requested).
 */
export function chooseWallDisplay(displays: DisplayInfo[], primaryId: number, state: WindowState, requested?: number): DisplayInfo | null {
  if (displays.length === 0) return null;
  const ordered = [...displays].sort(leftToRight);
  if (requested !== undefined) {
    const byId = displays.find((d) => d.id === requested);
    if (byId) return byId;
    const byPosition = Number.isInteger(requested) && requested >= 1 ? ordered[requested - 1] : undefined;
    if (byPosition) return byPosition;
    throw new Error(`--wall-display ${requested}: there are ${displays.length} displays (1 to ${displays.length} from left to right, or a display id)`);
  }
  const externals = displays.filter((d) => d.id !== primaryId && !d.internal);
  if (externals.length === 0) return null;
  const last = state.lastDisplay.wall;
  const remembered = last ? externals.find((d) => displayKey(d) === last) : undefined;
  if (remembered) return remembered;
  return externals.reduce((best, d) => (area(d.bounds) > area(best.bounds) ? d : best));
}

/**
 * issue 4: one wall window across several displays side by side (an LED wall driven as 2–4 outputs):
 * `span` is [first, last], 1-based positions from left to right. Returns one display whose bounds are the
 * union of those displays' bounds (the first one's id), or throws naming the problem.
 */
export function spanWallDisplays(displays: DisplayInfo[], span: readonly [number, number]): DisplayInfo {
  const ordered = [...displays].sort(leftToRight);
  const [from, to] = span;
  if (!(Number.isInteger(from) && Number.isInteger(to) && from >= 1 && to > from && to <= ordered.length)) {
    throw new Error(`--wall-span ${from}-${to}: give two displays or more, 1 to ${ordered.length} from left to right (e.g. 1-${Math.max(2, ordered.length)})`);
  }
  const chosen = ordered.slice(from - 1, to);
  const x = Math.min(...chosen.map((d) => d.bounds.x));
  const y = Math.min(...chosen.map((d) => d.bounds.y));
  const right = Math.max(...chosen.map((d) => d.bounds.x + d.bounds.width));
  const bottom = Math.max(...chosen.map((d) => d.bounds.y + d.bounds.height));
  const bounds = { x, y, width: right - x, height: bottom - y };
  return { id: chosen[0]!.id, bounds, workArea: bounds };
}

export function chooseOperatorDisplay(displays: DisplayInfo[], primaryId: number, state: WindowState, avoid?: DisplayInfo | null): DisplayInfo | null {
  if (displays.length === 0) return null;
  const last = state.lastDisplay.operator;
  const remembered = last ? displays.find((d) => displayKey(d) === last) : undefined;
  if (remembered && (!avoid || remembered.id !== avoid.id || displays.length === 1)) return remembered;
  const primary = displays.find((d) => d.id === primaryId) ?? displays[0]!;
  if (avoid && primary.id === avoid.id) return displays.find((d) => d.id !== avoid.id) ?? primary;
  return primary;
}

function overlap(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/** The operator window's bounds on `display`: where it was if at least half of it is still visible there, else centred. */
export function operatorPlacement(display: DisplayInfo, state: WindowState): Placement {
  const saved = state.placements.operator?.[displayKey(display)];
  if (saved && overlap(saved.bounds, display.workArea) >= area(saved.bounds) / 2) return saved;
  const wa = display.workArea;
  const width = Math.min(1600, Math.max(800, Math.round(wa.width * 0.85)), wa.width);
  const height = Math.min(1000, Math.max(600, Math.round(wa.height * 0.85)), wa.height);
  return { bounds: { x: wa.x + Math.round((wa.width - width) / 2), y: wa.y + Math.round((wa.height - height) / 2), width, height } };
}
