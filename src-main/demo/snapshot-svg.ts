// A generated "camera frame" for a video alert: a dark street scene with a few shapes, the red
// detection box with the kind and confidence, and the usual OSD overlay (camera name, time).
// Returned as a data URI (`data:image/svg+xml;base64,...`), kept well under 8 KB.
import type { Random } from './random.ts';

export interface SnapshotInput {
  kind: string;
  /** Chinese label of the kind, e.g. "占道经营". */
  label: string;
  cameraName: string;
  /** Already formatted, e.g. "2026-11-23 08:01:02". */
  time: string;
  confidence: number;
}

const W = 480;
const H = 270;

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const n = (x: number): string => String(Math.round(x));

function scene(kind: string, rnd: Random): { shapes: string; box: [number, number, number, number] } {
  const parts: string[] = [];
  // Buildings along the horizon.
  let x = 0;
  while (x < W) {
    const w = rnd.int(40, 90);
    const h = rnd.int(50, 120);
    const shade = rnd.int(28, 48);
    parts.push(`<rect x="${x}" y="${120 - h}" width="${w - 4}" height="${h}" fill="rgb(${shade},${shade + 4},${shade + 10})"/>`);
    for (let k = rnd.int(0, 3); k > 0; k--) parts.push(`<rect x="${x + rnd.int(4, w - 14)}" y="${120 - h + rnd.int(6, h - 14)}" width="6" height="8" fill="#c8b46a" opacity="0.7"/>`);
    x += w;
  }
  // The road in perspective, with lane marks.
  parts.push(`<path d="M0 ${H}L${W} ${H}L${W * 0.62} 120L${W * 0.38} 120Z" fill="#2a2d33"/>`);
  parts.push(`<path d="M${W / 2} ${H}L${W / 2} 120" stroke="#8a8a6a" stroke-width="3" stroke-dasharray="14 12"/>`);
  // A few cars or people, depending on the scene.
  const things = rnd.int(2, 5);
  for (let i = 0; i < things; i++) {
    const cx = rnd.int(30, W - 80);
    const cy = rnd.int(150, H - 40);
    if (kind === 'crowd' || kind === 'fall' || kind === 'intrusion') parts.push(`<circle cx="${cx}" cy="${cy}" r="${rnd.int(6, 10)}" fill="#5d6470"/>`);
    else parts.push(`<rect x="${cx}" y="${cy}" width="${rnd.int(40, 70)}" height="${rnd.int(20, 30)}" rx="5" fill="#4b5361"/>`);
  }
  let bw = rnd.int(80, 150);
  let bh = rnd.int(60, 110);
  const bx = rnd.int(40, W - bw - 40);
  const by = rnd.int(110, H - bh - 20);
  switch (kind) {
    case 'crowd':
      for (let i = 0; i < 9; i++) parts.push(`<circle cx="${bx + rnd.int(10, bw - 10)}" cy="${by + rnd.int(15, bh - 10)}" r="${rnd.int(6, 9)}" fill="#8a8f99"/>`);
      break;
    case 'fire-smoke':
      parts.push(`<ellipse cx="${bx + bw / 2}" cy="${by + bh / 2}" rx="${bw / 2.4}" ry="${bh / 2.2}" fill="#777" opacity="0.7"/>`);
      parts.push(`<path d="M${bx + bw / 2 - 15} ${by + bh}Q${bx + bw / 2} ${by + bh / 3} ${bx + bw / 2 + 15} ${by + bh}Z" fill="#f0801e"/>`);
      break;
    case 'illegal-parking':
      parts.push(`<rect x="${bx + 8}" y="${by + bh / 3}" width="${bw - 16}" height="${bh / 2}" rx="8" fill="#9aa3b5"/>`);
      break;
    case 'street-vending':
      parts.push(`<rect x="${bx + 10}" y="${by + bh / 2}" width="${bw - 20}" height="${bh / 3}" fill="#b08a50"/><path d="M${bx + 5} ${by + bh / 2}L${bx + bw / 2} ${by + 10}L${bx + bw - 5} ${by + bh / 2}Z" fill="#c0504d"/>`);
      break;
    case 'garbage-overflow':
      parts.push(`<rect x="${bx + bw / 4}" y="${by + bh / 4}" width="${bw / 2}" height="${(bh * 3) / 4}" fill="#3d7a44"/><ellipse cx="${bx + bw / 2}" cy="${by + bh / 4}" rx="${bw / 2.5}" ry="${bh / 6}" fill="#6b6b55"/>`);
      break;
    case 'flood':
      bw = Math.min(W - bx - 10, bw + 60);
      parts.push(`<ellipse cx="${bx + bw / 2}" cy="${by + (bh * 2) / 3}" rx="${bw / 2}" ry="${bh / 4}" fill="#3b5f7a" opacity="0.85"/>`);
      break;
    case 'fall':
      bh = Math.max(50, Math.round(bh / 1.5));
      parts.push(`<rect x="${bx + 10}" y="${by + bh / 2}" width="${bw - 20}" height="14" rx="7" fill="#a0a6b0"/><circle cx="${bx + bw - 14}" cy="${by + bh / 2 + 7}" r="9" fill="#a0a6b0"/>`);
      break;
    default:
      parts.push(`<rect x="${bx + bw / 3}" y="${by + 10}" width="${bw / 3}" height="${bh - 20}" rx="10" fill="#a0a6b0"/>`);
  }
  return { shapes: parts.join(''), box: [bx, by, bw, bh] };
}

/** The SVG text of the frame. */
export function renderAlertSnapshotSvg(input: SnapshotInput, rnd: Random): string {
  const { shapes, box } = scene(input.kind, rnd);
  const [bx, by, bw, bh] = box;
  const tag = `${input.label} ${Math.round(input.confidence * 100)}%`;
  const tagW = 18 + tag.length * 13;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="Noto Sans CJK SC,Microsoft YaHei,sans-serif">` +
    `<defs><linearGradient id="s" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#0b1020"/><stop offset="1" stop-color="#1c2230"/></linearGradient></defs>` +
    `<rect width="${W}" height="${H}" fill="url(#s)"/>${shapes}` +
    `<rect x="${bx}" y="${by}" width="${bw}" height="${bh}" fill="none" stroke="#ff2a2a" stroke-width="3"/>` +
    `<rect x="${bx}" y="${Math.max(0, by - 22)}" width="${n(tagW)}" height="20" fill="#ff2a2a"/>` +
    `<text x="${bx + 6}" y="${Math.max(0, by - 22) + 15}" font-size="14" fill="#fff">${esc(tag)}</text>` +
    `<text x="10" y="22" font-size="15" fill="#fff" stroke="#000" stroke-width="0.6">${esc(input.cameraName)}</text>` +
    `<text x="${W - 10}" y="22" font-size="14" fill="#fff" text-anchor="end" stroke="#000" stroke-width="0.6">${esc(input.time)}</text>` +
    `<circle cx="${W - 20}" cy="${H - 18}" r="6" fill="#ff2a2a"/><text x="${W - 32}" y="${H - 13}" font-size="13" fill="#fff" text-anchor="end">REC</text>` +
    `</svg>`
  );
}

export function renderAlertSnapshot(input: SnapshotInput, rnd: Random): string {
  return `data:image/svg+xml;base64,${Buffer.from(renderAlertSnapshotSvg(input, rnd), 'utf8').toString('base64')}`;
}
