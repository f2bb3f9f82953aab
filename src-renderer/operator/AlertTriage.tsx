// Video-alert triage: open alerts by severity then time, with snapshots; confirm (category and severity
// prefilled from the alert kind) or dismiss with a reason; the false-positive share per camera and kind.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { categoryForAlertKind, severityForAlertKind } from '../../src-shared/domain/alerts.ts';
import { canAct } from '../../src-shared/domain/roles.ts';
import { streetName } from './names.ts';
import type { LiveQueue } from './live-queue.ts';
import type { AccountInfo, AlertRow, AlertTriageStats, ConsoleApi, TriageCount } from '../../src-shared/api.ts';
import type { Severity } from '../../src-shared/sfp/schemas.ts';

const SEVERITY_ORDER: Record<Severity, number> = { red: 0, yellow: 1, green: 2 };
const REASONS = ['false-positive', 'duplicate', 'handled'] as const;

export function sortForTriage(alerts: AlertRow[]): AlertRow[] {
  return [...alerts].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || b.raisedAt - a.raisedAt);
}

export function AlertTriage(props: { api: ConsoleApi; live: LiveQueue; account: AccountInfo }) {
  const { t, formatTime, severity, alertKind, placeName } = useI18n();
  const { api } = props;
  const [alerts, setAlerts] = useState<AlertRow[]>([]);
  const [stats, setStats] = useState<AlertTriageStats>({ byCamera: [], byKind: [] });
  const [busy, setBusy] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const mayAct = canAct(props.account.role);
  // The alert the wall linked to (?alert=): scrolled to and marked, or said to be no longer open.
  const [focusId] = useState(() => (typeof location !== 'undefined' ? new URLSearchParams(location.search).get('alert') : null));
  const [loaded, setLoaded] = useState(false);
  const focusRef = useRef<HTMLElement | null>(null);

  const refresh = useCallback(async () => {
    const [open, s] = await Promise.all([api.listAlerts({ state: ['open'], limit: 300 }), api.getAlertTriageStats()]);
    setAlerts(sortForTriage(open));
    setStats(s);
    setLoaded(true);
  }, [api]);
  const focusOpen = focusId !== null && alerts.some((a) => a.alertId === focusId);
  useEffect(() => {
    if (focusOpen) focusRef.current?.scrollIntoView({ block: 'center' });
  }, [focusOpen]);

  useEffect(() => {
    void refresh();
    const sub = api.onChanges((n) => {
      if (n.kinds.includes('alert')) void refresh();
    });
    return () => sub.dispose();
  }, [api, refresh]);

  const act = async (alert: AlertRow, type: 'alert.confirm' | 'alert.dismiss', args: Record<string, unknown>, label: string) => {
    setError(null);
    setBusy((b) => ({ ...b, [alert.alertId]: label }));
    try {
      const entry = await api.issueCommand({ type, target: { alertId: alert.alertId, rev: alert.rev }, args });
      props.live.noteIssued(entry);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setBusy((b) => {
        const { [alert.alertId]: _gone, ...rest } = b;
        return rest;
      });
    }
  };

  const share = (c: TriageCount) => t('operator.alerts.fpShare', { fp: c.falsePositives, n: c.decided, pct: c.decided ? Math.round((100 * c.falsePositives) / c.decided) : 0 });

  return (
    <div className="op-triage">
      <section className="op-triage-list" data-testid="op-alerts">
        <h2>{t('operator.alerts.title')} ({alerts.length})</h2>
        {error ? <p className="op-error" role="alert">{t('operator.cmd.failed', { message: error })}</p> : null}
        {focusId && loaded && !focusOpen ? (
          <p className="op-hint" data-testid="op-alert-gone">
            {t('operator.alerts.notOpen')}
          </p>
        ) : null}
        {alerts.length === 0 ? <p className="op-hint">{t('operator.alerts.empty')}</p> : null}
        <div className="op-alert-grid">
          {alerts.map((a) => {
            const category = categoryForAlertKind(a.kind);
            const sev = severityForAlertKind(a.kind);
            return (
              <article
                key={a.alertId}
                ref={a.alertId === focusId ? focusRef : undefined}
                className={`op-alert-card sev-border-${a.severity}${a.alertId === focusId ? ' focused' : ''}`}
                data-testid="op-alert"
                data-alert-id={a.alertId}
                data-focused={a.alertId === focusId ? 'true' : undefined}
              >
                <Snapshot api={api} alertId={a.alertId} has={a.hasSnapshot} />
                <div className="op-alert-body">
                  <div className="op-alert-title">
                    <span className={`op-sev sev-${a.severity}`}>{severity(a.severity)}</span> {alertKind(a.kind)}
                  </div>
                  <div className="op-hint">
                    {formatTime(a.raisedAt)} · {streetName(a.subcentreId, placeName, props.live.snapshot().links)} · {t('operator.alerts.camera', { id: a.cameraId.slice(-6) })} · {t('operator.alerts.confidence', { value: Math.round(a.confidence * 100) })}
                  </div>
                  {busy[a.alertId] ? (
                    <div className="op-cmd sent" data-testid="op-alert-pending">{busy[a.alertId]} · {t('operator.cmd.sent')}</div>
                  ) : mayAct ? (
                    <div className="op-alert-actions">
                      <button type="button" className="op-button primary" title={`${category.major} / ${category.name} · ${severity(sev)}`} onClick={() => void act(a, 'alert.confirm', { category, severity: a.severity ?? sev }, t('operator.alerts.confirm'))} data-testid="op-alert-confirm">
                        {t('operator.alerts.confirm')} · {category.name} · {severity(a.severity ?? sev)}
                      </button>
                      {REASONS.map((r) => (
                        <button key={r} type="button" className="op-button" onClick={() => void act(a, 'alert.dismiss', { reason: r }, t(`operator.alerts.reason.${r}`))} data-testid={`op-alert-dismiss-${r}`}>
                          {t('operator.alerts.dismiss')}：{t(`operator.alerts.reason.${r}`)}
                        </button>
                      ))}
                    </div>
                  ) : (
                    <span className="op-hint">{t('operator.action.readOnly')}</span>
                  )}
                </div>
              </article>
            );
          })}
        </div>
      </section>
      <aside className="op-fp" data-testid="op-fp">
        <h2>{t('operator.alerts.fpTitle')}</h2>
        <h3>{t('operator.alerts.byKind')}</h3>
        <ul>{stats.byKind.map((c) => <li key={c.key}><span>{alertKind(c.key)}</span><FpBar c={c} /><span>{share(c)}</span></li>)}</ul>
        <h3>{t('operator.alerts.byCamera')}</h3>
        <ul>{stats.byCamera.slice(0, 30).map((c) => <li key={c.key} className="op-fp-camera"><span className="op-cam-id" title={c.key}>{c.key}</span><FpBar c={c} /><span>{share(c)}</span></li>)}</ul>
      </aside>
    </div>
  );
}

function FpBar(props: { c: TriageCount }) {
  const pct = props.c.decided ? (100 * props.c.falsePositives) / props.c.decided : 0;
  return (
    <span className="op-fp-bar">
      <span style={{ width: `${pct}%` }} />
    </span>
  );
}

function Snapshot(props: { api: ConsoleApi; alertId: string; has: boolean }) {
  const { t } = useI18n();
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    if (props.has) props.api.getAlertSnapshot({ alertId: props.alertId }).then((s) => !cancelled && setSrc(s), () => undefined);
    return () => {
      cancelled = true;
    };
  }, [props.api, props.alertId, props.has]);
  return src ? <img className="op-alert-snap" src={src} alt={props.alertId} loading="lazy" /> : <div className="op-alert-snap none">{t('operator.alerts.noSnapshot')}</div>;
}
