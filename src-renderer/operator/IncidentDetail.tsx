// One incident: where, which grid and department, the countdown, the lifecycle timeline from `history`,
// notes, the linked video alert with its snapshot — and the actions legal now (legalCommands), each
// shown as pending / queued / confirmed / refused as it travels to the sub-centre and back.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { legalCommands, levelsAbove, type IncidentCommandType } from '../../src-shared/domain/lifecycle.ts';
import { canAct } from '../../src-shared/domain/roles.ts';
import { formatShanghaiIso } from '../../src-shared/domain/time.ts';
import { formatCountdown, secondsLeft } from './queue-model.ts';
import { streetName } from './names.ts';
import { MiniMap } from './MiniMap.tsx';
import type { LiveQueue } from './live-queue.ts';
import type { AccountInfo, ConsoleApi, IncidentDetail, OutboxEntry, IssueCommandRequest } from '../../src-shared/api.ts';
import type { HistoryEntry, Level, Severity } from '../../src-shared/sfp/schemas.ts';
import type { MessageKey } from '../i18n/translator.ts';

/** Keyboard shortcut → command (shown on screen in operator.keys). */
export const ACTION_KEYS: Record<string, IncidentCommandType> = {
  a: 'incident.accept',
  s: 'incident.rate',
  d: 'incident.dispatch',
  e: 'incident.escalate',
  n: 'incident.note',
  r: 'incident.resolve',
  c: 'incident.close',
  x: 'incident.reject',
};
const KEY_OF: Record<string, string> = Object.fromEntries(Object.entries(ACTION_KEYS).map(([k, v]) => [v, k.toUpperCase()]));
const DEPARTMENTS = ['城管', '市政', '公安', '消防', '环保', '住建', '市场监管', '民政', '司法', '卫健', '人社'];
const SEVERITIES: Severity[] = ['red', 'yellow', 'green'];

function actionLabel(type: string): MessageKey {
  return `operator.action.${type.replace('incident.', '')}` as MessageKey;
}

