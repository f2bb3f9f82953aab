// Incident markers by event category (GB/T 30428 major categories as the demo and most deployments name
// them): one silhouette per category, drawn in code as SVG paths in a 64×64 box. The same paths draw the
// deck.gl icon atlas (a canvas, used as a mask so the icon takes the 三色 severity colour) and the legend
// (inline SVG). Nothing is fetched.
export const CATEGORY_ICON_SIZE = 64;

function star(points: number, outer: number, inner: number): string {
  const parts: string[] = [];
  for (let i = 0; i < points * 2; i++) {
    const r = i % 2 === 0 ? outer : inner;
    const a = (Math.PI * i) / points - Math.PI / 2;
    parts.push(`${i === 0 ? 'M' : 'L'}${(32 + r * Math.cos(a)).toFixed(1)} ${(32 + r * Math.sin(a)).toFixed(1)}`);
  }
  return `${parts.join(' ')} Z`;
}

function polygon(sides: number, r: number, rotate = 0): string {
  const parts: string[] = [];
  for (let i = 0; i < sides; i++) {
    const a = (2 * Math.PI * i) / sides + rotate;
    parts.push(`${i === 0 ? 'M' : 'L'}${(32 + r * Math.cos(a)).toFixed(1)} ${(32 + r * Math.sin(a)).toFixed(1)}`);
  }
  return `${parts.join(' ')} Z`;
}

export interface CategoryShape {
  id: string;
  /** SVG path data in the 64×64 box. */
  path: string;
}

/** The shapes, in atlas order; the last one is for categories not listed below. */
export const CATEGORY_SHAPES: readonly CategoryShape[] = [
  { id: 'circle', path: 'M32 6 A26 26 0 1 1 31.99 6 Z' },
  { id: 'square', path: 'M9 9 H55 V55 H9 Z' },
  { id: 'triangle', path: 'M32 4 L60 56 H4 Z' },
  { id: 'bubble', path: 'M6 8 H58 V44 H30 L16 58 V44 H6 Z' },
  { id: 'star', path: star(5, 30, 13) },
  { id: 'hexagon', path: polygon(6, 28) },
  { id: 'shield', path: 'M32 4 L57 13 V31 C57 46 46 55 32 61 C18 55 7 46 7 31 V13 Z' },
  { id: 'house', path: 'M32 4 L60 30 H53 V59 H11 V30 H4 Z' },
  { id: 'octagon', path: polygon(8, 28, Math.PI / 8) },
];

/** Category major name → shape index (names as in the demo catalogue and SFP/1 payloads). */
const SHAPE_BY_MAJOR: Readonly<Record<string, number>> = {
  市容环境: 0,
  街面秩序: 1,
  施工管理: 2,
  宣传广告: 3,
  突发事件: 4,
  矛盾纠纷: 5,
  安全隐患: 6,
  民生服务: 7,
};
export const OTHER_SHAPE = CATEGORY_SHAPES.length - 1;

export function shapeOfCategory(major: string | undefined): number {
  return (major !== undefined ? SHAPE_BY_MAJOR[major] : undefined) ?? OTHER_SHAPE;
}

export interface IconFrame {
  x: number;
  y: number;
  width: number;
  height: number;
  mask: true;
}

/**
 * deck.gl's iconMapping keyed by the incident buffer's category code ("0", "1", …, and "255" for none):
 * the buffer's codes follow the order categories arrived in, so the mapping is rebuilt from its names.
 */
export function categoryIconMapping(categoryNames: readonly string[], unknownCode: number): Record<string, IconFrame> {
  const frame = (shape: number): IconFrame => ({ x: shape * CATEGORY_ICON_SIZE, y: 0, width: CATEGORY_ICON_SIZE, height: CATEGORY_ICON_SIZE, mask: true });
  const mapping: Record<string, IconFrame> = { [String(unknownCode)]: frame(OTHER_SHAPE) };
  categoryNames.forEach((name, code) => {
    mapping[String(code)] = frame(shapeOfCategory(name));
  });
  return mapping;
}

/** The atlas: every shape side by side, white on transparent, with a transparent cut so neighbours separate. */
export function createCategoryAtlas(): HTMLCanvasElement | null {
  if (typeof document === 'undefined' || typeof Path2D === 'undefined') return null;
  const canvas = document.createElement('canvas');
  canvas.width = CATEGORY_ICON_SIZE * CATEGORY_SHAPES.length;
  canvas.height = CATEGORY_ICON_SIZE;
  const ctx = canvas.getContext('2d');
  if (!ctx) return null;
  CATEGORY_SHAPES.forEach((shape, i) => {
    ctx.save();
    ctx.translate(i * CATEGORY_ICON_SIZE, 0);
    const path = new Path2D(shape.path);
    ctx.fillStyle = '#fff';
    ctx.fill(path);
    // A darker rim (alpha, as the icon is a mask) keeps touching markers apart.
    ctx.globalCompositeOperation = 'destination-out';
    ctx.strokeStyle = 'rgba(0,0,0,0.45)';
    ctx.lineWidth = 5;
    ctx.stroke(path);
    ctx.restore();
  });
  return canvas;
}
