// Issue 4: the carousel's sequence with fake timers, and the layout choice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Carousel, carouselStops, geometryBbox } from '../../../src-renderer/wall/carousel.ts';
import type { CarouselState } from '../../../src-renderer/wall/carousel.ts';
import { chooseLayout, textScaleOf } from '../../../src-renderer/wall/layout.ts';

function fakeTimers() {
  let now = 0;
  let next = 1;
  const pending = new Map<number, { at: number; fn: () => void }>();
  return {
    now: () => now,
    setTimeout(fn: () => void, ms: number) {
      const id = next++;
      pending.set(id, { at: now + ms, fn });
      return id;
    },
    clearTimeout(h: unknown) {
      pending.delete(h as number);
    },
    advance(ms: number) {
      const until = now + ms;
      for (;;) {
        const due = [...pending.entries()].filter(([, p]) => p.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        pending.delete(due[0]);
        now = due[1].at;
        due[1].fn();
      }
      now = until;
    },
    pendingCount: () => pending.size,
  };
}

const streets = [
  { id: '370102001', name: '解放路街道', bbox: [117.0, 36.6, 117.1, 36.7] as [number, number, number, number] },
  { id: '370102002', name: '千佛山街道', bbox: [117.1, 36.6, 117.2, 36.7] as [number, number, number, number] },
  { id: '370102099', name: '无轮廓', bbox: null },
];
const district = { id: '370102', name: '历下区', bbox: null };

test('stops: the district, then each street with an outline, then the layers, as the settings order them', () => {
  const stops = carouselStops(['district', 'streets', 'layers'], district, streets, [{ id: 'grids', label: '网格' }]);
  assert.deepEqual(stops.map((s) => `${s.kind}:${s.id}`), ['district:370102', 'street:370102001', 'street:370102002', 'layer:grids']);
  assert.deepEqual(carouselStops(['streets'], district, streets, []).map((s) => s.id), ['370102001', '370102002']);
  assert.deepEqual(stops[1]!.bbox, [117.0, 36.6, 117.1, 36.7]);
  assert.equal(stops[0]!.bbox, null, 'the district is the whole map');
});

test('advances every N seconds, wraps around, pauses on input and resumes after the idle time', () => {
  const timers = fakeTimers();
  const seen: CarouselState[] = [];
  const c = new Carousel(timers, (s) => seen.push(s));
  const stops = carouselStops(['district', 'streets'], district, streets, []);
  c.configure({ enabled: true, seconds: 20, resumeAfterSeconds: 120, stops });
  assert.equal(c.getState().stop?.id, '370102');
  timers.advance(19_999);
  assert.equal(c.getState().stop?.id, '370102');
  timers.advance(1);
  assert.equal(c.getState().stop?.id, '370102001');
  timers.advance(40_000);
  assert.equal(c.getState().stop?.id, '370102', 'wraps to the district');
  // Input: paused where it is, for 120 s after the LAST input.
  timers.advance(5_000);
  c.touch();
  assert.equal(c.getState().paused, true);
  timers.advance(100_000);
  c.touch();
  timers.advance(119_999);
  assert.equal(c.getState().stop?.id, '370102', 'still paused');
  assert.equal(c.getState().paused, true);
  timers.advance(1);
  assert.equal(c.getState().paused, false);
  assert.equal(c.getState().stop?.id, '370102001', 'resumes with the next stop');
  assert.equal(c.getState().stopEndsAt, timers.now() + 20_000);
  // Off: no timers left, no stop shown.
  c.configure({ enabled: false, seconds: 20, resumeAfterSeconds: 120, stops });
  assert.equal(c.getState().stop, null);
  assert.equal(c.getState().enabled, false);
  assert.equal(timers.pendingCount(), 0);
  c.touch();
  assert.equal(timers.pendingCount(), 0, 'input does nothing while off');
  c.dispose();
});

test('new settings keep the current stop; no stops means off', () => {
  const timers = fakeTimers();
  const c = new Carousel(timers, () => {});
  const stops = carouselStops(['district', 'streets'], district, streets, []);
  c.configure({ enabled: true, seconds: 10, resumeAfterSeconds: 60, stops });
  timers.advance(10_000);
  assert.equal(c.getState().stop?.id, '370102001');
  c.configure({ enabled: true, seconds: 30, resumeAfterSeconds: 60, stops: [...stops] });
  assert.equal(c.getState().stop?.id, '370102001');
  c.configure({ enabled: true, seconds: 30, resumeAfterSeconds: 60, stops: [] });
  assert.equal(c.getState().enabled, false);
  assert.equal(c.getState().stop, null);
  c.dispose();
});

test('bbox of polygons and multipolygons', () => {
  assert.deepEqual(geometryBbox({ type: 'Polygon', coordinates: [[[1, 2], [3, 2], [3, 5], [1, 2]]] }), [1, 2, 3, 5]);
  assert.deepEqual(geometryBbox({ type: 'MultiPolygon', coordinates: [[[[1, 2], [3, 2], [3, 5], [1, 2]]], [[[-1, 0], [0, 0], [0, 1], [-1, 0]]]] }), [-1, 0, 3, 5]);
  assert.equal(geometryBbox({ type: 'Polygon', coordinates: [] }), null);
  assert.equal(geometryBbox(null), null);
});

test('layout: auto picks by aspect ratio and height; a setting forces it; text scale is bounded', () => {
  assert.equal(chooseLayout('auto', 1920, 1080), '1920x1080');
  assert.equal(chooseLayout('auto', 3840, 2160), '3840x2160');
  assert.equal(chooseLayout('auto', 7680, 2160), '7680x2160');
  assert.equal(chooseLayout('auto', 3840, 1080), '7680x2160', 'two 16:9 displays side by side');
  assert.equal(chooseLayout('auto', 2560, 1080), '1920x1080', '21:9 is not yet 32:9');
  assert.equal(chooseLayout('7680x2160', 1920, 1080), '7680x2160');
  assert.equal(chooseLayout('auto', 0, 0), '1920x1080');
  assert.equal(textScaleOf({ textScale: 1.5 }), 1.5);
  assert.equal(textScaleOf({ textScale: 9 }), 2);
  assert.equal(textScaleOf(null), 1);
});
