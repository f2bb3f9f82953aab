import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeEchartsGeoJson, decodeEchartsRing, EchartsDecodeError, type EchartsFeatureCollection } from '../../../src-main/demo/echarts-geo.ts';

// Hand-made: each pair of characters is (zig-zag(dx) + 64, zig-zag(dy) + 64) from the previous point,
// starting at encodeOffsets; zig-zag maps 0→0, -1→1, +1→2, +2→4, -3→5. '@' is 64, 'A' 65, 'B' 66, 'D' 68, 'E' 69.
const OFFSETS = [119950, 37488]; // 117.138671875 × 1024, 36.609375 × 1024

test('decodes a hand-encoded ring into lon/lat points (deltas, zig-zag, 1/1024 scale)', () => {
  const ring = decodeEchartsRing('@@B@@BAA', OFFSETS);
  assert.deepEqual(ring, [
    [117.138671875, 36.609375],
    [117.1396484375, 36.609375],
    [117.1396484375, 36.6103515625],
    [117.138671875, 36.609375],
  ]);
});

test('decodes larger steps in both directions', () => {
  const ring = decodeEchartsRing('@@DE', [1024, 2048]);
  assert.deepEqual(ring, [
    [1, 2],
    [1026 / 1024, 2045 / 1024],
  ]);
});

test('honours UTF8Scale and decodes Polygon and MultiPolygon features without touching the input', () => {
  const input: EchartsFeatureCollection = {
    type: 'FeatureCollection',
    UTF8Encoding: true,
    UTF8Scale: 10,
    features: [
      { type: 'Feature', id: 'a', properties: { name: 'A' }, geometry: { type: 'Polygon', coordinates: ['@@B@@BAA'], encodeOffsets: [[10, 20]] } },
      { type: 'Feature', id: 'b', properties: { name: 'B' }, geometry: { type: 'MultiPolygon', coordinates: [['@@B@'], ['@@@B']], encodeOffsets: [[[0, 0]], [[5, 5]]] } },
    ],
  };
  const before = JSON.stringify(input);
  const out = decodeEchartsGeoJson(input);
  assert.equal(JSON.stringify(input), before, 'the input is not mutated');
  assert.equal(out.UTF8Encoding, false);
  assert.deepEqual(out.features[0]!.geometry.coordinates, [
    [
      [1, 2],
      [1.1, 2],
      [1.1, 2.1],
      [1, 2],
    ],
  ]);
  assert.equal(out.features[0]!.geometry.encodeOffsets, undefined);
  assert.deepEqual(out.features[1]!.geometry.coordinates, [
    [
      [
        [0, 0],
        [0.1, 0],
      ],
    ],
    [
      [
        [0.5, 0.5],
        [0.5, 0.6],
      ],
    ],
  ]);
});

test('returns an unencoded collection as it is', () => {
  const plain: EchartsFeatureCollection = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [[[1, 2], [3, 4], [5, 6], [1, 2]]] } }] };
  assert.deepEqual(decodeEchartsGeoJson(plain), plain);
});

test('refuses malformed encodings with a clear error', () => {
  assert.throws(() => decodeEchartsRing('@@B', OFFSETS), EchartsDecodeError);
  assert.throws(() => decodeEchartsRing('@@', [1]), /encodeOffsets/);
  assert.throws(
    () => decodeEchartsGeoJson({ type: 'FeatureCollection', UTF8Encoding: true, features: [{ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: ['@@', '@@'], encodeOffsets: [[0, 0]] } }] }),
    /do not match/,
  );
});
