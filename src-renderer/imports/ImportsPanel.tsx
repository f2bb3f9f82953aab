// Issue 9: the import panel — choose what and which file, check it (a preview with counts and every
// problem), then import it in one go or cancel. Embeddable: the settings view can show it as a section
// (<ImportsPanel api={api} canEdit={…} />); ?view=imports shows it on its own page (ImportsApp).
import { useCallback, useEffect, useRef, useState } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { IMPORT_ENCODINGS, IMPORT_FORMATS, IMPORT_KINDS, MAX_IMPORT_BYTES, MAX_IMPORT_CHUNK_BYTES } from '../../src-shared/imports.ts';
import type { ImportEncoding, ImportKind, ImportProblem, ImportRecord, ImportStatus } from '../../src-shared/imports.ts';
import type { ConsoleApi } from '../../src-shared/api.ts';
import type { MessageKey } from '../i18n/translator.ts';
import { problemText } from './problem-text.ts';
import './imports.css';

const POLL_MS = 300;
const ACCEPT: Record<string, string> = { geojson: '.geojson,.json', csv: '.csv,.txt', xlsx: '.xlsx' };

/** Base64 of bytes, in slices (String.fromCharCode on a huge array overflows the stack). */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

type Busy = { phase: 'uploading'; done: number; total: number } | null;