export function IncidentDetailPane(props: {
  api: ConsoleApi;
  live: LiveQueue;
  account: AccountInfo;
  incidentId: string | null;
  actionRequest: { key: string; n: number } | null;
  onDone: () => void;
}) {
  const { t, formatTime, formatDate, severity, status, level, source, placeName, alertKind } = useI18n();
  const { api, live, incidentId } = props;
  const [detail, setDetail] = useState<IncidentDetail | null | undefined>(undefined);
  const [snapshot, setSnapshot] = useState<string | null>(null);
  const [form, setForm] = useState<IncidentCommandType | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [, setTick] = useState(0);
  const snap = live.snapshot();
  // Re-read the incident when the queue sees a new rev of it.
  const row = incidentId ? live.model.rowOf(incidentId) : undefined;
  const rev = row !== undefined ? live.model.rev[row] : undefined;

  useEffect(() => {
    const d = live.onDidChange(() => setTick((n) => n + 1));
    const id = setInterval(() => setTick((n) => n + 1), 1000);
    return () => (d.dispose(), clearInterval(id));
  }, [live]);

  useEffect(() => {
    setForm(null);
    setFailure(null);
  }, [incidentId]);

  useEffect(() => {
    let cancelled = false;
    if (!incidentId) return setDetail(undefined);
    api.getIncident({ incidentId }).then((d) => !cancelled && setDetail(d), () => !cancelled && setDetail(null));
    return () => {
      cancelled = true;
    };
  }, [api, incidentId, rev]);

  const [branch, setBranch] = useState<{ name: string; secretary: string | null; members: number | null } | null>(null);
  const gridId = detail?.gridId ?? null;
  useEffect(() => {
    let cancelled = false;
    setBranch(null);
    if (gridId) void live.branchOf(gridId).then((b) => !cancelled && setBranch(b));
    return () => {
      cancelled = true;
    };
  }, [live, gridId]);

  const alertId = typeof detail?.raw.alertId === 'string' ? detail.raw.alertId : null;
  useEffect(() => {
    let cancelled = false;
    setSnapshot(null);
    if (alertId) api.getAlertSnapshot({ alertId }).then((s) => !cancelled && setSnapshot(s), () => undefined);
    return () => {
      cancelled = true;
    };
  }, [api, alertId]);

  const legal = detail ? legalCommands({ status: detail.status, level: detail.level }) : [];
  const mayAct = canAct(props.account.role);

  const lastRequest = useRef(0);
  useEffect(() => {
    const r = props.actionRequest;
    if (!r || r.n === lastRequest.current || !detail) return;
    lastRequest.current = r.n;
    const type = ACTION_KEYS[r.key];
    if (type && legal.includes(type) && mayAct) start(type);
  }); // runs after each render: the request may arrive before the detail

  const issue = async (request: IssueCommandRequest) => {
    setFailure(null);
    try {
      const entry = await api.issueCommand(request);
      live.noteIssued(entry);
      setForm(null);
      props.onDone();
    } catch (err) {
      setFailure(err instanceof Error ? err.message : String(err));
    }
  };

  const start = (type: IncidentCommandType) => {
    if (!detail) return;
    // Commands go against the rev on screen: a sub-centre that moved on answers stale-rev.
    if (type === 'incident.accept') void issue({ type, target: { incidentId: detail.incidentId, rev: detail.rev }, args: {} });
    else setForm(type);
  };

  if (!incidentId) return <div className="op-detail empty">{t('operator.detail.empty')}</div>;
  if (detail === undefined) return <div className="op-detail empty">{t('operator.loading')}</div>;
  if (detail === null) return <div className="op-detail empty" data-testid="op-detail-missing">{t('operator.detail.notFound')}</div>;

  const now = live.now();
  const left = secondsLeft(detail.dueAt, now);
  const open = detail.status !== 'closed' && detail.status !== 'rejected';
  const history = Array.isArray(detail.raw.history) ? (detail.raw.history as HistoryEntry[]) : [];
  const notes = history.filter((h) => h.action === 'incident.note' && h.note);
  const commands = snap.outbox.filter((e) => e.target.incidentId === detail.incidentId).slice(0, 8);
  const link = snap.links.find((l) => l.subcentreId === detail.subcentreId);
  const linkDown = link ? link.state !== 'connected' : false;

  return (
    <div className="op-detail" data-testid="op-detail" data-incident-id={detail.incidentId}>
      <div className="op-detail-head">
        <span className={`op-sev sev-${detail.severity}`}>{severity(detail.severity)}</span>
        <h2>{detail.title}</h2>
      </div>
      <div className="op-detail-id">{detail.incidentId} · rev {detail.rev}</div>
      <dl className="op-facts">
        <dt>{t('operator.col.status')}</dt>
        <dd data-testid="op-detail-status">{status(detail.status)}</dd>
        <dt>{t('operator.col.level')}</dt>
        <dd data-testid="op-detail-level">{level(detail.level)}</dd>
        <dt>{t('operator.col.category')}</dt>
        <dd>{detail.category.major} / {detail.category.name}</dd>
        <dt>{t('operator.col.source')}</dt>
        <dd>{source(detail.source)}</dd>
        <dt>{t('operator.col.street')}</dt>
        <dd>{streetName(detail.subcentreId, placeName, snap.links)}</dd>
        <dt>{t('operator.detail.grid')}</dt>
        <dd>{detail.gridId ?? '—'}</dd>
        <dt>{t('operator.detail.branch')}</dt>
        <dd data-testid="op-detail-branch">{branch ? `${branch.name}${branch.secretary ? ` · ${branch.secretary}` : ''}` : '—'}</dd>
        <dt>{t('operator.detail.location')}</dt>
        <dd>{detail.lon.toFixed(5)}, {detail.lat.toFixed(5)}{detail.address ? ` · ${detail.address}` : ''}</dd>
        <dt>{t('operator.detail.department')}</dt>
        <dd data-testid="op-detail-department">{detail.department ?? '—'}</dd>
        <dt>{t('operator.detail.due')}</dt>
        <dd className={open && left !== null && left < 0 ? 'overdue' : ''}>
          {detail.dueAt ? `${formatDate(detail.dueAt)} ${formatTime(detail.dueAt)}` : '—'}
          {open && left !== null ? ` · ${left < 0 ? `${t('operator.overdue')} ${formatCountdown(-left)}` : formatCountdown(left)}` : ''}
        </dd>
      </dl>

      <MiniMap api={api} street={detail.subcentreId} lon={detail.lon} lat={detail.lat} />

      <section className="op-actions" data-testid="op-actions">
        {mayAct ? (
          legal.map((type) => (
            <button key={type} type="button" className={form === type ? 'op-button active' : 'op-button'} onClick={() => start(type)} data-testid={`op-action-${type.replace('incident.', '')}`}>
              {t(actionLabel(type))} <kbd>{KEY_OF[type]}</kbd>
            </button>
          ))
        ) : (
          <span className="op-hint">{t('operator.action.readOnly')}</span>
        )}
      </section>
      {form ? <ActionForm type={form} level={detail.level} now={() => live.now()} onCancel={() => (setForm(null), props.onDone())} onSubmit={(args) => void issue({ type: form, target: { incidentId: detail.incidentId, rev: detail.rev }, args })} /> : null}
      {failure ? <p className="op-error" role="alert" data-testid="op-action-error">{t('operator.cmd.failed', { message: failure })}</p> : null}

      {commands.length > 0 ? (
        <section className="op-commands" data-testid="op-commands">
          <h3>{t('operator.cmd.title')}</h3>
          {commands.map((c) => (
            <CommandLine key={c.commandId} entry={c} linkDown={linkDown} incidentRev={detail.rev} />
          ))}
        </section>
      ) : null}

      <section>
        <h3>{t('operator.detail.timeline')}</h3>
        <ol className="op-timeline" data-testid="op-timeline">
          {history.map((h, i) => (
            <li key={i}>
              <time>{formatDate(Date.parse(h.at))} {formatTime(Date.parse(h.at))}</time>
              <span className="op-tl-action">{t(historyLabel(h.action))}</span>
              {h.by ? <span className="op-tl-by">{t('operator.detail.by', { name: h.by.name })}</span> : null}
              {h.note ? <div className="op-tl-note">{h.note}</div> : null}
            </li>
          ))}
        </ol>
      </section>
      {notes.length > 0 ? (
        <section>
          <h3>{t('operator.detail.notes')}</h3>
          <ul className="op-notes">{notes.map((n, i) => <li key={i}>{n.note}</li>)}</ul>
        </section>
      ) : null}
      <section>
        <h3>{t('operator.detail.alert')}</h3>
        {alertId ? (
          <div className="op-alert-link">
            <div>{alertId}{typeof detail.raw.alertKind === 'string' ? ` · ${alertKind(detail.raw.alertKind)}` : ''}</div>
            {snapshot ? <img className="op-snapshot" src={snapshot} alt={alertId} /> : <span className="op-hint">{t('operator.alerts.noSnapshot')}</span>}
          </div>
        ) : (
          <span className="op-hint">{t('operator.detail.noAlert')}</span>
        )}
      </section>
    </div>
  );
}

