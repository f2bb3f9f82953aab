// Issue 8: every import file fuzzed (GeoJSON boundaries and grids, CSV and Excel tables): random bytes,
// random JSON, mutated good files with `__proto__` keys, NaN, deep nesting and huge strings. Reading
// either gives a table / a validation result or throws the reader's own ImportFileError; validation
// never throws, every problem names a field and a reason, and a file with problems yields no record
// that could be applied unnoticed (the service refuses any file with a problem).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeText, ImportFileError, parseCsv, readXlsx } from '../../../src-main/import/read-file.ts';
import { validateBoundaries, validateBranchGrids, validateCameras, validateGrids, validateOrgs, validateStations, type ImportContext, type ValidationResult } from '../../../src-main/import/validate.ts';
import { boundariesFile, COMMUNITY_A, COMMUNITY_B, DISTRICT, gridsFile, STREET_A, STREET_B } from './fixtures.ts';
import { fuzzRuns } from '../../support/fuzz-runs.ts';

const ctx: ImportContext = {
  boundaries: { districtId: DISTRICT, streets: new Set([STREET_A, STREET_B]), communityStreet: new Map([[COMMUNITY_A, STREET_A], [COMMUNITY_B, STREET_B]]) },
  grids: new Map([['G-A1', STREET_A]]),
  orgs: new Map([['org-b', { kind: 'grid-branch', streetId: STREET_A }]]),
  held: new Map(),
  importedGridCommunities: new Map(),
};
const opts = { gcj02: false };

const nasty = fc.oneof(
  fc.anything({ maxDepth: 3, withBigInt: false }),
  fc.constantFrom(NaN, Infinity, -1, 0, '', null, [], {}, 'x'.repeat(100_000), 1e308, -1e308),
  fc.constant(JSON.parse('{"__proto__": {"polluted": true}}')),
  fc.integer({ min: 50, max: 300 }).map((d) => {
    let v: unknown = [117, 36];
    for (let i = 0; i < d; i++) v = [v];
    return v;
  }),
);

function mutate(json: unknown, pathSeed: number[], value: unknown): unknown {
  const copy = structuredClone(json) as Record<string, unknown>;
  let node: unknown = copy;
  for (let i = 0; i < pathSeed.length; i++) {
    if (!node || typeof node !== 'object') break;
    const keys = Object.keys(node as object);
    if (keys.length === 0) break;
    const key = keys[pathSeed[i]! % keys.length]!;
    if (i === pathSeed.length - 1 || typeof (node as Record<string, unknown>)[key] !== 'object' || (node as Record<string, unknown>)[key] === null) {
      (node as Record<string, unknown>)[key] = value;
      break;
    }
    node = (node as Record<string, unknown>)[key];
  }
  return copy;
}

function wellFormed(r: ValidationResult): void {
  assert.ok(Array.isArray(r.problems) && Array.isArray(r.records));
  for (const p of r.problems) {
    assert.equal(typeof p.field, 'string');
    assert.ok(typeof p.reason === 'string' && p.reason.length > 0);
  }
  assert.ok(Number.isInteger(r.counts.total) && r.counts.total >= 0);
  assert.equal(({} as Record<string, unknown>).polluted, undefined, 'no prototype pollution');
}

test('GeoJSON imports: mutated and random files give problems, never an exception', async () => {
  await fc.assert(
    fc.asyncProperty(fc.constantFrom('boundaries', 'grids'), fc.array(fc.nat(), { minLength: 1, maxLength: 6 }), nasty, async (kind, path, value) => {
      const good = kind === 'boundaries' ? boundariesFile() : gridsFile(3);
      const file = mutate(good, path, value);
      const r = kind === 'boundaries' ? await validateBoundaries(file, ctx, opts) : await validateGrids(file, ctx, opts);
      wellFormed(r);
    }),
    { numRuns: fuzzRuns(150) },
  );
  await fc.assert(
    fc.asyncProperty(nasty, async (value) => {
      wellFormed(await validateBoundaries(value, ctx, opts));
      wellFormed(await validateGrids(value, ctx, opts));
    }),
    { numRuns: fuzzRuns(150) },
  );
});

test('CSV imports: random text and mutated rows give a table and problems, never an exception', async () => {
  const header = {
    orgs: 'org_id,kind,name,parent_id,street,members',
    branch: 'org_id,grid_id',
    cameras: 'camera_id,name,lon,lat,street,grid_id,status',
    stations: 'station_id,name,tier,lon,lat,street,open',
  };
  const cell = fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('"', '""', '\n', '\r\n', ',', '=1+1', 'NaN', '-1e309', '__proto__', '在线', '117.0', '36.6'));
  const row = fc.array(cell, { minLength: 0, maxLength: 9 }).map((cells) => cells.map((c) => (/[",\n\r]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c)).join(','));
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...(Object.keys(header) as Array<keyof typeof header>)), fc.array(row, { maxLength: 20 }), fc.boolean(), async (kind, rows, withHeader) => {
      const text = [...(withHeader ? [header[kind]] : []), ...rows].join('\n');
      let table;
      try {
        table = parseCsv(text);
      } catch (err) {
        assert.ok(err instanceof ImportFileError, `parseCsv threw ${(err as Error).name}: ${(err as Error).message}`);
        return;
      }
      const validate = { orgs: validateOrgs, branch: validateBranchGrids, cameras: validateCameras, stations: validateStations }[kind];
      wellFormed(await validate(table, ctx, opts));
    }),
    { numRuns: fuzzRuns(150) },
  );
});

test('random bytes as text, CSV or Excel are read or refused with the reader\'s own error', async () => {
  await fc.assert(
    fc.asyncProperty(fc.uint8Array({ maxLength: 4096 }), fc.boolean(), async (bytes, asZip) => {
      // Half the time the bytes start like a zip (xlsx) to reach deeper into the Excel reader.
      const data = asZip ? new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...bytes]) : bytes;
      try {
        const { text } = decodeText(data);
        parseCsv(text);
      } catch (err) {
        assert.ok(err instanceof ImportFileError, `text: ${(err as Error).name}: ${(err as Error).message}`);
      }
      try {
        await readXlsx(data);
      } catch (err) {
        assert.ok(err instanceof ImportFileError, `xlsx: ${(err as Error).name}: ${(err as Error).message}`);
      }
    }),
    { numRuns: fuzzRuns(100) },
  );
});

test('a text field holding an object (even one whose toString is not a function) is a problem, not an exception', async () => {
  for (const value of [{ toString: '' }, { a: 1 }, [1, 2]]) {
    const file = boundariesFile() as { features: Array<{ properties: Record<string, unknown> }> };
    file.features[0]!.properties.name = value;
    const r = await validateBoundaries(file, ctx, opts);
    wellFormed(r);
    assert.ok(r.problems.length > 0, `name = ${JSON.stringify(value)} is not a name`);
  }
});
