// The presentation's pure part: the slides in order and what a key does. Presenter remotes send
// PageDown/PageUp (some send arrows or Space), so all of them move; F toggles full screen, Esc leaves.
export const SLIDES = ['overview', 'map', 'streets', 'index', 'overdue'] as const;
export type SlideName = (typeof SLIDES)[number];

export type PresentAction = { kind: 'go'; slide: number } | { kind: 'fullscreen' } | { kind: 'leave' } | null;

/** What `key` (KeyboardEvent.key) does on slide `current` of `count`. */
export function keyAction(key: string, current: number, count: number): PresentAction {
  const go = (slide: number): PresentAction => ({ kind: 'go', slide: Math.max(0, Math.min(count - 1, slide)) });
  switch (key) {
    case 'ArrowRight':
    case 'ArrowDown':
    case 'PageDown':
    case ' ':
    case 'Enter':
      return go(current + 1);
    case 'ArrowLeft':
    case 'ArrowUp':
    case 'PageUp':
    case 'Backspace':
      return go(current - 1);
    case 'Home':
      return go(0);
    case 'End':
      return go(count - 1);
    case 'f':
    case 'F':
      return { kind: 'fullscreen' };
    case 'Escape':
      return { kind: 'leave' };
    default:
      return null;
  }
}

/** The slide in the address (`slide=1..n`), 0-based; the first when absent or out of range. */
export function slideFromSearch(search: string, count: number): number {
  const n = Number(new URLSearchParams(search).get('slide'));
  return Number.isInteger(n) && n >= 1 && n <= count ? n - 1 : 0;
}
