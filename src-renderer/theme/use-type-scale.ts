import { useEffect, useState } from 'react';

/** Root font size / 16: the wall's type scale, which follows the display size (see wall.css). */
export function readTypeScale(): number {
  const px = Number.parseFloat(getComputedStyle(document.documentElement).fontSize);
  return Number.isFinite(px) && px > 0 ? px / 16 : 1;
}

export function useTypeScale(): number {
  const [scale, setScale] = useState(readTypeScale);
  useEffect(() => {
    const onResize = () => setScale((prev) => {
      const next = readTypeScale();
      return Math.abs(next - prev) > 0.01 ? next : prev;
    });
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  return scale;
}
