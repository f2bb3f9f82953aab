// Issue 9: imports through the ConsoleApi. Only an admin or a duty officer (requireSettingsActor) may
// upload, preview, apply or cancel; an applied import is audited (import.applied) with its actor and
// counts. A refused import (any problem) is never applied and writes nothing, not even an audit entry.
import { z } from 'zod';
import { describeZodError } from '../../src-shared/sfp/validate.ts';
import { IMPORT_ENCODINGS, IMPORT_KINDS, MAX_IMPORT_BYTES, MAX_IMPORT_CHUNK_BYTES } from '../../src-shared/imports.ts';
import type { ImportRecord, ImportStatus } from '../../src-shared/imports.ts';
import type { Boundaries } from '../../src-shared/api.ts';
import { createImportService } from '../import/import-service.ts';
import { randomUUID } from 'node:crypto';
import { clearImportedRecords, listImportRecords } from '../store/imported.ts';
import type { Store } from '../store/store.ts';
import { BadRequestError, parseNoParam } from './params.ts';
import { requireSettingsActor } from './settings-methods.ts';

// Base64 is 4/3 of the bytes; a little slack for padding.
const base64 = (maxBytes: number) =>
  z
    .string()
    .max(Math.ceil(maxBytes / 3) * 4 + 8)
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64');
const ImportIdSchema = z.strictObject({ importId: z.string().uuid() });
const ClearSchema = z.strictObject({ kind: z.enum(IMPORT_KINDS) });
const UploadSchema = z.strictObject({ uploadId: z.string().uuid().optional(), data: base64(MAX_IMPORT_CHUNK_BYTES) });
const PreviewSchema = z
  .strictObject({
    kind: z.enum(IMPORT_KINDS),
    fileName: z.string().min(1).max(255),
    options: z.strictObject({ gcj02: z.boolean().optional(), encoding: z.enum(IMPORT_ENCODINGS).optional() }).optional(),
    data: base64(MAX_IMPORT_BYTES).optional(),
    uploadId: z.string().uuid().optional(),
  })
  .refine((p) => (p.data === undefined) !== (p.uploadId === undefined), 'give exactly one of data (base64) or uploadId');

function parse<T>(method: string, schema: z.ZodType<T>, param: unknown): T {
  const r = schema.safeParse(param);
  if (!r.success) throw new BadRequestError(`${method}: ${describeZodError(r.error)}`);
  return r.data;
}

export interface ImportMethods {
  uploadImportChunk(param: unknown): Promise<{ uploadId: string; size: number }>;
  previewImport(param: unknown): Promise<ImportStatus>;
  getImportStatus(param: unknown): Promise<ImportStatus>;
  applyImport(param: unknown): Promise<ImportStatus>;
  cancelImport(param: unknown): Promise<ImportStatus>;
  listImports(param?: unknown): Promise<ImportRecord[]>;
  clearImport(param: unknown): Promise<ImportRecord[]>;
}

export interface ImportDeps {
  store: Store;
  now: () => number;
  live: (method: string) => void;
  /** The boundaries in force when none were imported (the demo's); throws when none are available. */
  boundaries: () => Boundaries;
}

export function createImportMethods(deps: ImportDeps): ImportMethods {
  const service = createImportService({
    store: deps.store,
    now: deps.now,
    fallbackBoundaries: () => {
      try {
        return deps.boundaries();
      } catch {
        return null;
      }
    },
  });
  return {
    async uploadImportChunk(param) {
      const p = parse('uploadImportChunk', UploadSchema, param);
      deps.live('uploadImportChunk');
      requireSettingsActor('uploadImportChunk');
      return service.uploadChunk(p.uploadId, Buffer.from(p.data, 'base64'));
    },
    async previewImport(param) {
      const p = parse('previewImport', PreviewSchema, param);
      deps.live('previewImport');
      requireSettingsActor('previewImport');
      const bytes = p.data !== undefined ? Buffer.from(p.data, 'base64') : service.takeUpload(p.uploadId!);
      return service.startPreview({ kind: p.kind, fileName: p.fileName, ...(p.options ? { options: p.options } : {}), bytes });
    },
    async getImportStatus(param) {
      const p = parse('getImportStatus', ImportIdSchema, param);
      deps.live('getImportStatus');
      requireSettingsActor('getImportStatus');
      return service.status(p.importId);
    },
    async applyImport(param) {
      const p = parse('applyImport', ImportIdSchema, param);
      deps.live('applyImport');
      const actor = requireSettingsActor('applyImport');
      return service.apply(p.importId, actor);
    },
    async cancelImport(param) {
      const p = parse('cancelImport', ImportIdSchema, param);
      deps.live('cancelImport');
      requireSettingsActor('cancelImport');
      return service.cancel(p.importId);
    },
    async clearImport(param) {
      const p = parse('clearImport', ClearSchema, param);
      deps.live('clearImport');
      const actor = requireSettingsActor('clearImport');
      clearImportedRecords(deps.store, { importId: randomUUID(), kind: p.kind, actor, at: deps.now() });
      return listImportRecords(deps.store);
    },
    async listImports(param) {
      parseNoParam('listImports', param);
      deps.live('listImports');
      requireSettingsActor('listImports'); // who imported what is for those who may import
      return listImportRecords(deps.store);
    },
  };
}
