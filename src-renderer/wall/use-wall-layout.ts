// Issue 4: the wall's arrangement and type scale for the window it is in. The root font size itself is
// CSS (wall-display.css, from the viewport height), so it is right on the first frame; this hook picks
// the arrangement and applies the settings' text scale, then tells the type-scale readers (the map).
import { useEffect, useState } from 'react';
import type { DisplaySettings } from '../../src-shared/settings.ts';
import { chooseLayout, isWideLayout, textScaleOf } from './layout.ts';
import type { WallLayout } from './layout.ts';

function windowSize(): { width: number; height: number } {
  return { width: window.innerWidth, height: window.innerHeight };
}

export function useWallLayout(display: DisplaySettings): WallLayout {
  const [size, setSize] = useState(windowSize);
  useEffect(() => {
    const onResize = () => setSize((prev) => {
      const next = windowSize();
      return prev.width === next.width && prev.height === next.height ? prev : next;
    });
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  const layout = chooseLayout(display.layout, size.width, size.height);
  const wide = isWideLayout(layout);
  const scale = textScaleOf(display);
  useEffect(() => {
    const root = document.documentElement;
    root.dataset.wallDisplay = wide ? 'wide' : 'standard';
    root.style.setProperty('--wall-text-scale', String(scale));
    // The map and charts read the root size on 'resize'.
    window.dispatchEvent(new Event('resize'));
  }, [wide, scale]);
  useEffect(
    () => () => {
      delete document.documentElement.dataset.wallDisplay;
      document.documentElement.style.removeProperty('--wall-text-scale');
    },
    [],
  );
  return layout;
}
