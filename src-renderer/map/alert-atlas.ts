// The video-alert marker, drawn in code on a canvas (a diamond outline around a small diamond), used as a
// mask so deck.gl colours it by severity. Nothing is fetched: the page's CSP allows no data: fetches.
import { ALERT_ICON_SIZE } from './layers/registry.ts';

export function createAlertAtlas(): HTMLCanvasElement | null {
  const canvas = document.createElement('canvas');
  canvas.width = ALERT_ICON_SIZE;
  canvas.height = ALERT_ICON_SIZE;
  const ctx = canvas.getContext('2d');
  if (!ctx) return null;
  const c = ALERT_ICON_SIZE / 2;
  const diamond = (r: number) => {
    ctx.beginPath();
    ctx.moveTo(c, c - r);
    ctx.lineTo(c + r, c);
    ctx.lineTo(c, c + r);
    ctx.lineTo(c - r, c);
    ctx.closePath();
  };
  ctx.fillStyle = '#fff';
  ctx.strokeStyle = '#fff';
  ctx.lineJoin = 'miter';
  ctx.lineWidth = 7;
  diamond(c - 5);
  ctx.stroke();
  diamond(c * 0.36);
  ctx.fill();
  return canvas;
}
