// Issue 9: the life of one import in the host. A file arrives (whole, or in pieces through uploads: the
// transports limit one message), is read and validated in the background — yielding every few thousand
// records so progress can be polled — into a preview kept in memory, and is then applied in one store
// transaction, or refused with its problems, or cancelled. Previews and uploads expire after 30 minutes.
import { randomUUID } from 'node:crypto';
import type { Boundaries } from '../../src-shared/api.ts';
import { IMPORT_FORMATS, MAX_IMPORT_BYTES, MAX_IMPORT_CHUNK_BYTES, MAX_PROBLEMS_SHOWN } from '../../src-shared/imports.ts';
import type { ImportKind, ImportOptions, ImportProblem, ImportStatus } from '../../src-shared/imports.ts';
import { applyImportRecords, readImportContext } from '../store/imported.ts';
import type { Store } from '../store/store.ts';
import { decodeText, detectFormat, ImportFileError, parseCsv, readXlsx, type Table } from './read-file.ts';
import { validateBoundaries, validateBranchGrids, validateCameras, validateGrids, validateOrgs, validateStations, type ImportedRecord, type ValidationResult } from './validate.ts';

export class ImportNotFoundError extends Error {
  override name = 'NotFound';
}
export class ImportRefusedError extends Error {
  override name = 'ImportRefused';
}
export class ImportLimitError extends Error {
  override name = 'BadRequest';
}

const EXPIRE_MS = 30 * 60_000;
const MAX_OPEN_UPLOADS = 4;
const MAX_BUSY_JOBS = 3;
// A ready preview holds its parsed records (a 50 MiB GeoJSON is a few hundred MiB): keep few.
const MAX_KEPT_JOBS = 6;

interface Job {
  status: ImportStatus;
  problems: ImportProblem[];
  records: ImportedRecord[];
  baseSeq: number;
  touchedAt: number;
  done: Promise<void>;
}

interface Upload {
  chunks: Buffer[];
  size: number;
  touchedAt: number;
}

export interface ImportServiceDeps {
  store: Store;
  now: () => number;
  /** The boundaries in force when nothing was imported (the demo's); null when none are available. */
  fallbackBoundaries: () => Boundaries | null;
}

export interface StartPreviewInput {
  kind: ImportKind;
  fileName: string;
  options?: ImportOptions;
  bytes: Uint8Array;
}

export interface ImportService {
  uploadChunk(uploadId: string | undefined, data: Uint8Array): { uploadId: string; size: number };
  /** The bytes of a finished upload (it is consumed). */
  takeUpload(uploadId: string): Uint8Array;
  startPreview(input: StartPreviewInput): ImportStatus;
  status(importId: string): ImportStatus;
  /** Resolves when validation has finished (ready, refused or failed). */
  whenValidated(importId: string): Promise<ImportStatus>;
  apply(importId: string, actor: unknown): ImportStatus;
  cancel(importId: string): ImportStatus;
  /** Every problem of a preview (the status carries at most MAX_PROBLEMS_SHOWN). */
  allProblems(importId: string): ImportProblem[];
  dispose(): void;
}

