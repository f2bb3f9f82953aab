// What sits on the map: the layer panel (toggles, grid measure), the filter bar, the legend of the layers
// that are on, and the hover card. Sized in rem so that it reads from 3 m at every wall size.
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { SEVERITY_CODES } from '../../src-shared/api.ts';
import type { ConsoleApi, EpochMs, IncidentDetail } from '../../src-shared/api.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { MessageKey } from '../i18n/translator.ts';
import { linkTone } from './anchors.ts';
import { DEFAULT_FILTER, STATUS_FILTERS, TIME_WINDOWS } from './filters.ts';
import type { MapFilter } from './filters.ts';
import { GRID_MEASURES } from './grid-choropleth.ts';
import { Legend } from './Legend.tsx';
import { legendGroups, MAP_LAYERS } from './layers/registry.ts';
import type { MapLayerState } from './layers/registry.ts';
import type { Hover, MapController } from './use-map-controller.ts';
import './map.css';

export function LayerPanel(props: { ctl: MapController; open: boolean; onToggle: () => void }) {
  const { t } = useI18n();
  const { ctl } = props;
  const on = MAP_LAYERS.filter((def) => ctl.enabled.has(def.id)).length;
  return (
    <div className="map-layer-panel" data-testid="layer-panel" data-open={props.open ? 'true' : 'false'}>
      <button type="button" className="map-panel-title map-fold" aria-expanded={props.open} onClick={props.onToggle} title={t(props.open ? 'map.fold.hide' : 'map.fold.show')} data-testid="layers-toggle">
        {t('map.layers.title')}
        {props.open ? null : <span className="map-fold-count">{t('map.layers.on', { on, all: MAP_LAYERS.length })}</span>}
        <span className="map-fold-mark" aria-hidden="true">{props.open ? '▾' : '▸'}</span>
      </button>
      {props.open ? <ul>
        {MAP_LAYERS.map((def) => (
          <li key={def.id}>
            <label className="map-toggle">
              <input type="checkbox" checked={ctl.enabled.has(def.id)} onChange={() => ctl.toggleLayer(def.id)} data-testid={`layer-toggle-${def.id}`} />
              <span>{t(def.title)}</span>
            </label>
            {def.id === 'grids' && ctl.enabled.has('grids') ? (
              <select className="map-select map-measure" aria-label={t('map.measure.title')} value={ctl.measure} onChange={(e) => ctl.setMeasure(e.target.value as MapController['measure'])} data-testid="grid-measure">
                {GRID_MEASURES.map((m) => (
                  <option key={m} value={m}>
                    {t(`map.measure.${m}` as MessageKey)}
                  </option>
                ))}
              </select>
            ) : null}
          </li>
        ))}
      </ul> : null}
    </div>
  );
}

