import { test } from 'node:test';
import assert from 'node:assert/strict';
import { keyAction, slideFromSearch, SLIDES } from '../../../src-renderer/present/slides.ts';

test('the keys a presenter remote sends move between the slides, clamped at both ends', () => {
  const n = SLIDES.length;
  for (const k of ['ArrowRight', 'PageDown', ' ', 'ArrowDown']) assert.deepEqual(keyAction(k, 1, n), { kind: 'go', slide: 2 });
  for (const k of ['ArrowLeft', 'PageUp', 'ArrowUp']) assert.deepEqual(keyAction(k, 1, n), { kind: 'go', slide: 0 });
  assert.deepEqual(keyAction('PageDown', n - 1, n), { kind: 'go', slide: n - 1 });
  assert.deepEqual(keyAction('PageUp', 0, n), { kind: 'go', slide: 0 });
  assert.deepEqual(keyAction('Home', 3, n), { kind: 'go', slide: 0 });
  assert.deepEqual(keyAction('End', 0, n), { kind: 'go', slide: n - 1 });
  assert.deepEqual(keyAction('f', 0, n), { kind: 'fullscreen' });
  assert.deepEqual(keyAction('Escape', 0, n), { kind: 'leave' });
  assert.equal(keyAction('x', 0, n), null);
});

test('the address can open a given slide', () => {
  assert.equal(slideFromSearch('?view=present&slide=3', 5), 2);
  assert.equal(slideFromSearch('?view=present&slide=9', 5), 0);
  assert.equal(slideFromSearch('?view=present', 5), 0);
});
