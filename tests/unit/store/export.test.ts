import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { applyEventBatch } from '../../../src-main/store/apply.ts';
import { csvCell, exportChunks } from '../../../src-main/store/export.ts';
import { run } from '../../../src-main/cli/export.ts';
import { alert, batch, grid, incident, indicators, STREET, tempStore } from './fixtures.ts';

function fill(store: import('../../../src-main/store/store.ts').Store): void {
  applyEventBatch(store, STREET, 'e1', batch(1, [
    ['incident.upsert', incident('i-1', { title: '占道, "夜市"\n第二行', location: { lon: 117.01, lat: 36.61, gridId: 'g-1' } })],
    ['incident.upsert', incident('i-2', { title: '=HYPERLINK("x")', dueAt: '2026-11-23T12:00:00.000+08:00' })],
    ['alert.upsert', alert('a-1')],
    ['grid.upsert', grid('g-1')],
    ['indicators.report', indicators('o-1', '2026-10', { values: { meetings: 2 } })],
    ['indicators.report', indicators('o-2', '2026-10', { values: { wishes: 5 } })],
  ]));
}

/** A minimal RFC 4180 reader, to check that what we write reads back. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(cell), (cell = '');
    else if (c === '\r' && text[i + 1] === '\n') row.push(cell), rows.push(row), (row = []), (cell = ''), i++;
    else cell += c;
  }
  return rows;
}

test('CSV cells are quoted per RFC 4180 and formulas are defused', () => {
  assert.equal(csvCell('plain'), 'plain');
  assert.equal(csvCell('a,b'), '"a,b"');
  assert.equal(csvCell('say "hi"'), '"say ""hi"""');
  assert.equal(csvCell('two\nlines'), '"two\nlines"');
  assert.equal(csvCell(' padded'), '" padded"');
  assert.equal(csvCell('=1+1'), "'=1+1");
  assert.equal(csvCell(-1.5), '-1.5');
  assert.equal(csvCell(null), '');
  assert.equal(csvCell(true), 'true');
});

test('incidents export as CSV with a header row that reads back to the same values', () => {
  const t = tempStore();
  try {
    fill(t.store);
    const rows = parseCsv([...exportChunks(t.store, 'incidents', 'csv')].join(''));
    const [header, ...data] = rows;
    assert.equal(data.length, 2);
    const byId = new Map(data.map((r) => [r[0], Object.fromEntries(header!.map((h, i) => [h, r[i]]))]));
    assert.equal(byId.get('i-1')!.title, '占道, "夜市"\n第二行');
    assert.equal(byId.get('i-1')!.lon, '117.01');
    assert.equal(byId.get('i-2')!.title, `'=HYPERLINK("x")`);
    assert.equal(byId.get('i-2')!.dueAt, '2026-11-23T12:00:00.000+08:00');
    assert.equal(byId.get('i-1')!.dueAt, '');
  } finally {
    t.cleanup();
  }
});

test('GeoJSON and NDJSON exports parse, with points for incidents and polygons for grids', () => {
  const t = tempStore();
  try {
    fill(t.store);
    const fc = JSON.parse([...exportChunks(t.store, 'incidents', 'geojson')].join('')) as { type: string; features: Array<{ geometry: { coordinates: number[] }; properties: Record<string, unknown> }> };
    assert.equal(fc.type, 'FeatureCollection');
    assert.equal(fc.features.length, 2);
    const f1 = fc.features.find((f) => f.properties.incidentId === 'i-1')!;
    assert.deepEqual(f1.geometry.coordinates, [117.01, 36.61]);
    const grids = JSON.parse([...exportChunks(t.store, 'grids', 'geojson')].join('')) as { features: Array<{ geometry: { type: string }; properties: Record<string, unknown> }> };
    assert.equal(grids.features[0]!.geometry.type, 'Polygon');
    assert.equal('polygon' in grids.features[0]!.properties, false);
    const empty = JSON.parse([...exportChunks(t.store, 'alerts', 'geojson')].join(''));
    assert.equal(empty.features.length, 1);
    const lines = [...exportChunks(t.store, 'indicators', 'ndjson')].join('').trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(lines, [
      { orgId: 'o-1', subcentreId: STREET, period: '2026-10', values: { meetings: 2 } },
      { orgId: 'o-2', subcentreId: STREET, period: '2026-10', values: { wishes: 5 } },
    ]);
    const csv = parseCsv([...exportChunks(t.store, 'indicators', 'csv')].join(''));
    assert.deepEqual(csv, [['orgId', 'subcentreId', 'period', 'meetings', 'wishes'], ['o-1', STREET, '2026-10', '2', ''], ['o-2', STREET, '2026-10', '', '5']]);
    assert.throws(() => [...exportChunks(t.store, 'indicators', 'geojson')], /no geometry/);
  } finally {
    t.cleanup();
  }
});

test('superbrain export writes a file, and bad options or a missing cache are clear errors', async () => {
  const t = tempStore();
  try {
    fill(t.store);
    const out = path.join(t.dir, 'alerts.ndjson');
    assert.equal(await run(['--data-dir', t.dir, '--what', 'alerts', '--format', 'ndjson', '--out', out]), 0);
    const line = JSON.parse(readFileSync(out, 'utf8').trim()) as Record<string, unknown>;
    assert.equal(line.alertId, 'a-1');
    assert.equal(line.raisedAt, '2026-11-23T08:00:00.000+08:00');
    const csvOut = path.join(t.dir, 'grids.csv');
    assert.equal(await run(['--data-dir', t.dir, '--what', 'grids', '--format', 'csv', '--bom', '--out', csvOut]), 0);
    assert.ok(readFileSync(csvOut, 'utf8').startsWith('\uFEFFgridId,'));

    const quiet = muteStderr();
    try {
      assert.equal(await run(['--data-dir', t.dir, '--what', 'indicators', '--format', 'geojson']), 2);
      assert.equal(await run(['--data-dir', t.dir, '--what', 'people', '--format', 'csv']), 2);
      assert.equal(await run(['--data-dir', t.dir, '--what', 'alerts']), 2);
      assert.equal(await run(['--data-dir', path.join(t.dir, 'nope'), '--what', 'alerts', '--format', 'csv']), 1);
      assert.equal(await run(['--colour', 'red']), 2);
    } finally {
      quiet();
    }
  } finally {
    t.cleanup();
  }
});

function muteStderr(): () => void {
  const original = console.error;
  console.error = () => {};
  return () => {
    console.error = original;
  };
}
