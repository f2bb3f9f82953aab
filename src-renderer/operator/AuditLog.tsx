// The audit log: every action, sign-in and setting change with who and when; paged back in time, and
// exported as CSV (the host writes the CSV and records the export).
import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { AuditEntry, ConsoleApi } from '../../src-shared/api.ts';

const PAGE = 200;

export function AuditLog(props: { api: ConsoleApi }) {
  const { t, formatDate, formatTime } = useI18n();
  const [rows, setRows] = useState<AuditEntry[]>([]);
  const [more, setMore] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = async (beforeId?: number) => {
    try {
      const page = await props.api.listAuditLog({ limit: PAGE, ...(beforeId !== undefined ? { beforeId } : {}) });
      setRows((r) => (beforeId === undefined ? page : [...r, ...page]));
      setMore(page.length === PAGE);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  useEffect(() => {
    void load();
    // New entries (commands, acknowledgements) show up while the log is open.
    const sub = props.api.onChanges((n) => {
      if (n.kinds.includes('outbox')) void load();
    });
    return () => sub.dispose();
  }, []);

  const exportCsv = async () => {
    try {
      const csv = await props.api.exportAuditCsv({});
      const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = `superbrain-audit-${new Date().toISOString().slice(0, 10)}.csv`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      void load();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };

  return (
    <section className="op-audit" data-testid="op-audit">
      <div className="op-audit-head">
        <h2>{t('operator.audit.title')}</h2>
        <button type="button" className="op-button primary" onClick={() => void exportCsv()} data-testid="op-audit-export">
          {t('operator.audit.export')}
        </button>
      </div>
      {error ? <p className="op-error" role="alert">{error}</p> : null}
      <table className="op-audit-table">
        <thead>
          <tr>
            <th>{t('operator.audit.time')}</th>
            <th>{t('operator.audit.actor')}</th>
            <th>{t('operator.audit.action')}</th>
            <th>{t('operator.audit.subject')}</th>
            <th>{t('operator.audit.detail')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} data-testid="op-audit-row" data-action={r.action}>
              <td>{formatDate(r.at)} {formatTime(r.at)}</td>
              <td>{r.actor?.name ?? t('operator.audit.system')}{r.actor?.role ? ` · ${r.actor.role}` : ''}</td>
              <td>{r.action}</td>
              <td>{r.subject}</td>
              <td className="op-audit-detail">{r.detail === null ? '' : JSON.stringify(r.detail).slice(0, 300)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {more ? (
        <button type="button" className="op-button" onClick={() => void load(rows.at(-1)?.id)}>
          {t('operator.audit.more')}
        </button>
      ) : null}
    </section>
  );
}
