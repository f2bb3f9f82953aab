import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fieldErrors } from '../../../src-renderer/settings/field-errors.ts';

test('puts the host message next to the field it names, deepest known segment first', () => {
  assert.deepEqual(fieldErrors('saveEndpoint: url: must be an http:// or https:// URL', ['url', 'token']), {
    fields: { url: 'must be an http:// or https:// URL' },
    general: null,
  });
  assert.deepEqual(fieldErrors('display: carousel.seconds: Too small: expected number to be >=5; layout: Invalid option', ['layout', 'seconds', 'carousel']), {
    fields: { seconds: 'Too small: expected number to be >=5', layout: 'Invalid option' },
    general: null,
  });
});

test('what names no field of the form stays a general message', () => {
  assert.deepEqual(fieldErrors('updateSettings: alarm is set by the console config file and can only be changed there', ['sound']), {
    fields: {},
    general: 'alarm is set by the console config file and can only be changed there',
  });
  assert.deepEqual(fieldErrors('signIn: sign in first', ['url']).general, 'sign in first');
});