const HISTORY_KEYS: Record<string, MessageKey> = {
  'incident.accept': 'operator.action.accept',
  'incident.rate': 'operator.action.rate',
  'incident.dispatch': 'operator.action.dispatch',
  'incident.escalate': 'operator.action.escalate',
  'incident.note': 'operator.action.note',
  'incident.resolve': 'operator.action.resolve',
  'incident.close': 'operator.action.close',
  'incident.reject': 'operator.action.reject',
  'alert.confirm': 'operator.alerts.confirm',
  report: 'operator.history.report',
  handle: 'operator.history.handle',
};
function historyLabel(action: string): MessageKey {
  return HISTORY_KEYS[action] ?? (`status.${action}` as MessageKey);
  // (an unknown action is shown as it came: t() falls back to the key's text)
}

function CommandLine(props: { entry: OutboxEntry; linkDown: boolean; incidentRev: number }) {
  const { t, formatTime } = useI18n();
  const e = props.entry;
  let text: string;
  let cls = 'pending';
  if (e.state === 'refused') (text = t('operator.cmd.refused', { message: `${e.error?.code ?? ''} ${e.error?.message ?? ''}`.trim() })), (cls = 'refused');
  else if (e.state === 'acked') {
    // Confirmed once the new rev has reached this console through the feed, not only the ack.
    const confirmed = e.resultRev !== null && props.incidentRev >= e.resultRev;
    text = confirmed ? t('operator.cmd.confirmed', { rev: e.resultRev ?? '' }) : t('operator.cmd.acked', { rev: e.resultRev ?? '' });
    cls = confirmed ? 'confirmed' : 'sent';
  } else if (props.linkDown) (text = t('operator.cmd.queued')), (cls = 'queued');
  else if (e.state === 'sent') (text = t('operator.cmd.sent')), (cls = 'sent');
  else text = t('operator.cmd.pending');
  return (
    <div className={`op-cmd ${cls}`} data-testid="op-command" data-state={cls} data-type={e.type}>
      <time>{formatTime(e.issuedAt)}</time> <span>{t(HISTORY_KEYS[e.type] ?? 'operator.cmd.title')}</span> <span className="op-cmd-state">{text}</span>
    </div>
  );
}

