import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  chooseOperatorDisplay,
  chooseWallDisplay,
  EMPTY_WINDOW_STATE,
  loadWindowState,
  operatorPlacement,
  rememberPlacement,
  saveWindowState,
  type DisplayInfo,
} from '../../../src-main/electron/window-placement.ts';

const display = (id: number, x: number, width: number, height: number, internal = false): DisplayInfo => ({
  id,
  bounds: { x, y: 0, width, height },
  workArea: { x, y: 0, width, height: height - 40 },
  internal,
});
const laptop = display(1, 0, 1920, 1080, true);
const wallSmall = display(2, 1920, 1920, 1080);
const wallBig = display(3, 3840, 3840, 2160);

test('puts the wall on the largest external display, and on none when there is only one display', () => {
  assert.equal(chooseWallDisplay([laptop, wallSmall, wallBig], 1, EMPTY_WINDOW_STATE)?.id, 3);
  assert.equal(chooseWallDisplay([laptop], 1, EMPTY_WINDOW_STATE), null);
});

test('--wall-display picks a display by left-to-right position or by id, and names the range when wrong', () => {
  assert.equal(chooseWallDisplay([wallBig, laptop, wallSmall], 1, EMPTY_WINDOW_STATE, 2)?.id, 2);
  assert.equal(chooseWallDisplay([wallBig, laptop, wallSmall], 1, EMPTY_WINDOW_STATE, 1)?.id, 1);
  assert.equal(chooseWallDisplay([wallBig, laptop, wallSmall], 1, EMPTY_WINDOW_STATE, 3)?.id, 3);
  assert.throws(() => chooseWallDisplay([laptop, wallSmall], 1, EMPTY_WINDOW_STATE, 5), /2 displays \(1 to 2/);
});

test('the wall returns to the display it was on last while that display is still there', () => {
  const state = rememberPlacement(EMPTY_WINDOW_STATE, 'wall', wallSmall, { bounds: wallSmall.bounds });
  assert.equal(chooseWallDisplay([laptop, wallSmall, wallBig], 1, state)?.id, 2);
  assert.equal(chooseWallDisplay([laptop, wallBig], 1, state)?.id, 3);
});

test('the operator window keeps its place per display, and is centred where that place is off-screen', () => {
  const moved = { bounds: { x: 100, y: 80, width: 1200, height: 800 }, maximized: false };
  const state = rememberPlacement(EMPTY_WINDOW_STATE, 'operator', laptop, moved);
  assert.deepEqual(operatorPlacement(laptop, state), moved);
  const elsewhere = operatorPlacement(wallSmall, state);
  assert.ok(elsewhere.bounds.x >= wallSmall.workArea.x && elsewhere.bounds.x + elsewhere.bounds.width <= wallSmall.workArea.x + wallSmall.workArea.width);
  const offScreen = rememberPlacement(EMPTY_WINDOW_STATE, 'operator', laptop, { bounds: { x: 5000, y: 5000, width: 1200, height: 800 } });
  const centred = operatorPlacement(laptop, offScreen);
  assert.ok(centred.bounds.x >= 0 && centred.bounds.y >= 0 && centred.bounds.x + centred.bounds.width <= 1920);
});

test('the operator window avoids the wall display when there is another one', () => {
  assert.equal(chooseOperatorDisplay([laptop, wallBig], 1, EMPTY_WINDOW_STATE, wallBig)?.id, 1);
  assert.equal(chooseOperatorDisplay([laptop, wallBig], 3, EMPTY_WINDOW_STATE, wallBig)?.id, 1);
  assert.equal(chooseOperatorDisplay([laptop], 1, EMPTY_WINDOW_STATE, laptop)?.id, 1);
});

test('window state survives a save and load, and a broken file reads as empty', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'superbrain-winstate-'));
  try {
    const file = path.join(dir, 'window-state.json');
    assert.deepEqual(loadWindowState(file), EMPTY_WINDOW_STATE);
    const state = rememberPlacement(EMPTY_WINDOW_STATE, 'operator', laptop, { bounds: { x: 10, y: 20, width: 1000, height: 700 }, maximized: true });
    saveWindowState(file, state);
    assert.deepEqual(loadWindowState(file), state);
    writeFileSync(file, '{"version": 1, "placements": {"operator": {"x": {"bounds": {"x": "left"}}}}}');
    assert.deepEqual(loadWindowState(file), EMPTY_WINDOW_STATE);
    writeFileSync(file, 'not json');
    assert.deepEqual(loadWindowState(file), EMPTY_WINDOW_STATE);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
