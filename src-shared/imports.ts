// Issue 9: imports of a district's own reference data (boundaries, grids, the organisation tree, the
// grid-branch mapping, cameras, stations) through the ConsoleApi. Plain data only: the renderer, the
// CLI and the host share these types. Every import is validated first (a preview with counts and every
// problem), then applied in one store transaction; an import with any problem is refused and changes nothing.
import type { EpochMs } from './api.ts';

export const IMPORT_KINDS = ['boundaries', 'grids', 'orgs', 'branch-grids', 'cameras', 'stations'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** The file formats each kind accepts (GeoJSON for areas, tables for the rest). */
export const IMPORT_FORMATS: Readonly<Record<ImportKind, ReadonlyArray<ImportFormat>>> = {
  boundaries: ['geojson'],
  grids: ['geojson'],
  orgs: ['csv', 'xlsx'],
  'branch-grids': ['csv', 'xlsx'],
  cameras: ['csv', 'xlsx'],
  stations: ['csv', 'xlsx'],
};
export type ImportFormat = 'geojson' | 'csv' | 'xlsx';

export const IMPORT_ENCODINGS = ['auto', 'utf-8', 'gb18030'] as const;
export type ImportEncoding = (typeof IMPORT_ENCODINGS)[number];

export interface ImportOptions {
  /** Coordinates in the file are GCJ-02 (高德/腾讯 maps): convert them to WGS-84 on import. */
  gcj02?: boolean;
  /** Text encoding of CSV/GeoJSON: auto = UTF-8 (with or without BOM), else GB18030/GBK. */
  encoding?: ImportEncoding;
}

/** Largest file accepted (bytes), and largest piece one uploadImportChunk call may carry (decoded bytes). */
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;
export const MAX_IMPORT_CHUNK_BYTES = 512 * 1024;
/** At most this many problems travel in one ImportStatus (problemCount tells how many there are). */
export const MAX_PROBLEMS_SHOWN = 10_000;

export interface ImportProblem {
  /** Spreadsheet row number (the header is row 1), for CSV and Excel. */
  row: number | null;
  /** Index in `features` (0-based), for GeoJSON. */
  feature: number | null;
  /** The record's id where one could be read. */
  id: string | null;
  /** Column or property, e.g. "gridId", "geometry.coordinates[0]", or "" for the whole file. */
  field: string;
  reason: string;
}

export interface ImportCounts {
  /** Records in the file. */
  total: number;
  /** Compared with what earlier imports of this kind hold. */
  new: number;
  changed: number;
  unchanged: number;
  /** Held from an earlier import of this kind and absent from the file: removed on apply. */
  removed: number;
}

export type ImportState = 'receiving' | 'validating' | 'ready' | 'refused' | 'applying' | 'applied' | 'failed' | 'cancelled';

export interface ImportStatus {
  importId: string;
  kind: ImportKind;
  fileName: string;
  state: ImportState;
  progress: { phase: 'reading' | 'validating' | 'applying' | 'done'; done: number; total: number };
  format: ImportFormat | null;
  /** The encoding the text was read in (CSV, GeoJSON); null for Excel. */
  encoding: string | null;
  counts: ImportCounts | null;
  /** Every problem found, up to MAX_PROBLEMS_SHOWN. */
  problems: ImportProblem[];
  problemCount: number;
  /** Grids only: how many grids from the sub-centres the imported ones take the place of on the wall. */
  supersedes: number | null;
  /** Why validation or apply failed (state failed), or why it was refused. */
  error: string | null;
  startedAt: EpochMs;
  appliedAt: EpochMs | null;
}

export interface UploadImportChunkRequest {
  /** Absent on the first piece: a new upload is opened. */
  uploadId?: string;
  /** Base64 of the next piece of the file (at most MAX_IMPORT_CHUNK_BYTES decoded). */
  data: string;
}

export interface PreviewImportRequest {
  kind: ImportKind;
  fileName: string;
  options?: ImportOptions;
  /** The whole file as base64 (small files), or… */
  data?: string;
  /** …an upload made with uploadImportChunk (large files: the transports limit one message). */
  uploadId?: string;
}

/** An applied import, as the history lists it. */
export interface ImportRecord {
  id: number;
  importId: string;
  kind: ImportKind;
  fileName: string;
  appliedAt: EpochMs;
  actor: string | null;
  counts: ImportCounts;
}
