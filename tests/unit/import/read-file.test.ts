import { test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { decodeText, detectFormat, ImportFileError, parseCsv, readXlsx } from '../../../src-main/import/read-file.ts';
import { utf8 } from './fixtures.ts';

// "cameraId,名称,经度,纬度,街道编号\r\n37010201001320000001,青龙街农贸市场,117.045,36.666,370102001\r\n" saved by Excel as GBK/GB18030.
const GBK_CSV = Buffer.from(
  '63616d65726149642cc3fbb3c62cbeadb6c82cceb3b6c82cbdd6b5c0b1e0bac50d0a33373031303230313030313332303030303030312cc7e0c1fabdd6c5a9c3b3cad0b3a12c3131372e3034352c33362e3636362c3337303130323030310d0a',
  'hex',
);

test('text is read as UTF-8 with or without a BOM, and as GB18030 when it is not valid UTF-8', () => {
  assert.deepEqual(decodeText(utf8('名称,id')), { text: '名称,id', encoding: 'utf-8' });
  const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('名称')]);
  assert.deepEqual(decodeText(withBom), { text: '名称', encoding: 'utf-8' });
  const gbk = decodeText(GBK_CSV);
  assert.equal(gbk.encoding, 'gb18030');
  assert.match(gbk.text, /^cameraId,名称,经度,纬度,街道编号\r\n/);
  assert.match(gbk.text, /青龙街农贸市场/);
  // Asked for UTF-8, GBK bytes are refused with advice rather than turned into replacement characters.
  assert.throws(() => decodeText(GBK_CSV, 'utf-8'), (err: Error) => err instanceof ImportFileError && /GB18030/.test(err.message));
  assert.equal(decodeText(GBK_CSV, 'gb18030').text, gbk.text);
});

test('CSV: quotes, doubled quotes, CRLF, a line break inside a cell and blank lines keep spreadsheet row numbers', () => {
  const t = parseCsv('\uFEFFid,name,note\r\n1,"a, b","say ""hi"""\r\n\r\n2,c,"two\nlines"\n3,d,\n');
  assert.deepEqual(t.header, ['id', 'name', 'note']);
  assert.deepEqual(t.rows, [
    { row: 2, cells: ['1', 'a, b', 'say "hi"'] },
    { row: 4, cells: ['2', 'c', 'two\nlines'] },
    { row: 5, cells: ['3', 'd', ''] },
  ]);
  assert.deepEqual(parseCsv('a\tb\n1\t2').rows, [{ row: 2, cells: ['1', '2'] }], 'tab-separated');
  assert.throws(() => parseCsv('a,b\n1,"open'), /never closed/);
  assert.deepEqual(parseCsv(''), { header: [], rows: [] });
});

test('Excel: the first worksheet, its own row numbers, formulas by their cached result', async () => {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('组织');
  ws.addRow(['orgId', '名称', 'members']);
  ws.addRow(['org-1', '解放路街道党工委', 12]);
  ws.addRow([]);
  ws.addRow(['org-2', { richText: [{ text: '解放桥' }, { text: '社区党委' }] }, { formula: '1+1', result: 2 }]);
  const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
  assert.equal(detectFormat('orgs.xlsx', bytes), 'xlsx');
  assert.equal(detectFormat('noname', bytes), 'xlsx', 'by its zip signature');
  const t = await readXlsx(bytes);
  assert.deepEqual(t.header, ['orgId', '名称', 'members']);
  assert.deepEqual(t.rows, [
    { row: 2, cells: ['org-1', '解放路街道党工委', '12'] },
    { row: 4, cells: ['org-2', '解放桥社区党委', '2'] },
  ]);
  await assert.rejects(readXlsx(utf8('not a zip')), ImportFileError);
});

test('formats are told by name, else by the first bytes', () => {
  assert.equal(detectFormat('grids.geojson', utf8('x')), 'geojson');
  assert.equal(detectFormat('a.CSV', utf8('x')), 'csv');
  assert.equal(detectFormat('upload', utf8('  {"type":"FeatureCollection"}')), 'geojson');
  assert.equal(detectFormat('upload', utf8('id,name')), 'csv');
  assert.equal(detectFormat('upload', new Uint8Array()), null);
});
