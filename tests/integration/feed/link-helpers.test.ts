// Pure helpers of the feed link (kept beside the feed tests: this part of the tree is the feed's).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backoffDelay } from '../../../src-main/feed/backoff.ts';
import { describeConnectError, feedUrl } from '../../../src-main/feed/subcentre-link.ts';

test('the endpoint URL gets the /sfp1 namespace exactly once', () => {
  assert.equal(feedUrl('http://10.1.12.5:7312'), 'http://10.1.12.5:7312/sfp1');
  assert.equal(feedUrl('http://10.1.12.5:7312/'), 'http://10.1.12.5:7312/sfp1');
  assert.equal(feedUrl('https://hub.example/sfp1'), 'https://hub.example/sfp1');
  assert.equal(feedUrl('https://hub.example/sfp1/'), 'https://hub.example/sfp1');
  assert.throws(() => feedUrl('not a url'));
});

test('backoff is exponential with full jitter, capped at the maximum', () => {
  const top = () => 0.999999;
  assert.deepEqual([0, 1, 2, 3, 10, 100].map((n) => backoffDelay(n, { baseMs: 500, maxMs: 30_000, random: top })), [499, 999, 1999, 3999, 29_999, 29_999]);
  assert.equal(backoffDelay(5, { random: () => 0 }), 0);
  const r = backoffDelay(3, { baseMs: 100, maxMs: 10_000, random: () => 0.5 });
  assert.equal(r, 400);
});

test('connection errors read as the server said them, or as the network error code', () => {
  assert.equal(describeConnectError(new Error('unauthorized')), 'unauthorized');
  assert.equal(describeConnectError(Object.assign(new Error('websocket error'), { description: { error: { code: 'ECONNREFUSED' } } })), 'ECONNREFUSED');
  assert.equal(describeConnectError(Object.assign(new Error('websocket error'), { description: { code: 'ENOTFOUND' } })), 'ENOTFOUND');
  assert.equal(describeConnectError(null), 'connection failed');
});
