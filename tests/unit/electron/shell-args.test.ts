import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { parseShellArgs } from '../../../src-main/electron/shell-args.ts';

test('picks our options out from among Electron, Chromium and test-driver switches', () => {
  const argv = ['/opt/electron', '--inspect=0', '--remote-debugging-port=0', '/app', '--wall-display', '2', '--data-dir=/tmp/x', '--speed', '60', '--enable-logging', '--config', 'c.json', '--wall'];
  assert.deepEqual(parseShellArgs(argv), { forceWall: true, wallDisplay: 2, dataDir: '/tmp/x', speed: 60, config: path.resolve('c.json') });
  assert.deepEqual(parseShellArgs(['/opt/electron', '/app']), { forceWall: false });
});

test('names the option that is malformed', () => {
  assert.throws(() => parseShellArgs(['--wall-display']), /--wall-display needs a value/);
  assert.throws(() => parseShellArgs(['--wall-display', 'left']), /--wall-display must be a positive number, got "left"/);
  assert.throws(() => parseShellArgs(['--speed=0']), /--speed must be a positive number/);
  assert.throws(() => parseShellArgs(['--config', '--wall']), /--config needs a value/);
});
