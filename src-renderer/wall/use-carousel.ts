// Issue 4: the carousel wired to the wall — stops from the boundaries and the settings, a toggle on the
// wall that overrides the setting for this screen, and mouse / keyboard input that pauses it.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Boundaries } from '../../src-shared/api.ts';
import type { DisplaySettings } from '../../src-shared/settings.ts';
import { Carousel, carouselStops, geometryBbox } from './carousel.ts';
import type { CarouselState } from './carousel.ts';

const INPUT_EVENTS = ['pointerdown', 'pointermove', 'wheel', 'keydown', 'touchstart'] as const;

export interface WallCarousel {
  state: CarouselState;
  /** The wall's own switch; null = follow the settings. */
  override: boolean | null;
  setOverride(on: boolean | null): void;
}

export function useCarousel(settings: DisplaySettings['carousel'], boundaries: Boundaries | null, districtLabel: string, layers: ReadonlyArray<{ id: string; label: string }>): WallCarousel {
  const [override, setOverride] = useState<boolean | null>(null);
  const [state, setState] = useState<CarouselState>({ enabled: false, paused: false, resumesAt: null, index: -1, stop: null, stopStartedAt: null, stopEndsAt: null, count: 0 });
  const carouselRef = useRef<Carousel | null>(null);
  if (!carouselRef.current) {
    carouselRef.current = new Carousel(
      { now: () => Date.now(), setTimeout: (fn, ms) => window.setTimeout(fn, ms), clearTimeout: (h) => window.clearTimeout(h as number) },
      setState,
    );
  }
  useEffect(() => () => carouselRef.current?.dispose(), []);

  const stops = useMemo(() => {
    const district = boundaries ? { id: boundaries.district.properties.id, name: districtLabel, bbox: null } : null;
    const streets = (boundaries?.streets ?? [])
      .map((f) => ({ id: f.properties.id, name: f.properties.name, bbox: geometryBbox(f.geometry) }))
      .sort((a, b) => a.id.localeCompare(b.id));
    return carouselStops(settings.stops, district, streets, layers);
  }, [boundaries, districtLabel, settings.stops, layers]);

  const enabled = override ?? settings.enabled;
  useEffect(() => {
    carouselRef.current?.configure({ enabled, seconds: settings.seconds, resumeAfterSeconds: settings.resumeAfterSeconds, stops });
  }, [enabled, settings.seconds, settings.resumeAfterSeconds, stops]);

  useEffect(() => {
    if (!enabled) return;
    let lastMove = 0;
    const onInput = (e: Event) => {
      // Ignore the synthetic moves some walls emit; a real move is a pointer that actually moved.
      if (e.type === 'pointermove') {
        const now = performance.now();
        if (now - lastMove < 250) return;
        lastMove = now;
      }
      const target = e.target as HTMLElement | null;
      if (target?.closest?.('[data-carousel-control]')) return; // the carousel's own buttons
      carouselRef.current?.touch();
    };
    for (const type of INPUT_EVENTS) window.addEventListener(type, onInput, { passive: true, capture: true });
    return () => {
      for (const type of INPUT_EVENTS) window.removeEventListener(type, onInput, { capture: true });
    };
  }, [enabled]);

  return { state, override, setOverride };
}
