// Issue 9: from the bytes of an imported file to text or a table. Text is UTF-8 (with or without BOM) or,
// when it is not valid UTF-8, GB18030 (a superset of GBK: what Excel saves as "CSV" on a Chinese
// Windows). Tables come from CSV (RFC 4180) or the first worksheet of an .xlsx (exceljs).
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { ImportEncoding, ImportFormat } from '../../src-shared/imports.ts';

export class ImportFileError extends Error {
  override name = 'ImportFileError';
}

/** Decodes text; `auto` takes UTF-8 when the bytes are valid UTF-8, else GB18030. */
export function decodeText(bytes: Uint8Array, encoding: ImportEncoding = 'auto'): { text: string; encoding: 'utf-8' | 'gb18030' } {
  const hasBom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  if (encoding === 'gb18030') return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'gb18030' };
  if (encoding === 'utf-8' || hasBom) {
    try {
      return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes), encoding: 'utf-8' };
    } catch {
      throw new ImportFileError('the file is not valid UTF-8 (choose the GB18030/GBK encoding, or save it as UTF-8)');
    }
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'gb18030' };
  }
}

/** Which format a file is in, from its name and, for a name that says nothing, its first bytes. */
export function detectFormat(fileName: string, bytes: Uint8Array): ImportFormat | null {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.xlsx')) return 'xlsx';
  if (lower.endsWith('.csv') || lower.endsWith('.txt')) return 'csv';
  if (lower.endsWith('.geojson') || lower.endsWith('.json')) return 'geojson';
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) return 'xlsx'; // "PK": a zip
  let i = bytes[0] === 0xef ? 3 : 0;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09)) i++;
  if (bytes[i] === 0x7b) return 'geojson'; // "{"
  return bytes.length > 0 ? 'csv' : null;
}

/** A table: the header cells and each data row with its spreadsheet row number (header = row 1). */
export interface Table {
  header: string[];
  rows: Array<{ row: number; cells: string[] }>;
}

/** RFC 4180 CSV (commas, double quotes, CRLF or LF); a tab-separated file is accepted too. Blank lines are skipped. */
export function parseCsv(text: string): Table {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const firstLine = body.slice(0, body.search(/\r?\n|$/));
  const sep = !firstLine.includes(',') && firstLine.includes('\t') ? '\t' : ',';
  // Rows are numbered as a spreadsheet shows them: one per record (a quoted cell may hold line breaks),
  // blank lines included.
  const records: Array<{ row: number; cells: string[] }> = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let startLine = 1;
  let recordNo = 0;
  let i = 0;
  const endRecord = (): void => {
    cells.push(cell);
    recordNo++;
    if (!(cells.length === 1 && cells[0]!.trim() === '')) records.push({ row: recordNo, cells });
    cells = [];
    cell = '';
  };
  while (i < body.length) {
    const ch = body[i]!;
    if (quoted) {
      if (ch === '"') {
        if (body[i + 1] === '"') {
          cell += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      if (ch === '\n') line++;
      cell += ch;
      i++;
      continue;
    }
    if (ch === '"' && cell.length === 0) {
      quoted = true;
      i++;
    } else if (ch === sep) {
      cells.push(cell);
      cell = '';
      i++;
    } else if (ch === '\r' || ch === '\n') {
      endRecord();
      i += ch === '\r' && body[i + 1] === '\n' ? 2 : 1;
      line++;
      startLine = line;
    } else {
      cell += ch;
      i++;
    }
  }
  if (quoted) throw new ImportFileError(`a quoted cell that starts on line ${startLine} is never closed`);
  if (cell.length > 0 || cells.length > 0) endRecord();
  const [head, ...rest] = records;
  if (!head) return { header: [], rows: [] };
  return { header: head.cells.map((c) => c.trim()), rows: rest };
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') {
    const v = value as unknown as Record<string, unknown>;
    if (Array.isArray(v.richText)) return (v.richText as Array<{ text: string }>).map((t) => t.text).join('');
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue); // a formula: its cached result
    if (typeof v.text === 'string') return v.text; // a hyperlink
    if ('error' in v) return String(v.error);
  }
  return String(value);
}

/**
 * The first worksheet of an .xlsx as a table (row numbers are the sheet's own). Read with exceljs's
 * streaming reader: a 100,000-row sheet then blocks the host's event loop for at most ~0.2 s at a time
 * (the whole-workbook reader held it for 1.6 s), so the wall and the feed keep going during an import.
 */
export async function readXlsx(bytes: Uint8Array): Promise<Table> {
  // An .xlsx is a zip; anything else (an empty file too, on which the stream reader never settles) is
  // refused before it reaches the reader.
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b || bytes[2] !== 0x03 || bytes[3] !== 0x04) {
    throw new ImportFileError('not an Excel (.xlsx) workbook: the file is not a zip archive (an old .xls? save it as .xlsx or CSV)');
  }
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)]), {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  let header: string[] | null = null;
  const rows: Table['rows'] = [];
  let sawSheet = false;
  try {
    for await (const sheet of reader) {
      sawSheet = true;
      for await (const row of sheet as unknown as AsyncIterable<ExcelJS.Row>) {
        const values = row.values as ExcelJS.CellValue[]; // 1-based: values[0] is empty
        const cells: string[] = [];
        for (let c = 1; c < values.length; c++) cells.push(cellText(values[c]));
        if (cells.every((c) => c.trim() === '')) continue;
        if (!header) header = cells.map((c) => c.trim());
        else rows.push({ row: row.number, cells });
      }
      break; // the first worksheet only
    }
  } catch (err) {
    throw new ImportFileError(`not a readable Excel (.xlsx) workbook: ${(err as Error).message}`);
  }
  if (!sawSheet) throw new ImportFileError('the workbook has no worksheet');
  return { header: header ?? [], rows };
}
