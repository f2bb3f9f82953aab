// The incident queue: filters, a virtualised table (only the visible rows are in the DOM, so tens of
// thousands of incidents stay responsive), keyboard operation, and the detail of the selected incident.
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore, type KeyboardEvent } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { CODES, formatCountdown, secondsLeft, type QueueFilter, type QueueSort, type QueueSortKey } from './queue-model.ts';
import { IncidentDetailPane, ACTION_KEYS } from './IncidentDetail.tsx';
import { streetName } from './names.ts';
import { deleteView, loadSavedViews, saveView, type SavedView } from './saved-views.ts';
import type { LiveQueue } from './live-queue.ts';
import type { AccountInfo, ConsoleApi } from '../../src-shared/api.ts';
import type { MessageKey } from '../i18n/translator.ts';

const ROW_HEIGHT = 30;
const OVERSCAN = 8;

interface Column {
  key: string;
  label: MessageKey;
  sort?: QueueSortKey;
  width: string;
}
const COLUMNS: Column[] = [
  { key: 'time', label: 'operator.col.time', sort: 'reportedAt', width: '7.5rem' },
  { key: 'street', label: 'operator.col.street', sort: 'street', width: '7rem' },
  { key: 'grid', label: 'operator.col.grid', width: '7rem' },
  { key: 'category', label: 'operator.col.category', sort: 'category', width: '9rem' },
  { key: 'title', label: 'operator.col.title', width: 'minmax(10rem, 1fr)' },
  { key: 'source', label: 'operator.col.source', width: '6rem' },
  { key: 'severity', label: 'operator.col.severity', sort: 'severity', width: '3.5rem' },
  { key: 'level', label: 'operator.col.level', sort: 'level', width: '4rem' },
  { key: 'status', label: 'operator.col.status', sort: 'status', width: '5rem' },
  { key: 'department', label: 'operator.col.department', width: '6rem' },
  { key: 'timeLeft', label: 'operator.col.timeLeft', sort: 'dueAt', width: '6.5rem' },
];
const GRID_TEMPLATE = COLUMNS.map((c) => c.width).join(' ');

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

function useLive(live: LiveQueue) {
  return useSyncExternalStore(
    useCallback((cb) => {
      const d = live.onDidChange(cb);
      return () => d.dispose();
    }, [live]),
    () => live.snapshot(),
  );
}

/** Re-renders every second for the countdowns. */
function useSecondTick(): number {
  const [n, setN] = useState(0);
  useEffect(() => {
    const id = setInterval(() => setN((v) => v + 1), 1000);
    return () => clearInterval(id);
  }, []);
  return n;
}