function ActionForm(props: { type: IncidentCommandType; level: Level; now: () => number; onSubmit: (args: Record<string, unknown>) => void; onCancel: () => void }) {
  const { t, level: levelName, severity } = useI18n();
  const above = levelsAbove(props.level);
  const [text, setText] = useState('');
  const [department, setDepartment] = useState(DEPARTMENTS[0]!);
  const [hours, setHours] = useState('24');
  const [toLevel, setToLevel] = useState<Level>(above[0] ?? props.level);
  const [verified, setVerified] = useState(true);
  const first = useRef<HTMLElement | null>(null);
  useEffect(() => first.current?.focus(), [props.type]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    switch (props.type) {
      case 'incident.dispatch': {
        const h = Number(hours);
        return props.onSubmit({ department, ...(Number.isFinite(h) && h > 0 ? { dueAt: formatShanghaiIso(new Date(props.now() + h * 3_600_000)) } : {}) });
      }
      case 'incident.escalate':
        return props.onSubmit({ toLevel, reason: text });
      case 'incident.note':
      case 'incident.resolve':
        return props.onSubmit({ text });
      case 'incident.reject':
        return props.onSubmit({ reason: text });
      case 'incident.close':
        return props.onSubmit({ verified, text });
      default:
        return undefined;
    }
  };
  const setFirst = (el: HTMLElement | null) => {
    if (el && !first.current) first.current = el;
  };

  if (props.type === 'incident.rate') {
    return (
      <div className="op-form" data-testid="op-form-rate">
        {SEVERITIES.map((s) => (
          <button key={s} ref={setFirst} type="button" className={`op-button sev-btn sev-${s}`} onClick={() => props.onSubmit({ severity: s })} data-testid={`op-rate-${s}`}>
            {severity(s)}
          </button>
        ))}
        <button type="button" className="op-button" onClick={props.onCancel}>{t('operator.action.cancel')}</button>
      </div>
    );
  }
  const needsText = props.type !== 'incident.dispatch';
  return (
    <form className="op-form" onSubmit={submit} data-testid={`op-form-${props.type.replace('incident.', '')}`}>
      {props.type === 'incident.dispatch' ? (
        <>
          <label>
            {t('operator.action.department')}
            <select ref={setFirst} value={department} onChange={(e) => setDepartment(e.target.value)} data-testid="op-form-department">
              {DEPARTMENTS.map((d) => <option key={d} value={d}>{d}</option>)}
            </select>
          </label>
          <label>
            {t('operator.action.hours')}
            <input type="number" min="0" step="0.5" value={hours} onChange={(e) => setHours(e.target.value)} />
          </label>
        </>
      ) : null}
      {props.type === 'incident.escalate' ? (
        <label>
          {t('operator.action.toLevel')}
          <select ref={setFirst} value={toLevel} onChange={(e) => setToLevel(e.target.value as Level)} data-testid="op-form-level">
            {above.map((l) => <option key={l} value={l}>{levelName(l)}</option>)}
          </select>
        </label>
      ) : null}
      {props.type === 'incident.close' ? (
        <label className="op-check">
          <input type="checkbox" checked={verified} onChange={(e) => setVerified(e.target.checked)} />
          {t('operator.action.verified')}
        </label>
      ) : null}
      {needsText ? (
        <label>
          {props.type === 'incident.escalate' || props.type === 'incident.reject' ? t('operator.action.reason') : t('operator.action.text')}
          <textarea ref={setFirst} rows={2} value={text} onChange={(e) => setText(e.target.value)} data-testid="op-form-text" />
        </label>
      ) : null}
      <div className="op-form-buttons">
        <button type="submit" className="op-button primary" disabled={needsText && text.trim() === '' && props.type !== 'incident.close' && props.type !== 'incident.resolve'} data-testid="op-form-submit">
          {t('operator.action.submit')}
        </button>
        <button type="button" className="op-button" onClick={props.onCancel}>{t('operator.action.cancel')}</button>
      </div>
    </form>
  );
}