export function FilterBar(props: { ctl: MapController; categories: readonly string[]; streets: ReadonlyArray<{ id: string; name: string }> }) {
  const { t, severity, placeName, formatNumber } = useI18n();
  const { ctl } = props;
  const f = ctl.filter;
  const set = (patch: Partial<MapFilter>) => ctl.setFilter({ ...f, ...patch });
  const changed = JSON.stringify(f) !== JSON.stringify(DEFAULT_FILTER);
  return (
    <div className="map-filter-bar" data-testid="filter-bar" role="toolbar" aria-label={t('map.filter.title')}>
      <label>
        <span>{t('map.filter.window')}</span>
        <select className="map-select" value={f.window} onChange={(e) => set({ window: e.target.value as MapFilter['window'] })} data-testid="filter-window">
          {TIME_WINDOWS.map((w) => (
            <option key={w} value={w}>
              {t(`map.filter.window.${w}` as MessageKey)}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>{t('map.filter.category')}</span>
        <select className="map-select" value={f.category ?? ''} onChange={(e) => set({ category: e.target.value || null })} data-testid="filter-category">
          <option value="">{t('map.filter.all')}</option>
          {props.categories.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>{t('map.filter.severity')}</span>
        <select className="map-select" value={f.severity ?? ''} onChange={(e) => set({ severity: (e.target.value || null) as MapFilter['severity'] })} data-testid="filter-severity">
          <option value="">{t('map.filter.all')}</option>
          {SEVERITY_CODES.map((s) => (
            <option key={s} value={s}>
              {severity(s)}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>{t('map.filter.status')}</span>
        <select className="map-select" value={f.status} onChange={(e) => set({ status: e.target.value as MapFilter['status'] })} data-testid="filter-status">
          {STATUS_FILTERS.map((s) => (
            <option key={s} value={s}>
              {t(`map.filter.status.${s}` as MessageKey)}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>{t('map.filter.street')}</span>
        <select className="map-select" value={f.street ?? ''} onChange={(e) => set({ street: e.target.value || null })} data-testid="filter-street">
          <option value="">{t('map.filter.all')}</option>
          {props.streets.map((s) => (
            <option key={s.id} value={s.id}>
              {placeName(s.id, s.name)}
            </option>
          ))}
        </select>
      </label>
      <span className="map-filter-count" data-testid="filter-count">
        {t('map.filter.count', { count: formatNumber(ctl.passing) })}
      </span>
      {changed ? (
        <button type="button" className="map-button" onClick={() => ctl.setFilter({ ...DEFAULT_FILTER })} data-testid="filter-reset">
          {t('map.filter.reset')}
        </button>
      ) : null}
    </div>
  );
}

function formatLeft(ms: number, t: ReturnType<typeof useI18n>['t']): string {
  const m = Math.max(0, Math.round(Math.abs(ms) / 60_000));
  return m >= 60 ? t('map.duration.hm', { h: Math.floor(m / 60), m: m % 60 }) : t('map.duration.m', { m });
}

// Details fetched for the card are kept while the page lives (a few hundred at most: one per hover).
const incidentCache = new Map<string, IncidentDetail | null>();
const snapshotCache = new Map<string, string | null>();

function useFetched<T>(cache: Map<string, T>, key: string | null, load: (() => Promise<T>) | null): T | undefined {
  const [, setN] = useState(0);
  useEffect(() => {
    if (key === null || !load || cache.has(key)) return;
    let live = true;
    load().then(
      (v) => {
        cache.set(key, v);
        if (live) setN((n) => n + 1);
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [key]);
  return key === null ? undefined : cache.get(key);
}

export function HoverCard(props: { hover: Hover | null; ctl: MapController; api: ConsoleApi | null; now: EpochMs; onClose?: () => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { hover, ctl, api } = props;
  const p = hover?.picked ?? null;
  const incidentId = p?.kind === 'incident' ? p.id : p?.kind === 'arc' ? p.arc.incidentId : null;
  const incident = useFetched(incidentCache, incidentId, api && incidentId ? () => api.getIncident({ incidentId }) : null);
  const alertId = p?.kind === 'alert' ? p.id : null;
  const snapshot = useFetched(snapshotCache, alertId, api && alertId ? () => api.getAlertSnapshot({ alertId }) : null);
  const cardRef = useRef<HTMLDivElement | null>(null);
  // Keep the card inside the map: flip it to the left of / above the pointer near the right and bottom edges.
  useLayoutEffect(() => {
    const card = cardRef.current;
    const frame = card?.offsetParent as HTMLElement | null | undefined;
    if (!card || !frame || !hover) return;
    const gap = 18;
    const left = hover.x + gap + card.offsetWidth > frame.clientWidth ? Math.max(0, hover.x - gap - card.offsetWidth) : hover.x + gap;
    const top = hover.y + gap + card.offsetHeight > frame.clientHeight ? Math.max(0, hover.y - gap - card.offsetHeight) : hover.y + gap;
    card.style.left = `${left}px`;
    card.style.top = `${top}px`;
  });
  if (!hover || !p) return null;

  let title = '';
  const rows: Array<[string, string]> = [];
  let hint: string | null = null;
  let image: string | null | undefined;
  let tone: string | undefined;
  if (p.kind === 'incident' || p.kind === 'arc') {
    if (!incident) title = t('map.card.loading');
    else {
      title = incident.title;
      tone = incident.severity;
      rows.push([t('map.card.category'), `${incident.category.major} · ${incident.category.name}`]);
      rows.push([t('map.card.severity'), i18n.severity(incident.severity)]);
      rows.push([t('map.card.status'), i18n.status(incident.status)]);
      const open = incident.status !== 'closed' && incident.status !== 'rejected';
      if (open) {
        const left = incident.dueAt === null ? null : incident.dueAt - props.now;
        rows.push([t('map.card.timeLeft'), left === null ? t('map.card.noLimit') : left < 0 ? t('map.card.overdue', { time: formatLeft(left, t) }) : formatLeft(left, t)]);
      }
      if (incident.address) rows.push([t('map.card.address'), incident.address]);
    }
    if (p.kind === 'arc') rows.push(['', t('map.card.dispatch', { department: p.arc.department })]);
    hint = t('map.card.clickIncident');
  } else if (p.kind === 'alert') {
    title = t('map.card.alert');
    rows.push([t('map.card.kind'), i18n.alertKind(p.kindName)]);
    const cam = ctl.cameras.find((c) => Math.abs(c.lon - p.position[0]) < 1e-5 && Math.abs(c.lat - p.position[1]) < 1e-5);
    if (cam) rows.push([t('map.card.camera'), cam.name]);
    image = snapshot;
    hint = t('map.card.clickAlert');
  } else if (p.kind === 'grid') {
    const g = ctl.grid;
    const row = g?.polygons.grids[p.row];
    if (row && g) {
      title = row.name;
      const v = g.values[p.row];
      rows.push([t(`map.measure.${g.measure}` as MessageKey), v === undefined || !Number.isFinite(v) ? '—' : Number.isInteger(v) ? i18n.formatNumber(v) : v.toFixed(1)]);
      if (row.households !== null) rows.push([t('map.card.households'), i18n.formatNumber(row.households)]);
      const score = ctl.scores.find((s) => s.gridId === row.gridId);
      rows.push([t('map.card.branch'), score ? t('map.card.score', { score: score.score.toFixed(1), stars: score.stars }) : t('map.card.noScore')]);
      hint = t('map.card.clickGrid');
    }
  } else if (p.kind === 'camera') {
    title = p.camera.name;
    rows.push([t('map.card.cameraStatus'), i18n.cameraStatus(p.camera.status)]);
    const open = ctl.alertsAtCamera(p.camera);
    if (open > 0) rows.push([t('map.card.openAlerts'), i18n.formatNumber(open)]);
  } else if (p.kind === 'station') {
    title = p.station.name;
    rows.push([t('map.card.tier'), t('map.card.tierValue', { tier: p.station.tier })]);
    rows.push(['', p.station.openNow ? t('map.card.openNow') : t('map.card.closedNow')]);
    if (p.station.visitsToday !== null) rows.push(['', t('map.card.visits', { count: p.station.visitsToday })]);
  } else if (p.kind === 'subcentre') {
    const link = ctl.links.find((l) => l.subcentreId === p.mark.subcentreId);
    title = i18n.placeName(p.mark.subcentreId, p.mark.name);
    rows.push([t('map.card.link'), link ? i18n.linkState(link.state) : '—']);
    if (link && link.lag > 0) rows.push(['', t('map.card.lag', { count: link.lag })]);
    if (link?.queue) rows.push(['', t('map.card.queue', { open: link.queue.open, overdue: link.queue.overdue })]);
    tone = linkTone(p.mark.state);
  }
  const pinned = props.onClose !== undefined;
  if (!pinned && (p.kind === 'station' || p.kind === 'camera' || p.kind === 'subcentre')) hint = t('map.card.clickPin');
  return (
    <div ref={cardRef} className={pinned ? 'map-hover-card pinned' : 'map-hover-card'} style={{ left: hover.x + 18, top: hover.y + 18 }} data-testid={pinned ? 'pinned-card' : 'hover-card'} data-kind={p.kind} data-id={p.kind === 'incident' || p.kind === 'alert' ? p.id : undefined} data-tone={tone}>
      {pinned ? (
        <button type="button" className="map-card-close" onClick={props.onClose} aria-label={t('map.card.close')} data-testid="pinned-card-close">
          ×
        </button>
      ) : null}
      <div className="map-card-title">{title}</div>
      {rows.length > 0 ? (
        <dl>
          {rows.map(([k, v], i) => (
            <div key={i} className="map-card-row">
              {k ? <dt>{k}</dt> : null}
              <dd>{v}</dd>
            </div>
          ))}
        </dl>
      ) : null}
      {p.kind === 'alert' ? image ? <img className="map-card-snapshot" src={image} alt="" data-testid="hover-snapshot" /> : <div className="map-card-hint">{image === null ? t('map.card.noSnapshot') : t('map.card.loading')}</div> : null}
      {hint ? <div className="map-card-hint">{hint}</div> : null}
    </div>
  );
}

/** Everything on the map but the map. */
export function MapControls(props: { ctl: MapController; state: MapLayerState; now: EpochMs; streets: ReadonlyArray<{ id: string; name: string }> }) {
  const { t } = useI18n();
  const { ctl, state } = props;
  const categories = state.incidents?.buffer?.categoryNames ?? [];
  return (
    <>
      <LayerPanel ctl={ctl} open={!ctl.folded.has('layers')} onToggle={() => ctl.toggleFold('layers')} />
      <FilterBar ctl={ctl} categories={categories} streets={props.streets} />
      <Legend groups={legendGroups(state)} subtitle={{ grids: t(`map.measure.${ctl.measure}` as MessageKey) }} open={!ctl.folded.has('legend')} onToggle={() => ctl.toggleFold('legend')} />
      {ctl.pinned ? <HoverCard hover={ctl.pinned} ctl={ctl} api={ctl.api} now={props.now} onClose={ctl.unpin} /> : null}
      <HoverCard hover={ctl.hover} ctl={ctl} api={ctl.api} now={props.now} />
    </>
  );
}
