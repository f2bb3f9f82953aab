// Issue 8: every file the console imports besides its config — the district boundaries and the index
// model — fuzzed: random text, random JSON, mutated real files with `__proto__` keys, NaN, deep nesting
// and huge strings. The loader returns a valid result or throws its own error naming the file; nothing
// else escapes and nothing is polluted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { BoundariesError, loadBoundaries } from '../../../src-main/runtime/boundaries.ts';
import { IndexModelError, parseIndexModel } from '../../../src-shared/domain/index-model.ts';
import { fuzzRuns } from '../../support/fuzz-runs.ts';

const root = path.resolve(import.meta.dirname, '../../..');
const nasty = fc.oneof(
  fc.anything({ maxDepth: 3, withBigInt: false }),
  fc.constantFrom(NaN, -1, 0, '', null, [], {}, 'x'.repeat(100_000), 1e308),
  fc.constant(JSON.parse('{"__proto__": {"polluted": true}}')),
  fc.integer({ min: 50, max: 400 }).map((d) => { let v: unknown = 1; for (let i = 0; i < d; i++) v = [v]; return v; }),
);

/** Replaces a random path inside a JSON value (objects and arrays) with `value`. */
function mutate(json: unknown, pathSeed: number[], value: unknown): unknown {
  const copy = structuredClone(json) as Record<string, unknown>;
  let node: unknown = copy;
  for (let i = 0; i < pathSeed.length; i++) {
    if (!node || typeof node !== 'object') break;
    const keys = Object.keys(node as object);
    if (keys.length === 0) break;
    const key = keys[pathSeed[i]! % keys.length]!;
    if (i === pathSeed.length - 1 || typeof (node as Record<string, unknown>)[key] !== 'object') {
      Object.defineProperty(node, key === '0' && pathSeed[0]! % 10 === 0 ? '__proto__' : key, { value, enumerable: true, writable: true, configurable: true });
      break;
    }
    node = (node as Record<string, unknown>)[key];
  }
  return copy;
}

test('district boundaries: random and mutated files load or fail with a BoundariesError', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sb-fuzz-bounds-'));
  try {
    const src = path.join(root, 'resources/demo/lixia');
    cpSync(src, dir, { recursive: true });
    const files = ['district.geojson', 'streets.geojson', 'communities.geojson', 'grids.geojson'];
    const originals = new Map(files.map((f) => [f, JSON.parse(readFileSync(path.join(src, f), 'utf8')) as unknown]));
    fc.assert(
      fc.property(fc.constantFrom(...files), fc.oneof(fc.string().map((s) => ({ text: s })), nasty.map((v) => ({ value: v })), fc.tuple(fc.array(fc.nat(), { minLength: 1, maxLength: 6 }), nasty).map(([p, v]) => ({ path: p, value: v }))), (file, how) => {
        for (const f of files) writeFileSync(path.join(dir, f), JSON.stringify(originals.get(f)));
        const text = 'text' in how ? how.text : JSON.stringify('path' in how ? mutate(originals.get(file), how.path, how.value) : how.value) ?? '';
        writeFileSync(path.join(dir, file), text);
        try {
          const b = loadBoundaries(dir);
          assert.ok(b && typeof b === 'object');
        } catch (err) {
          assert.ok(err instanceof BoundariesError, `not a BoundariesError: ${String(err)}`);
        }
        assert.equal(({} as Record<string, unknown>).polluted, undefined);
      }),
      { numRuns: fuzzRuns(120) },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('index model: random and mutated model files parse or fail with an IndexModelError', () => {
  const original = JSON.parse(readFileSync(path.join(root, 'resources/index-model/default.json'), 'utf8')) as unknown;
  fc.assert(
    fc.property(fc.oneof(fc.string().map((s) => s), nasty.map((v) => JSON.stringify(v) ?? ''), fc.tuple(fc.array(fc.nat(), { minLength: 1, maxLength: 6 }), nasty).map(([p, v]) => JSON.stringify(mutate(original, p, v)) ?? '')), (text) => {
      try {
        parseIndexModel(text, 'model.json');
      } catch (err) {
        assert.ok(err instanceof IndexModelError, `not an IndexModelError: ${String(err)}`);
      }
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
    }),
    { numRuns: fuzzRuns(300) },
  );
});