export function ImportsPanel(props: { api: ConsoleApi; canEdit: boolean }) {
  const { t, formatTime, formatDate, formatNumber, locale } = useI18n();
  const { api, canEdit } = props;
  const [kind, setKind] = useState<ImportKind>('grids');
  const [file, setFile] = useState<File | null>(null);
  const [gcj02, setGcj02] = useState(false);
  const [encoding, setEncoding] = useState<ImportEncoding>('auto');
  const [status, setStatus] = useState<ImportStatus | null>(null);
  const [busy, setBusy] = useState<Busy>(null);
  const [error, setError] = useState<string | null>(null);
  const [history, setHistory] = useState<ImportRecord[]>([]);
  const fileInput = useRef<HTMLInputElement>(null);
  const alive = useRef(true);

  const loadHistory = useCallback(() => {
    if (!canEdit) return;
    api.listImports().then((h) => alive.current && setHistory(h), () => undefined);
  }, [api, canEdit]);
  useEffect(() => {
    alive.current = true;
    loadHistory();
    return () => {
      alive.current = false;
    };
  }, [loadHistory]);

  // Poll while the host reads and checks the file.
  useEffect(() => {
    if (!status || status.state !== 'validating') return;
    const timer = setTimeout(() => {
      api.getImportStatus({ importId: status.importId }).then(
        (s) => alive.current && setStatus(s),
        (err: unknown) => alive.current && setError(err instanceof Error ? err.message : String(err)),
      );
    }, POLL_MS);
    return () => clearTimeout(timer);
  }, [api, status]);

  const reset = (): void => {
    setStatus(null);
    setError(null);
    setFile(null);
    if (fileInput.current) fileInput.current.value = '';
  };

  const check = async (): Promise<void> => {
    setError(null);
    setStatus(null);
    if (!file) return setError(t('imports.noFile'));
    if (file.size > MAX_IMPORT_BYTES) return setError(t('imports.tooLarge', { max: MAX_IMPORT_BYTES / 1024 / 1024 }));
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      const options = { gcj02, encoding };
      let started: ImportStatus;
      if (bytes.length <= MAX_IMPORT_CHUNK_BYTES) {
        started = await api.previewImport({ kind, fileName: file.name, options, data: bytesToBase64(bytes) });
      } else {
        // The transports limit one message: send the file in pieces.
        let uploadId: string | undefined;
        for (let at = 0; at < bytes.length; at += MAX_IMPORT_CHUNK_BYTES) {
          setBusy({ phase: 'uploading', done: Math.round(at / 1024), total: Math.round(bytes.length / 1024) });
          const r = await api.uploadImportChunk({ ...(uploadId ? { uploadId } : {}), data: bytesToBase64(bytes.subarray(at, at + MAX_IMPORT_CHUNK_BYTES)) });
          uploadId = r.uploadId;
        }
        started = await api.previewImport({ kind, fileName: file.name, options, uploadId: uploadId! });
      }
      if (alive.current) setStatus(started);
    } catch (err) {
      if (alive.current) setError(err instanceof Error ? err.message : String(err));
    } finally {
      if (alive.current) setBusy(null);
    }
  };

  const apply = async (): Promise<void> => {
    if (!status) return;
    setError(null);
    setStatus({ ...status, state: 'applying', progress: { phase: 'applying', done: 0, total: status.counts?.total ?? 0 } });
    try {
      const s = await api.applyImport({ importId: status.importId });
      if (alive.current) setStatus(s);
      loadHistory();
    } catch (err) {
      if (!alive.current) return;
      setError(err instanceof Error ? err.message : String(err));
      api.getImportStatus({ importId: status.importId }).then((s) => alive.current && setStatus(s), () => undefined);
    }
  };

  // Kinds whose newest history entry is an import (not a removal): they can be removed again.
  const heldKinds = IMPORT_KINDS.filter((k) => {
    const latest = history.find((h) => h.kind === k);
    return latest !== undefined && latest.counts.total > 0;
  });
  const clear = async (kind: ImportKind): Promise<void> => {
    if (!window.confirm(t('imports.clear.confirm', { kind: t(`imports.kind.${kind}` as MessageKey) }))) return;
    setError(null);
    try {
      const h = await api.clearImport({ kind });
      if (alive.current) setHistory(h);
    } catch (err) {
      if (alive.current) setError(err instanceof Error ? err.message : String(err));
    }
  };

  const cancel = async (): Promise<void> => {
    if (status && (status.state === 'ready' || status.state === 'refused' || status.state === 'validating')) {
      await api.cancelImport({ importId: status.importId }).catch(() => undefined);
    }
    reset();
  };

  const where = (p: ImportProblem): string =>
    p.row !== null ? t('imports.where.row', { n: p.row }) : p.feature !== null ? t('imports.where.feature', { n: p.feature }) : t('imports.where.file');
  const formats = IMPORT_FORMATS[kind];
  const working = busy !== null || status?.state === 'validating' || status?.state === 'applying';
  const progress = busy ?? (status && (status.state === 'validating' || status.state === 'applying') ? status.progress : null);
  const progressText = !progress
    ? null
    : progress.phase === 'uploading'
      ? t('imports.phase.uploading', { done: progress.done, total: progress.total })
      : progress.phase === 'reading'
        ? t('imports.phase.reading')
        : progress.phase === 'applying'
          ? t('imports.phase.applying')
          : t('imports.phase.validating', { done: formatNumber(progress.done), total: formatNumber(progress.total) });
  // A refused file changes nothing: new / changed / removed would describe an import that cannot happen.
  const countKeys = status?.state === 'refused' ? (['total'] as const) : (['total', 'new', 'changed', 'unchanged', 'removed'] as const);
  const ratio = progress && progress.total > 0 ? Math.min(1, progress.done / progress.total) : null;

  return (
    <section className="im-panel" data-testid="imports-panel" aria-label={t('imports.title')}>
      <p className="im-intro">{t('imports.intro')}</p>
      {!canEdit ? (
        <p className="im-readonly" role="note" data-testid="imports-readonly">
          {t('imports.readOnly')}
        </p>
      ) : null}
      <div className="im-form">
        <label className="im-field">
          <span>{t('imports.kind')}</span>
          <select value={kind} disabled={working || status !== null} onChange={(e) => setKind(e.target.value as ImportKind)} data-testid="imports-kind">
            {IMPORT_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`imports.kind.${k}` as MessageKey)}
              </option>
            ))}
          </select>
        </label>
        <p className="im-fields-help">{t(`imports.fields.${kind}` as MessageKey)}</p>
        <div className="im-field">
          <span>{t('imports.file')}</span>
          {/* The browser's own file button speaks the browser's language: ours speaks the console's. */}
          <span className="im-file">
            <input
              ref={fileInput}
              id="imports-file"
              className="im-file-input"
              type="file"
              accept={formats.map((f) => ACCEPT[f]).join(',')}
              disabled={working || status !== null}
              onChange={(e) => setFile(e.target.files?.[0] ?? null)}
              data-testid="imports-file"
            />
            <label htmlFor="imports-file" className={working || status !== null ? 'op-button disabled' : 'op-button'}>
              {t('imports.chooseFile')}
            </label>
            <span className="im-file-name" data-testid="imports-file-name">
              {file ? `${file.name} (${formatNumber(Math.ceil(file.size / 1024))} KiB)` : t('imports.noFileChosen')}
            </span>
          </span>
        </div>
        <label className="im-check">
          <input type="checkbox" checked={gcj02} disabled={working || status !== null} onChange={(e) => setGcj02(e.target.checked)} data-testid="imports-gcj02" />
          <span>{t('imports.gcj02')}</span>
        </label>
        {formats.includes('geojson') || formats.includes('csv') ? (
          <label className="im-field">
            <span>{t('imports.encoding')}</span>
            <select value={encoding} disabled={working || status !== null} onChange={(e) => setEncoding(e.target.value as ImportEncoding)} data-testid="imports-encoding">
              {IMPORT_ENCODINGS.map((enc) => (
                <option key={enc} value={enc}>
                  {t(`imports.encoding.${enc}` as MessageKey)}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <div className="im-actions">
          {status === null ? (
            <button type="button" className="op-button primary" disabled={!canEdit || !file || working} onClick={() => void check()} data-testid="imports-check">
              {t('imports.check')}
            </button>
          ) : status.state === 'applied' || status.state === 'cancelled' || status.state === 'failed' ? (
            <button type="button" className="op-button" onClick={reset} data-testid="imports-again">
              {t('imports.again')}
            </button>
          ) : (
            <>
              <button type="button" className="op-button primary" disabled={!canEdit || status.state !== 'ready'} onClick={() => void apply()} data-testid="imports-apply">
                {t('imports.apply')}
              </button>
              <button type="button" className="op-button" disabled={status.state === 'applying'} onClick={() => void cancel()} data-testid="imports-cancel">
                {t('imports.cancel')}
              </button>
            </>
          )}
        </div>
      </div>

      {progressText ? (
        <div className="im-progress" role="status" data-testid="imports-progress">
          <span>{progressText}</span>
          <div className="im-bar" aria-hidden="true">
            <div className={ratio === null ? 'im-bar-fill indeterminate' : 'im-bar-fill'} style={ratio === null ? undefined : { width: `${Math.round(ratio * 100)}%` }} />
          </div>
        </div>
      ) : null}
      {error ? (
        <p className="im-error" role="alert" data-testid="imports-error">
          {error}
        </p>
      ) : null}

      {status && status.state !== 'validating' ? (
        <div className="im-result" data-testid="imports-result" data-state={status.state}>
          <p className={`im-state im-state-${status.state}`} data-testid="imports-state">
            {status.state === 'ready'
              ? t('imports.state.ready')
              : status.state === 'refused'
                ? t('imports.state.refused', { count: formatNumber(status.problemCount) })
                : status.state === 'applied'
                  ? t('imports.state.applied', { time: status.appliedAt ? formatTime(status.appliedAt) : '' })
                  : status.state === 'failed'
                    ? t('imports.state.failed', { message: status.error ?? '' })
                    : status.state === 'cancelled'
                      ? t('imports.state.cancelled')
                      : t('imports.phase.applying')}
            {status.format ? <span className="im-format">{t('imports.format', { format: `${status.format}${status.encoding ? ` · ${status.encoding}` : ''}` })}</span> : null}
          </p>
          {status.counts ? (
            <table className="im-counts" data-testid="imports-counts">
              <thead>
                <tr>
                  {countKeys.map((k) => (
                    <th key={k}>{t(`imports.count.${k}` as MessageKey)}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                <tr>
                  {countKeys.map((k) => (
                    <td key={k} data-testid={`imports-count-${k}`} data-value={status.counts![k]} className={k === 'removed' && status.counts![k] > 0 ? 'im-warn' : undefined}>
                      {formatNumber(status.counts![k])}
                    </td>
                  ))}
                </tr>
              </tbody>
            </table>
          ) : null}
          {status.supersedes && status.state !== 'refused' ? <p className="im-note">{t('imports.supersedes', { count: formatNumber(status.supersedes) })}</p> : null}
          {status.problemCount > 0 ? (
            <div className="im-problems" data-testid="imports-problems" data-count={status.problemCount}>
              <h3>
                {t('imports.problems')} ({formatNumber(status.problemCount)})
              </h3>
              {status.problemCount > status.problems.length ? <p className="im-note">{t('imports.problems.more', { shown: formatNumber(status.problems.length), count: formatNumber(status.problemCount) })}</p> : null}
              <div className="im-problems-scroll">
                <table>
                  <thead>
                    <tr>
                      <th>{t('imports.col.where')}</th>
                      <th>{t('imports.col.id')}</th>
                      <th>{t('imports.col.field')}</th>
                      <th>{t('imports.col.reason')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {status.problems.map((p, i) => (
                      <tr key={i} data-testid="imports-problem">
                        <td className="im-where">{where(p)}</td>
                        <td className="im-id">{p.id ?? ''}</td>
                        <td className="im-fieldname">{p.field}</td>
                        <td title={p.reason}>{problemText(p.reason, locale)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </div>
          ) : null}
        </div>
      ) : null}

      {canEdit ? (
        <div className="im-history" data-testid="imports-history">
          <h3>{t('imports.history')}</h3>
          {history.length === 0 ? (
            <p className="im-note">{t('imports.history.empty')}</p>
          ) : (
            <ul>
              {history.slice(0, 10).map((h) => (
                <li key={h.id}>
                  {h.fileName === '' && h.counts.total === 0
                    ? t('imports.history.cleared', {
                        time: `${formatDate(h.appliedAt)} ${formatTime(h.appliedAt)}`,
                        kind: t(`imports.kind.${h.kind}` as MessageKey),
                        by: h.actor ?? '—',
                        removed: formatNumber(h.counts.removed),
                      })
                    : t('imports.history.line', {
                    time: `${formatDate(h.appliedAt)} ${formatTime(h.appliedAt)}`,
                    kind: t(`imports.kind.${h.kind}` as MessageKey),
                    file: h.fileName,
                    by: h.actor ?? '—',
                    new: formatNumber(h.counts.new),
                    changed: formatNumber(h.counts.changed),
                    removed: formatNumber(h.counts.removed),
                  })}
                </li>
              ))}
            </ul>
          )}
          {heldKinds.length > 0 ? (
            <div className="im-clear">
              {heldKinds.map((k) => (
                <button key={k} type="button" className="op-button" disabled={working} onClick={() => void clear(k)} data-testid={`imports-clear-${k}`}>
                  {t('imports.clear', { kind: t(`imports.kind.${k}` as MessageKey) })}
                </button>
              ))}
            </div>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
