// Fuzzing the console config loader (the file `headless` and `web --config` import): random JSON, random
// text, mutated valid configs with `__proto__` keys, NaN, deep nesting and huge strings. It either returns
// a valid config or throws a ConfigError naming the problem; nothing else escapes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { ConfigError, loadConsoleConfig, parseConsoleConfig } from '../../../src-main/config.ts';
import { fuzzRuns } from '../../support/fuzz-runs.ts';

const valid = { consoleId: 'wall-01', district: { id: '370102', name: '历下区' }, staleAfterSeconds: 30, subcentres: [{ id: '370102012', name: '龙洞街道', url: 'http://127.0.0.1:7312', token: 't', enabled: true }] };
const nasty = fc.oneof(
  fc.anything({ maxDepth: 3, withBigInt: false }),
  fc.constantFrom(NaN, -1, 0, '', null, [], {}, 'x'.repeat(100_000), 'javascript:alert(1)', 'file:///etc/passwd'),
  fc.constant(JSON.parse('{"__proto__": {"polluted": true}}')),
  fc.integer({ min: 50, max: 500 }).map((d) => { let v: unknown = 1; for (let i = 0; i < d; i++) v = [v]; return v; }),
);
const mutated = fc.tuple(fc.constantFrom('consoleId', 'district', 'staleAfterSeconds', 'subcentres', '__proto__', 'sub.id', 'sub.url', 'sub.token', 'sub.__proto__', 'sub.enabled'), nasty).map(([key, value]) => {
  const c = structuredClone(valid) as Record<string, unknown> & { subcentres: Array<Record<string, unknown>> };
  const [obj, k] = key.startsWith('sub.') ? [c.subcentres[0]!, key.slice(4)] : [c, key];
  Object.defineProperty(obj, k, { value, enumerable: true, writable: true, configurable: true });
  return c;
});

test('parseConsoleConfig returns a config or throws a ConfigError that names the problem', () => {
  fc.assert(
    fc.property(fc.oneof(nasty, mutated), (raw) => {
      try {
        const c = parseConsoleConfig(raw);
        assert.ok(c.subcentres.every((s) => typeof s.token === 'string' && s.token.length > 0 && /^https?:/.test(s.url)));
      } catch (err) {
        assert.ok(err instanceof ConfigError, `not a ConfigError: ${String(err)}`);
        assert.match(err.message, /is not valid:\n {2}\S/);
      }
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
    }),
    { numRuns: fuzzRuns(400) },
  );
});

test('loadConsoleConfig on random file contents: a config or a ConfigError', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sb-fuzz-config-'));
  try {
    const file = path.join(dir, 'console.json');
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.oneof(nasty, mutated).map((v) => JSON.stringify(v) ?? '')), (text) => {
        writeFileSync(file, text);
        try {
          loadConsoleConfig(file);
        } catch (err) {
          assert.ok(err instanceof ConfigError, `not a ConfigError: ${String(err)}`);
        }
      }),
      { numRuns: fuzzRuns(300) },
    );
    assert.throws(() => loadConsoleConfig(path.join(dir, 'missing.json')), ConfigError);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