export function QueuePane(props: { api: ConsoleApi; live: LiveQueue; account: AccountInfo }) {
  const { t, formatShortTime, formatDate, severity, status, source, level, placeName } = useI18n();
  const { live } = props;
  const snap = useLive(live);
  const second = useSecondTick();
  const model = live.model;
  const [filter, setFilter] = useState<QueueFilter>({ status: 'open' });
  const [sort, setSort] = useState<QueueSort>({ key: 'urgency', desc: false });
  const [selected, setSelected] = useState<string | null>(null);
  // issue 4: the map wall opens an incident here with ?view=operator&incident=<id>
  const [opened, setOpened] = useState<string | null>(() => (typeof location !== 'undefined' ? new URLSearchParams(location.search).get('incident') : null));
  const [actionRequest, setActionRequest] = useState<{ key: string; n: number } | null>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [savedViews, setSavedViews] = useState<SavedView[]>(() => loadSavedViews(storage()));
  const [currentView, setCurrentView] = useState('');
  const [height, setHeight] = useState(600);
  const bodyRef = useRef<HTMLDivElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);

  // The view is recomputed when data, filter or sort change — and every 30 s for urgency (time passes).
  const urgencyEpoch = sort.key === 'urgency' || filter.overdueOnly ? Math.floor(second / 30) : 0;
  const rows = useMemo(() => model.view(filter, sort, live.now()), [model, snap.tick, filter, sort, urgencyEpoch]);
  const now = live.now();

  useEffect(() => {
    const el = bodyRef.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setHeight(el.clientHeight));
    ro.observe(el);
    setHeight(el.clientHeight);
    return () => ro.disconnect();
  }, []);

  const selectedIndex = useMemo(() => {
    if (selected === null) return -1;
    const row = model.rowOf(selected);
    if (row === undefined) return -1;
    return rows.indexOf(row);
  }, [rows, selected, model]);

  const moveTo = (index: number) => {
    if (rows.length === 0) return;
    const i = Math.max(0, Math.min(rows.length - 1, index));
    setSelected(model.ids[rows[i]!]!);
    setOpened(null);
    const el = bodyRef.current;
    if (el) {
      const top = i * ROW_HEIGHT;
      if (top < el.scrollTop) el.scrollTop = top;
      else if (top + ROW_HEIGHT > el.scrollTop + el.clientHeight) el.scrollTop = top + ROW_HEIGHT - el.clientHeight;
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const target = e.target as HTMLElement;
    const typing = target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT';
    if (e.key === 'Escape') {
      if (typing) (target as HTMLInputElement).blur();
      setActionRequest(null);
      bodyRef.current?.focus();
      return;
    }
    if (typing) return;
    if (e.key === 'ArrowDown') (e.preventDefault(), moveTo(selectedIndex + 1));
    else if (e.key === 'ArrowUp') (e.preventDefault(), moveTo(selectedIndex - 1));
    else if (e.key === 'PageDown') (e.preventDefault(), moveTo(selectedIndex + Math.floor(height / ROW_HEIGHT)));
    else if (e.key === 'PageUp') (e.preventDefault(), moveTo(selectedIndex - Math.floor(height / ROW_HEIGHT)));
    else if (e.key === 'Enter' && selected) (e.preventDefault(), setOpened(selected));
    else if (e.key === '/') (e.preventDefault(), searchRef.current?.focus());
    else if (!e.ctrlKey && !e.metaKey && !e.altKey && ACTION_KEYS[e.key.toLowerCase()] && (opened ?? selected)) {
      e.preventDefault();
      if (!opened && selected) setOpened(selected);
      setActionRequest((r) => ({ key: e.key.toLowerCase(), n: (r?.n ?? 0) + 1 }));
    }
  };

  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(rows.length, Math.ceil((scrollTop + height) / ROW_HEIGHT) + OVERSCAN);
  const visible: number[] = [];
  for (let i = first; i < last; i++) visible.push(i);

  const streets = useMemo(() => [...new Set(snap.links.map((l) => l.subcentreId))], [snap.links]);
  const categories = useMemo(() => [...new Set(model.category)].sort(), [model, snap.tick]);
  const setF = (patch: Partial<QueueFilter>) => setFilter((f) => {
    const next: QueueFilter = { ...f, ...patch };
    for (const k of Object.keys(next) as Array<keyof QueueFilter>) if (next[k] === undefined || next[k] === '') delete next[k];
    return next;
  });
  const num = (v: string): number | undefined => (v === '' ? undefined : Number(v));

  return (
    <div className="op-queue-pane" onKeyDown={onKeyDown}>
      <section className="op-queue">
        <div className="op-filters" data-testid="op-filters">
          <input ref={searchRef} className="op-search" type="search" placeholder={t('operator.filter.text')} value={filter.text ?? ''} onChange={(e) => setF({ text: e.target.value })} data-testid="op-filter-text" />
          {props.account.street ? null : (
            <select aria-label={t('operator.filter.street')} value={filter.street ?? ''} onChange={(e) => setF({ street: e.target.value || undefined })} data-testid="op-filter-street">
              <option value="">{t('operator.filter.street')}: {t('operator.filter.all')}</option>
              {streets.map((s) => <option key={s} value={s}>{streetName(s, placeName, snap.links)}</option>)}
            </select>
          )}
          <select aria-label={t('operator.filter.category')} value={filter.category ?? ''} onChange={(e) => setF({ category: e.target.value || undefined })}>
            <option value="">{t('operator.filter.category')}: {t('operator.filter.all')}</option>
            {categories.map((c) => <option key={c} value={c}>{c}</option>)}
          </select>
          <select aria-label={t('operator.filter.source')} value={filter.source ?? ''} onChange={(e) => setF({ source: num(e.target.value) })}>
            <option value="">{t('operator.filter.source')}: {t('operator.filter.all')}</option>
            {CODES.source.map((s, i) => <option key={s} value={i}>{source(s)}</option>)}
          </select>
          <select aria-label={t('operator.filter.severity')} value={filter.severity ?? ''} onChange={(e) => setF({ severity: num(e.target.value) })} data-testid="op-filter-severity">
            <option value="">{t('operator.filter.severity')}: {t('operator.filter.all')}</option>
            {CODES.severity.map((s, i) => <option key={s} value={i}>{severity(s)}</option>)}
          </select>
          <select aria-label={t('operator.filter.status')} value={filter.status ?? ''} onChange={(e) => setF({ status: e.target.value === 'open' ? 'open' : num(e.target.value) })} data-testid="op-filter-status">
            <option value="">{t('operator.filter.status')}: {t('operator.filter.all')}</option>
            <option value="open">{t('operator.filter.open')}</option>
            {CODES.status.map((s, i) => <option key={s} value={i}>{status(s)}</option>)}
          </select>
          <select aria-label={t('operator.filter.level')} value={filter.level ?? ''} onChange={(e) => setF({ level: num(e.target.value) })}>
            <option value="">{t('operator.filter.level')}: {t('operator.filter.all')}</option>
            {CODES.level.map((s, i) => <option key={s} value={i}>{level(s)}</option>)}
          </select>
          <label className="op-check">
            <input type="checkbox" checked={Boolean(filter.overdueOnly)} onChange={(e) => setF({ overdueOnly: e.target.checked || undefined })} data-testid="op-filter-overdue" />
            {t('operator.filter.overdue')}
          </label>
          <button type="button" className={sort.key === 'urgency' ? 'op-button active' : 'op-button'} onClick={() => setSort({ key: 'urgency', desc: false })} data-testid="op-sort-urgency">
            {t('operator.sort.urgency')}
          </button>
          <select
            aria-label={t('operator.views.saved')}
            value={currentView}
            onChange={(e) => {
              const v = savedViews.find((x) => x.name === e.target.value);
              setCurrentView(e.target.value);
              if (v) (setFilter(v.filter), setSort(v.sort));
            }}
            data-testid="op-saved-views"
          >
            <option value="">{t('operator.views.saved')}</option>
            {savedViews.map((v) => <option key={v.name} value={v.name}>{v.name}</option>)}
          </select>
          <button
            type="button"
            className="op-button"
            onClick={() => {
              const name = window.prompt(t('operator.views.name'), currentView)?.trim();
              if (name) (setSavedViews((vs) => saveView(storage(), vs, { name, filter, sort })), setCurrentView(name));
            }}
            data-testid="op-save-view"
          >
            {t('operator.views.save')}
          </button>
          {currentView ? (
            <button type="button" className="op-button" onClick={() => (setSavedViews((vs) => deleteView(storage(), vs, currentView)), setCurrentView(''))}>
              {t('operator.views.delete')}
            </button>
          ) : null}
          <span className="op-count" data-testid="op-count">
            {snap.loading ? t('operator.loading') : t('operator.count', { shown: rows.length, total: model.size })}
          </span>
        </div>
        <div className="op-table" role="grid" aria-rowcount={rows.length}>
          <div className="op-row op-head" style={{ gridTemplateColumns: GRID_TEMPLATE }} role="row">
            {COLUMNS.map((c) => (
              <div
                key={c.key}
                role="columnheader"
                className={c.sort ? 'op-cell sortable' : 'op-cell'}
                aria-sort={c.sort && sort.key === c.sort ? (sort.desc ? 'descending' : 'ascending') : undefined}
                onClick={c.sort ? () => setSort((s) => ({ key: c.sort!, desc: s.key === c.sort ? !s.desc : c.sort === 'reportedAt' })) : undefined}
                data-testid={`op-col-${c.key}`}
              >
                {t(c.label)}
                {c.sort && sort.key === c.sort ? (sort.desc ? ' ▼' : ' ▲') : ''}
              </div>
            ))}
          </div>
          <div className="op-body" ref={bodyRef} tabIndex={0} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)} data-testid="op-queue-body">
            <div style={{ height: rows.length * ROW_HEIGHT, position: 'relative' }}>
              {visible.map((i) => {
                const row = rows[i]!;
                const id = model.ids[row]!;
                const left = secondsLeft(model.dueAt[row] ?? null, now);
                const overdue = model.isOverdue(row, now);
                const sev = CODES.severity[model.severity[row]!]!;
                return (
                  <div
                    key={id}
                    role="row"
                    aria-selected={id === selected}
                    className={`op-row${id === selected ? ' selected' : ''}${overdue ? ' overdue' : ''}`}
                    style={{ gridTemplateColumns: GRID_TEMPLATE, top: i * ROW_HEIGHT, height: ROW_HEIGHT }}
                    onClick={() => (setSelected(id), setOpened(null))}
                    onDoubleClick={() => setOpened(id)}
                    data-testid="op-queue-row"
                    data-incident-id={id}
                  >
                    <div className="op-cell" title={formatDate(model.reportedAt[row]!)}>{formatShortTime(model.reportedAt[row]!)}</div>
                    <div className="op-cell">{streetName(model.street[row]!, placeName, snap.links)}</div>
                    <div className="op-cell">{model.grid[row] ?? ''}</div>
                    <div className="op-cell" title={model.categoryName[row]}>{model.category[row]}</div>
                    <div className="op-cell" title={model.title[row]}>{model.title[row]}</div>
                    <div className="op-cell">{source(CODES.source[model.source[row]!]!)}</div>
                    <div className="op-cell"><span className={`op-sev sev-${sev}`}>{severity(sev)}</span></div>
                    <div className="op-cell">{level(CODES.level[model.level[row]!]!)}</div>
                    <div className="op-cell" data-testid="op-row-status">{status(CODES.status[model.status[row]!]!)}</div>
                    <div className="op-cell">{model.department[row] ?? ''}</div>
                    <div className={overdue ? 'op-cell op-left overdue' : 'op-cell op-left'}>
                      {left === null || !model.isOpen(row) ? t('operator.noLimit') : overdue ? `${t('operator.overdue')} ${formatCountdown(-left)}` : formatCountdown(left)}
                    </div>
                  </div>
                );
              })}
            </div>
          </div>
        </div>
        <div className="op-keys" data-testid="op-keys">{t('operator.keys')}</div>
      </section>
      <aside className="op-detail-pane">
        <IncidentDetailPane
          api={props.api}
          live={live}
          account={props.account}
          incidentId={opened ?? selected}
          actionRequest={actionRequest}
          onDone={() => bodyRef.current?.focus()}
        />
      </aside>
    </div>
  );
}
