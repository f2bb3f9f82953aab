// Issue 4: one wall window across several displays (--wall-span A-B).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseShellArgs } from '../../../src-main/electron/shell-args.ts';
import { spanWallDisplays } from '../../../src-main/electron/window-placement.ts';
import type { DisplayInfo } from '../../../src-main/electron/window-placement.ts';

const d = (id: number, x: number, width = 3840, height = 2160): DisplayInfo => ({ id, bounds: { x, y: 0, width, height }, workArea: { x, y: 0, width, height } });

test('--wall-span takes two display positions', () => {
  assert.deepEqual(parseShellArgs(['--wall-span', '2-3']).wallSpan, [2, 3]);
  assert.deepEqual(parseShellArgs(['--wall-span=1-4']).wallSpan, [1, 4]);
  assert.throws(() => parseShellArgs(['--wall-span', '3']), /--wall-span must be two display positions/);
  assert.throws(() => parseShellArgs(['--wall-span', '2-2']), /--wall-span/);
  assert.throws(() => parseShellArgs(['--wall-span']), /--wall-span/);
});

test('the spanned wall covers the union of the chosen displays, counted from left to right', () => {
  const displays = [d(30, 7680), d(10, 0, 1920, 1080), d(20, 1920), d(40, 5760)];
  // Left to right: 10 (0), 20 (1920), 40 (5760), 30 (7680).
  const span = spanWallDisplays(displays, [2, 4]);
  assert.equal(span.id, 20);
  assert.deepEqual(span.bounds, { x: 1920, y: 0, width: 7680 + 3840 - 1920, height: 2160 });
  assert.throws(() => spanWallDisplays(displays, [3, 5]), /1 to 4 from left to right/);
  assert.throws(() => spanWallDisplays(displays, [2, 2]), /--wall-span 2-2/);
});