export function createImportService(deps: ImportServiceDeps): ImportService {
  const uploads = new Map<string, Upload>();
  const jobs = new Map<string, Job>();
  let disposed = false;

  const sweep = (): void => {
    const t = deps.now();
    for (const [id, u] of uploads) if (t - u.touchedAt > EXPIRE_MS) uploads.delete(id);
    for (const [id, j] of jobs) {
      const busy = j.status.state === 'validating' || j.status.state === 'applying';
      if (!busy && t - j.touchedAt > EXPIRE_MS) jobs.delete(id);
    }
    // Keep memory bounded: the oldest finished jobs go first.
    const finished = [...jobs.entries()].filter(([, j]) => j.status.state !== 'validating' && j.status.state !== 'applying');
    while (jobs.size > MAX_KEPT_JOBS && finished.length) jobs.delete(finished.shift()![0]);
  };

  const job = (importId: string): Job => {
    sweep();
    const j = jobs.get(importId);
    if (!j) throw new ImportNotFoundError(`no import ${importId} (previews are kept for 30 minutes)`);
    j.touchedAt = deps.now();
    return j;
  };

  const view = (j: Job): ImportStatus => ({ ...j.status, progress: { ...j.status.progress }, problems: j.problems.slice(0, MAX_PROBLEMS_SHOWN), problemCount: j.problems.length });

  async function run(j: Job, input: StartPreviewInput): Promise<void> {
    const s = j.status;
    const fileProblem = (reason: string): void => {
      j.problems.push({ row: null, feature: null, id: null, field: '', reason });
    };
    try {
      const format = detectFormat(input.fileName, input.bytes);
      s.format = format;
      if (!format) return fileProblem('the file is empty');
      if (!IMPORT_FORMATS[input.kind].includes(format)) return fileProblem(`a ${input.kind} import takes ${IMPORT_FORMATS[input.kind].join(' or ')}, not ${format}`);
      let json: unknown = null;
      let table: Table | null = null;
      if (format === 'xlsx') table = await readXlsx(input.bytes);
      else {
        const decoded = decodeText(input.bytes, input.options?.encoding ?? 'auto');
        s.encoding = decoded.encoding;
        if (format === 'csv') table = parseCsv(decoded.text);
        else {
          try {
            json = JSON.parse(decoded.text.charCodeAt(0) === 0xfeff ? decoded.text.slice(1) : decoded.text);
          } catch (err) {
            return fileProblem(`not valid JSON: ${(err as Error).message}`);
          }
        }
      }
      if (disposed || s.state === 'cancelled') return;
      s.progress = { phase: 'validating', done: 0, total: table ? table.rows.length : Array.isArray((json as { features?: unknown })?.features) ? (json as { features: unknown[] }).features.length : 0 };
      const ctx = readImportContext(deps.store, input.kind, deps.fallbackBoundaries);
      j.baseSeq = ctx.baseSeq;
      s.supersedes = ctx.supersedes;
      const options = {
        gcj02: input.options?.gcj02 ?? false,
        progress: async (done: number, total: number) => {
          s.progress = { phase: 'validating', done, total };
          await new Promise((resolve) => setImmediate(resolve));
          if (disposed || s.state === 'cancelled') throw new CancelledError();
        },
      };
      let result: ValidationResult;
      switch (input.kind) {
        case 'boundaries':
          result = await validateBoundaries(json, ctx, options);
          break;
        case 'grids':
          result = await validateGrids(json, ctx, options);
          break;
        case 'orgs':
          result = await validateOrgs(table!, ctx, options);
          break;
        case 'branch-grids':
          result = await validateBranchGrids(table!, ctx, options);
          break;
        case 'cameras':
          result = await validateCameras(table!, ctx, options);
          break;
        case 'stations':
          result = await validateStations(table!, ctx, options);
          break;
      }
      j.problems.push(...result.problems);
      j.records = result.problems.length ? [] : result.records;
      // total: what the file holds, valid or not (the other counts are over the valid records).
      s.counts = { ...result.counts, total: s.progress.total };
      s.progress = { phase: 'done', done: s.progress.total, total: s.progress.total };
    } catch (err) {
      if (err instanceof CancelledError) return;
      if (err instanceof ImportFileError) return fileProblem(err.message);
      s.state = 'failed';
      s.error = `validation failed: ${(err as Error).message}`;
    } finally {
      if (s.state === 'validating') {
        s.state = j.problems.length ? 'refused' : 'ready';
        if (j.problems.length) s.error = `${j.problems.length} problem${j.problems.length === 1 ? '' : 's'} found: the file cannot be imported as it is`;
        if (s.progress.phase !== 'done') s.progress = { phase: 'done', done: s.progress.done, total: s.progress.total };
      }
    }
  }

  return {
    uploadChunk(uploadId, data) {
      sweep();
      if (data.byteLength > MAX_IMPORT_CHUNK_BYTES) throw new ImportLimitError(`uploadImportChunk: a piece may carry at most ${MAX_IMPORT_CHUNK_BYTES} bytes, got ${data.byteLength}`);
      let u: Upload | undefined;
      if (uploadId === undefined) {
        if (uploads.size >= MAX_OPEN_UPLOADS) throw new ImportLimitError(`uploadImportChunk: ${MAX_OPEN_UPLOADS} uploads are open already; finish or let them expire`);
        uploadId = randomUUID();
        u = { chunks: [], size: 0, touchedAt: deps.now() };
        uploads.set(uploadId, u);
      } else {
        u = uploads.get(uploadId);
        if (!u) throw new ImportNotFoundError(`uploadImportChunk: no upload ${uploadId} (uploads expire after 30 minutes)`);
      }
      if (u.size + data.byteLength > MAX_IMPORT_BYTES) {
        uploads.delete(uploadId);
        throw new ImportLimitError(`the file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MiB`);
      }
      u.chunks.push(Buffer.from(data));
      u.size += data.byteLength;
      u.touchedAt = deps.now();
      return { uploadId, size: u.size };
    },
    takeUpload(uploadId) {
      sweep();
      const u = uploads.get(uploadId);
      if (!u) throw new ImportNotFoundError(`no upload ${uploadId} (uploads expire after 30 minutes)`);
      uploads.delete(uploadId);
      return Buffer.concat(u.chunks);
    },
    startPreview(input) {
      sweep();
      if (input.bytes.byteLength > MAX_IMPORT_BYTES) throw new ImportLimitError(`the file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MiB`);
      const busy = [...jobs.values()].filter((j) => j.status.state === 'validating').length;
      if (busy >= MAX_BUSY_JOBS) throw new ImportLimitError(`${MAX_BUSY_JOBS} imports are being validated already; wait for them`);
      const importId = randomUUID();
      const j: Job = {
        status: {
          importId,
          kind: input.kind,
          fileName: input.fileName,
          state: 'validating',
          progress: { phase: 'reading', done: 0, total: 0 },
          format: null,
          encoding: null,
          counts: null,
          problems: [],
          problemCount: 0,
          supersedes: null,
          error: null,
          startedAt: deps.now(),
          appliedAt: null,
        },
        problems: [],
        records: [],
        baseSeq: 0,
        touchedAt: deps.now(),
        done: Promise.resolve(),
      };
      jobs.set(importId, j);
      j.done = run(j, input);
      return view(j);
    },
    status(importId) {
      return view(job(importId));
    },
    async whenValidated(importId) {
      const j = job(importId);
      await j.done;
      return view(j);
    },
    apply(importId, actor) {
      const j = job(importId);
      const s = j.status;
      if (s.state === 'refused') throw new ImportRefusedError(`applyImport: ${s.error ?? 'the file has problems'}; nothing was changed`);
      if (s.state === 'applied') return view(j);
      if (s.state !== 'ready') throw new ImportRefusedError(`applyImport: the import is ${s.state}, not ready to apply`);
      s.state = 'applying';
      s.progress = { phase: 'applying', done: 0, total: j.records.length };
      try {
        const at = deps.now();
        applyImportRecords(deps.store, { importId, kind: s.kind, fileName: s.fileName, records: j.records, counts: s.counts!, actor, at, baseSeq: j.baseSeq });
        s.state = 'applied';
        s.appliedAt = at;
        s.progress = { phase: 'done', done: j.records.length, total: j.records.length };
        j.records = [];
      } catch (err) {
        // The transaction rolled back: nothing changed. The preview stays usable unless it is stale.
        s.state = (err as Error).name === 'Conflict' ? 'failed' : 'ready';
        s.error = (err as Error).message;
        s.progress = { phase: 'done', done: 0, total: j.records.length };
        throw err;
      }
      return view(j);
    },
    cancel(importId) {
      const j = job(importId);
      if (j.status.state === 'validating' || j.status.state === 'ready' || j.status.state === 'refused') {
        j.status.state = 'cancelled';
        j.records = [];
      }
      return view(j);
    },
    allProblems(importId) {
      return [...job(importId).problems];
    },
    dispose() {
      disposed = true;
      uploads.clear();
      jobs.clear();
    },
  };
}

class CancelledError extends Error {}
