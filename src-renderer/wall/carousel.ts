// Issue 4: the carousel of an unattended wall — district, each street in turn, (layers) — every N seconds.
// Mouse or keyboard input pauses it; it resumes after resumeAfterSeconds without input. No React, no DOM:
// the clock and timers are passed in, so the sequencing is tested with fake timers.
import type { DisplaySettings } from '../../src-shared/settings.ts';

export type Bbox = [number, number, number, number];

export interface CarouselStop {
  kind: 'district' | 'street' | 'layer';
  id: string;
  /** A place name (district, street) or a layer name. */
  label: string;
  /** Where the camera goes; null = the whole district. */
  bbox: Bbox | null;
}

export interface CarouselPlace {
  id: string;
  name: string;
  bbox: Bbox | null;
}

export type CarouselSettings = DisplaySettings['carousel'];

/** The stops in order: the district, then every street with a known outline, then the layers. */
export function carouselStops(kinds: CarouselSettings['stops'], district: CarouselPlace | null, streets: readonly CarouselPlace[], layers: readonly { id: string; label: string }[]): CarouselStop[] {
  const out: CarouselStop[] = [];
  for (const kind of kinds) {
    if (kind === 'district' && district) out.push({ kind: 'district', id: district.id, label: district.name, bbox: null });
    if (kind === 'streets') for (const s of streets) if (s.bbox) out.push({ kind: 'street', id: s.id, label: s.name, bbox: s.bbox });
    if (kind === 'layers') for (const l of layers) out.push({ kind: 'layer', id: l.id, label: l.label, bbox: null });
  }
  return out;
}

export interface CarouselState {
  /** Switched on (settings or the wall's toggle). */
  enabled: boolean;
  /** Paused by input until `resumesAt`. */
  paused: boolean;
  resumesAt: number | null;
  index: number;
  stop: CarouselStop | null;
  stopStartedAt: number | null;
  stopEndsAt: number | null;
  /** Stops in the cycle. */
  count: number;
}

export interface CarouselTimers {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const IDLE: Omit<CarouselState, 'count' | 'enabled'> = { paused: false, resumesAt: null, index: -1, stop: null, stopStartedAt: null, stopEndsAt: null };

export class Carousel {
  private state: CarouselState = { ...IDLE, enabled: false, count: 0 };
  private stops: CarouselStop[] = [];
  private seconds = 20;
  private resumeAfterSeconds = 120;
  private stepHandle: unknown = null;
  private resumeHandle: unknown = null;
  private disposed = false;

  constructor(
    private readonly timers: CarouselTimers,
    private readonly onChange: (state: CarouselState) => void,
  ) {}

  getState(): CarouselState {
    return this.state;
  }

  /** New settings or stops; keeps the place in the cycle when the same stop is still there. */
  configure(options: { enabled: boolean; seconds: number; resumeAfterSeconds: number; stops: CarouselStop[] }): void {
    const currentId = this.state.stop ? `${this.state.stop.kind}:${this.state.stop.id}` : null;
    this.stops = options.stops;
    this.seconds = Math.max(1, options.seconds);
    this.resumeAfterSeconds = Math.max(1, options.resumeAfterSeconds);
    const kept = currentId ? this.stops.findIndex((s) => `${s.kind}:${s.id}` === currentId) : -1;
    const wasRunning = this.state.enabled && !this.state.paused && this.state.stop !== null;
    if (!options.enabled || this.stops.length === 0) {
      this.clearTimers();
      this.set({ ...IDLE, enabled: options.enabled && this.stops.length > 0, count: this.stops.length });
      return;
    }
    if (wasRunning && kept >= 0) {
      this.set({ ...this.state, index: kept, stop: this.stops[kept]!, count: this.stops.length });
      return;
    }
    if (this.state.enabled && this.state.paused) {
      this.set({ ...this.state, count: this.stops.length });
      return;
    }
    this.clearTimers();
    this.set({ ...this.state, enabled: true, count: this.stops.length });
    this.show(0);
  }

  /** Mouse or keyboard input: pause, and resume after resumeAfterSeconds of quiet. */
  touch(): void {
    if (this.disposed || !this.state.enabled) return;
    if (this.stepHandle !== null) this.timers.clearTimeout(this.stepHandle);
    this.stepHandle = null;
    if (this.resumeHandle !== null) this.timers.clearTimeout(this.resumeHandle);
    const wait = this.resumeAfterSeconds * 1000;
    this.resumeHandle = this.timers.setTimeout(() => {
      this.resumeHandle = null;
      this.show(this.state.index + 1);
    }, wait);
    this.set({ ...this.state, paused: true, resumesAt: this.timers.now() + wait, stopEndsAt: null });
  }

  dispose(): void {
    this.disposed = true;
    this.clearTimers();
  }

  private show(index: number): void {
    if (this.disposed || this.stops.length === 0) return;
    const i = ((index % this.stops.length) + this.stops.length) % this.stops.length;
    const now = this.timers.now();
    const ms = this.seconds * 1000;
    if (this.stepHandle !== null) this.timers.clearTimeout(this.stepHandle);
    this.stepHandle = this.timers.setTimeout(() => {
      this.stepHandle = null;
      this.show(i + 1);
    }, ms);
    this.set({ ...this.state, enabled: true, paused: false, resumesAt: null, index: i, stop: this.stops[i]!, stopStartedAt: now, stopEndsAt: now + ms, count: this.stops.length });
  }

  private clearTimers(): void {
    for (const h of [this.stepHandle, this.resumeHandle]) if (h !== null) this.timers.clearTimeout(h);
    this.stepHandle = null;
    this.resumeHandle = null;
  }

  private set(state: CarouselState): void {
    if (this.disposed) return;
    this.state = state;
    this.onChange(state);
  }
}

/** Bounding box [w, s, e, n] of a Polygon / MultiPolygon, or null. */
export function geometryBbox(geometry: { type: string; coordinates: unknown } | null | undefined): Bbox | null {
  if (!geometry) return null;
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  const visit = (c: unknown): void => {
    if (!Array.isArray(c)) return;
    if (c.length >= 2 && typeof c[0] === 'number' && typeof c[1] === 'number') {
      const [x, y] = c as [number, number];
      if (Number.isFinite(x) && Number.isFinite(y)) {
        w = Math.min(w, x);
        e = Math.max(e, x);
        s = Math.min(s, y);
        n = Math.max(n, y);
      }
      return;
    }
    for (const child of c) visit(child);
  };
  visit(geometry.coordinates);
  return Number.isFinite(w) && w < e && s < n ? [w, s, e, n] : null;
}
