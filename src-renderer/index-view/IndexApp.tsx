// The strength-index view (?view=index): the ranking of one level with its red and black lists, a
// unit's profile (radar of the dimensions, 12-month trend, the breakdown that adds up to the score,
// the weakest indicators, its grid's open incidents) and two streets side by side. The address holds
// the state (?level=, ?org=, ?compare=a,b, ?period=), so a wall can be pointed at any of them.
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ConsoleApi } from '../../src-shared/api.ts';
import type { IndexModelInfo, IndexProfile, IndexRanking, IndexRankingRow, IndexStreetComparison, IndexLevel } from '../../src-shared/index-api.ts';
import { INDEX_LEVELS } from '../../src-shared/index-api.ts';
import { connectConsoleApi } from '../api/client.ts';
import { useI18n, type I18nValue } from '../i18n/I18nProvider.tsx';
import { ViewNav } from '../shell/ViewNav.tsx';
import { IndexChart, type IndexChartOption } from './IndexChart.tsx';
import { changeClass, formatValue, readAddress, signed, stars, writeAddress, type IndexAddress } from './model.ts';
import './index-view.css';

const COLORS = ['#5cc8ff', '#ffb547', '#7ee08a', '#ff6b6b'];
const AXIS = { color: '#a4b6cc', fontSize: 15 };
const SPLIT = { lineStyle: { color: '#1a3049' } };

function useAddress(): [IndexAddress, (next: IndexAddress) => void] {
  const [search, setSearch] = useState(() => location.search);
  useEffect(() => {
    const onPop = (): void => setSearch(location.search);
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const address = useMemo(() => readAddress(search), [search]);
  const go = useCallback((next: IndexAddress) => {
    const s = writeAddress(location.search, next);
    history.pushState(null, '', s);
    setSearch(s);
  }, []);
  return [address, go];
}

/** Loads with `load` whenever its inputs change and again (quietly) when indicators or incidents change. */
function useLoaded<T>(api: ConsoleApi | null, load: ((api: ConsoleApi) => Promise<T>) | null): { value: T | null; error: string | null; loading: boolean } {
  const [state, setState] = useState<{ value: T | null; error: string | null; loading: boolean }>({ value: null, error: null, loading: true });
  useEffect(() => {
    if (!api || !load) return;
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const run = (quiet: boolean): void => {
      if (!quiet) setState((s) => ({ ...s, loading: true }));
      load(api).then(
        (value) => !cancelled && setState({ value, error: null, loading: false }),
        (err: unknown) => !cancelled && setState((s) => ({ value: s.value, error: err instanceof Error ? err.message : String(err), loading: false })),
      );
    };
    run(false);
    const sub = api.onChanges((n) => {
      if (timer || !n.kinds.some((k) => k === 'indicator' || k === 'incident' || k === 'alert' || k === 'org')) return;
      // The host re-scores a moment after the commit; a few seconds keep the wall calm.
      timer = setTimeout(() => {
        timer = null;
        run(true);
      }, 3000);
    });
    return () => {
      cancelled = true;
      if (timer) clearTimeout(timer);
      sub.dispose();
    };
  }, [api, load]);
  return state;
}

export function IndexApp() {
  const i18n = useI18n();
  const { t } = i18n;
  const [api, setApi] = useState<ConsoleApi | null>(null);
  const [connectError, setConnectError] = useState<string | null>(null);
  const [address, go] = useAddress();
  useEffect(() => {
    connectConsoleApi().then(setApi, (err: unknown) => setConnectError(err instanceof Error ? err.message : String(err)));
  }, []);
  const model = useLoaded(api, useCallback((a: ConsoleApi) => a.getIndexModel(), []));
  const periods = model.value?.periods ?? [];
  const period = address.period;
  const mode = address.mode;

  return (
    <div className="index-view" data-testid="index-view">
      <header className="index-header">
        <div className="index-title">
          <h1>{t('index.title')}</h1>
          {model.value && <span className="index-model-name">{t('index.model', { name: model.value.name, count: model.value.indicators.length })}</span>}
        </div>
        <nav className="index-modes">
          {INDEX_LEVELS.map((level) => (
            <button
              key={level}
              type="button"
              className={mode.kind === 'ranking' && mode.level === level ? 'active' : ''}
              onClick={() => go({ mode: { kind: 'ranking', level }, period })}
              data-testid={`index-level-${level}`}
            >
              {t(`index.level.${level}`)}
            </button>
          ))}
          <button type="button" className={mode.kind === 'compare' ? 'active' : ''} onClick={() => go({ mode: { kind: 'compare', a: null, b: null }, period })} data-testid="index-mode-compare">
            {t('index.mode.compare')}
          </button>
        </nav>
        <label className="index-period">
          {t('index.period')}
          <select value={period ?? ''} onChange={(e) => go({ mode, period: e.target.value || null })} data-testid="index-period">
            <option value="">{periods.at(-1) ?? '—'}</option>
            {[...periods].reverse().map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </label>
        <ViewNav />
      </header>
      <main className="index-main">
        {connectError && <p className="index-error">{t('index.error', { message: connectError })}</p>}
        {model.error && <p className="index-error">{t('index.error', { message: model.error })}</p>}
        {mode.kind === 'ranking' && <RankingPane api={api} level={mode.level} period={period} i18n={i18n} onOpen={(orgId) => go({ mode: { kind: 'profile', orgId }, period })} />}
        {(mode.kind === 'profile' || mode.kind === 'grid') && model.value && (
          <ProfilePane api={api} unit={mode.kind === 'profile' ? { orgId: mode.orgId } : { gridId: mode.gridId }} period={period} model={model.value} i18n={i18n} onOpen={(orgId) => go({ mode: { kind: 'profile', orgId }, period })} onBack={() => history.back()} />
        )}
        {mode.kind === 'compare' && model.value && <ComparePane api={api} a={mode.a} b={mode.b} period={period} model={model.value} i18n={i18n} onPick={(a, b) => go({ mode: { kind: 'compare', a, b }, period })} />}
      </main>
    </div>
  );
}

// ------------------------------------------------------------------ ranking

function RankingPane(props: { api: ConsoleApi | null; level: IndexLevel; period: string | null; i18n: I18nValue; onOpen(orgId: string): void }) {
  const { t } = props.i18n;
  const { level, period } = props;
  const load = useCallback((a: ConsoleApi) => a.getIndexRanking(period ? { level, period } : { level }), [level, period]);
  const { value: ranking, error, loading } = useLoaded(props.api, load);
  if (error && !ranking) return <p className="index-error">{t('index.error', { message: error })}</p>;
  if (!ranking) return <p className="index-note">{loading ? t('index.loading') : ''}</p>;
  if (ranking.rows.length === 0) return <p className="index-note" data-testid="index-empty">{t('index.empty')}</p>;
  return (
    <div className="index-ranking">
      <DistrictCard ranking={ranking} i18n={props.i18n} />
      <div className="index-ranking-body">
        <ListPanel title={t('index.red')} kind="red" rows={ranking.red} i18n={props.i18n} onOpen={props.onOpen} />
        <section className="index-panel index-table-panel">
          <h2>{t('index.ranking', { level: t(`index.level.${level}`), count: ranking.rows.length })}</h2>
          <div className="index-table-scroll">
            <table className="index-table" data-testid="index-ranking-table">
              <thead>
                <tr>
                  <th>{t('index.col.rank')}</th>
                  <th>{t('index.col.name')}</th>
                  <th>{t('index.col.parent')}</th>
                  <th className="num">{t('index.col.score')}</th>
                  <th>{t('index.col.grade')}</th>
                  <th className="num">{t('index.col.change')}</th>
                  <th className="num">{t('index.col.changeBaseline')}</th>
                </tr>
              </thead>
              <tbody>
                {ranking.rows.map((r) => (
                  <tr key={r.orgId} onClick={() => props.onOpen(r.orgId)} className="index-clickable" data-testid="index-ranking-row" data-org={r.orgId} data-grid={r.gridId ?? undefined}>
                    <td className="num">{r.rank}</td>
                    <td>{r.name}</td>
                    <td className="index-muted">{r.parentName ?? ''}</td>
                    <td className="num index-score">{r.score.toFixed(2)}</td>
                    <td className="index-stars">{stars(r.stars)}</td>
                    <td className={`num ${changeClass(r.change)}`}>{signed(r.change)}</td>
                    <td className={`num ${changeClass(r.changeBaseline)}`}>{signed(r.changeBaseline)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
        <ListPanel title={t('index.black')} kind="black" rows={ranking.black} i18n={props.i18n} onOpen={props.onOpen} />
      </div>
    </div>
  );
}

function DistrictCard(props: { ranking: IndexRanking; i18n: I18nValue }) {
  const { t } = props.i18n;
  const d = props.ranking.district;
  if (!d) return null;
  const prev = d.previous === null ? null : d.score - d.previous;
  return (
    <section className="index-district" data-testid="index-district">
      <span className="index-district-label">{t('index.district')} · {props.ranking.period}</span>
      <span className="index-district-score">{d.score.toFixed(2)}</span>
      <span className="index-stars">{stars(d.stars)}</span>
      <span className={changeClass(prev)}>
        {t('index.vsPrevious')} {signed(prev)}
      </span>
      {d.changeBaselinePct !== null && (
        <span className={changeClass(d.changeBaselinePct)}>
          {t('index.vsBaseline', { period: props.ranking.baselinePeriod ?? '' })} {signed(d.changeBaselinePct)}%
        </span>
      )}
    </section>
  );
}

function ListPanel(props: { title: string; kind: 'red' | 'black'; rows: IndexRankingRow[]; i18n: I18nValue; onOpen(orgId: string): void }) {
  return (
    <section className={`index-panel index-list index-list-${props.kind}`} data-testid={`index-${props.kind}-list`}>
      <h2>{props.title}</h2>
      <ol>
        {props.rows.map((r) => (
          <li key={r.orgId} onClick={() => props.onOpen(r.orgId)} className="index-clickable" data-testid={`index-${props.kind}-item`} data-org={r.orgId}>
            <span className="index-list-rank">{r.rank}</span>
            <span className="index-list-name">
              {r.name}
              <small>{r.parentName ?? ''}</small>
            </span>
            <span className="index-list-score">{r.score.toFixed(2)}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}

// ------------------------------------------------------------------ profile

function radarOption(model: IndexModelInfo, profiles: IndexProfile[], i18n: I18nValue): IndexChartOption {
  const en = i18n.locale === 'en';
  return {
    color: COLORS,
    animationDuration: 300,
    tooltip: { trigger: 'item' },
    legend: profiles.length > 1 ? { bottom: 0, textStyle: { color: '#e8eff8', fontSize: 16 } } : { show: false },
    radar: {
      indicator: model.dimensions.map((d) => ({ name: en ? d.nameEn : d.name, max: 100, min: 0 })),
      radius: '66%',
      axisName: { color: '#e8eff8', fontSize: 17 },
      splitLine: SPLIT,
      axisLine: SPLIT,
      splitArea: { areaStyle: { color: ['rgba(92,200,255,0.03)', 'rgba(92,200,255,0.07)'] } },
    },
    series: [
      {
        type: 'radar',
        symbolSize: 6,
        areaStyle: { opacity: 0.22 },
        data: profiles.map((p) => ({ name: p.name, value: p.dimensions.map((d) => d.score ?? 0) })),
      },
    ],
  };
}

function trendOption(profiles: IndexProfile[]): IndexChartOption {
  const periods = [...new Set(profiles.flatMap((p) => p.trend.map((x) => x.period)))].sort();
  return {
    color: COLORS,
    animationDuration: 300,
    tooltip: { trigger: 'axis' },
    legend: profiles.length > 1 ? { top: 0, textStyle: { color: '#e8eff8', fontSize: 16 } } : { show: false },
    grid: { left: 56, right: 24, top: profiles.length > 1 ? 40 : 20, bottom: 36 },
    xAxis: { type: 'category', data: periods.map((p) => p.slice(2)), axisLabel: AXIS, axisLine: SPLIT },
    yAxis: { type: 'value', scale: true, axisLabel: AXIS, splitLine: SPLIT },
    series: profiles.map((p) => {
      const by = new Map(p.trend.map((x) => [x.period, x.score]));
      return { type: 'line', name: p.name, smooth: true, symbolSize: 8, lineStyle: { width: 3 }, data: periods.map((x) => by.get(x) ?? null) };
    }),
  };
}

function ProfilePane(props: { api: ConsoleApi | null; unit: { orgId: string } | { gridId: string }; period: string | null; model: IndexModelInfo; i18n: I18nValue; onOpen(orgId: string): void; onBack(): void }) {
  const { t } = props.i18n;
  const { period } = props;
  const orgId = 'orgId' in props.unit ? props.unit.orgId : undefined;
  const gridId = 'gridId' in props.unit ? props.unit.gridId : undefined;
  const load = useCallback(
    (a: ConsoleApi) => a.getBranchProfile({ ...(orgId ? { orgId } : { gridId: gridId! }), ...(period ? { period } : {}) }),
    [orgId, gridId, period],
  );
  const { value: profile, error, loading } = useLoaded(props.api, load);
  const radar = useMemo(() => (profile ? radarOption(props.model, [profile], props.i18n) : null), [profile, props.model, props.i18n]);
  const trend = useMemo(() => (profile ? trendOption([profile]) : null), [profile]);
  if (error && !profile) return <p className="index-error">{t('index.error', { message: error })}</p>;
  if (!profile) return <p className="index-note">{loading ? t('index.loading') : t('index.empty')}</p>;
  const prev = profile.previous === null ? null : profile.score - profile.previous;
  const base = profile.baseline === null ? null : profile.score - profile.baseline;
  return (
    <div className="index-profile" data-testid="index-profile" data-org={profile.orgId}>
      <section className="index-profile-head">
        <button type="button" className="index-back" onClick={props.onBack} data-testid="index-back">
          ← {t('index.back')}
        </button>
        <div className="index-profile-name">
          <h2 data-testid="index-profile-name">{profile.name}</h2>
          <span className="index-muted">
            {profile.parentName ?? ''} {profile.members !== null && `· ${t('index.members', { count: profile.members })}`}{' '}
            {profile.aggregated && `· ${t('index.units', { count: profile.units })}`}
          </span>
        </div>
        <span className="index-profile-score" data-testid="index-profile-score">
          {profile.score.toFixed(2)}
        </span>
        <span className="index-stars index-stars-big">{stars(profile.stars)}</span>
        <div className="index-profile-changes">
          {profile.rank !== null && profile.rankOf !== null && <span>{t('index.rankOf', { rank: profile.rank, count: profile.rankOf })}</span>}
          <span className={changeClass(prev)}>
            {t('index.vsPrevious')} {signed(prev)}
          </span>
          <span className={changeClass(base)}>
            {t('index.vsBaseline', { period: profile.baselinePeriod })} {signed(base)}
          </span>
        </div>
      </section>
      <div className="index-profile-body">
        <div className="index-profile-charts">
          <section className="index-panel">
            <h2>{t('index.radar')}</h2>
            {radar && <IndexChart option={radar} testId="index-radar" />}
          </section>
          <section className="index-panel">
            <h2>{t('index.trend')}</h2>
            {trend && <IndexChart option={trend} testId="index-trend" />}
          </section>
        </div>
        <BreakdownTable profile={profile} model={props.model} i18n={props.i18n} />
        <div className="index-profile-side">
          <section className="index-panel" data-testid="index-weakest">
            <h2>{t('index.weakest')}</h2>
            <ol className="index-weakest">
              {profile.weakest.map((w) => (
                <li key={w.indicatorId}>
                  <span>{props.i18n.locale === 'en' ? w.nameEn : w.name}</span>
                  <span className="index-down">{t('index.lost', { points: (w.available - w.contribution).toFixed(2) })}</span>
                </li>
              ))}
            </ol>
          </section>
          {profile.children.length > 0 && (
            <section className="index-panel index-children">
              <h2>{t('index.children')}</h2>
              <ol>
                {profile.children.map((c) => (
                  <li key={c.orgId} className="index-clickable" onClick={() => props.onOpen(c.orgId)} data-testid="index-child">
                    <span>{c.name}</span>
                    <span className="index-list-score">{c.score.toFixed(2)}</span>
                  </li>
                ))}
              </ol>
            </section>
          )}
          {profile.gridId && (
            <section className="index-panel index-incidents" data-testid="index-incidents">
              <h2>{t('index.incidents')}</h2>
              {profile.incidents.length === 0 ? (
                <p className="index-muted">{t('index.noIncidents')}</p>
              ) : (
                <ol>
                  {profile.incidents.map((i) => (
                    <li key={i.incidentId}>
                      <span className={`index-sev index-sev-${i.severity}`} />
                      <span>{i.title}</span>
                      <span className="index-muted">{props.i18n.status(i.status)}</span>
                    </li>
                  ))}
                </ol>
              )}
            </section>
          )}
        </div>
      </div>
    </div>
  );
}

function BreakdownTable(props: { profile: IndexProfile; model: IndexModelInfo; i18n: I18nValue }) {
  const { t, locale } = props.i18n;
  const { profile, model } = props;
  const source = new Map(model.indicators.map((i) => [i.id, i.source]));
  const dimName = new Map(model.dimensions.map((d) => [d.id, locale === 'en' ? d.nameEn : d.name]));
  const total = profile.breakdown.reduce((s, b) => s + Math.round(b.contribution * 100), 0) / 100;
  return (
    <section className="index-panel index-breakdown" data-testid="index-breakdown">
      <h2>
        {t('index.breakdown')}
        {profile.aggregated && <small> · {t('index.aggregated')}</small>}
      </h2>
      <div className="index-table-scroll">
        <table className="index-table">
          <thead>
            <tr>
              <th colSpan={2}>{t('index.col.indicator')}</th>
              <th className="num">{t('index.col.value')}</th>
              <th className="num">{t('index.col.points')}</th>
              <th className="index-bar-col" />
              <th className="num">{t('index.col.vsPrev')}</th>
            </tr>
          </thead>
          <tbody>
            {profile.breakdown.map((b, k) => {
              const first = k === 0 || profile.breakdown[k - 1]!.dimension !== b.dimension;
              let span = 1;
              while (first && profile.breakdown[k + span]?.dimension === b.dimension) span++;
              const delta = b.previousContribution === null ? null : b.contribution - b.previousContribution;
              return (
                <tr key={b.indicatorId} className={first ? 'index-dim-first' : ''} data-testid="index-breakdown-row" data-points={b.contribution.toFixed(2)}>
                  {first && (
                    <td rowSpan={span} className="index-dim-cell">
                      {dimName.get(b.dimension)}
                    </td>
                  )}
                  <td className="index-indicator-cell">{locale === 'en' ? b.nameEn : b.name}</td>
                  <td className="num index-muted">{b.available === 0 ? t('index.missing') : formatValue(b.value, source.get(b.indicatorId) ?? '', b.indicatorId)}</td>
                  <td className="num">
                    {b.contribution.toFixed(2)} <span className="index-muted">/ {b.available.toFixed(2)}</span>
                  </td>
                  <td className="index-bar-col">
                    <span className="index-bar">
                      <span style={{ width: `${b.available > 0 ? (100 * b.contribution) / b.available : 0}%` }} />
                    </span>
                  </td>
                  <td className={`num ${changeClass(delta)}`}>{signed(delta)}</td>
                </tr>
              );
            })}
          </tbody>
          <tfoot>
            <tr>
              <td colSpan={2}>{t('index.total')}</td>
              <td />
              <td className="num index-score" data-testid="index-breakdown-total">
                {total.toFixed(2)}
              </td>
              <td />
              <td />
            </tr>
          </tfoot>
        </table>
      </div>
    </section>
  );
}

// ------------------------------------------------------------------ two streets

function ComparePane(props: { api: ConsoleApi | null; a: string | null; b: string | null; period: string | null; model: IndexModelInfo; i18n: I18nValue; onPick(a: string, b: string): void }) {
  const { t } = props.i18n;
  const { period } = props;
  const loadStreets = useCallback((a: ConsoleApi) => a.getIndexRanking(period ? { level: 'street-committee', period } : { level: 'street-committee' }), [period]);
  const { value: streets } = useLoaded(props.api, loadStreets);
  const rows = streets?.rows ?? [];
  // Default: the best and the worst street of the month.
  const a = props.a ?? rows[0]?.orgId ?? null;
  const b = props.b ?? rows.at(-1)?.orgId ?? null;
  const loadCompare = useMemo(
    () => (a && b ? (api: ConsoleApi) => api.compareStreets(period ? { a, b, period } : { a, b }) : null),
    [a, b, period],
  );
  const { value: cmp, error } = useLoaded<IndexStreetComparison | null>(props.api, loadCompare);
  const radar = useMemo(() => (cmp ? radarOption(props.model, cmp.streets, props.i18n) : null), [cmp, props.model, props.i18n]);
  const trend = useMemo(() => (cmp ? trendOption(cmp.streets) : null), [cmp]);
  if (rows.length === 0) return <p className="index-note">{streets ? t('index.empty') : t('index.loading')}</p>;
  const pick = (side: 0 | 1, id: string): void => props.onPick(side === 0 ? id : (a ?? id), side === 1 ? id : (b ?? id));
  return (
    <div className="index-compare" data-testid="index-compare">
      <div className="index-compare-picks">
        {([0, 1] as const).map((side) => (
          <label key={side} style={{ borderColor: COLORS[side] }}>
            {t('index.compare.pick')} {side === 0 ? 'A' : 'B'}
            <select value={(side === 0 ? a : b) ?? ''} onChange={(e) => pick(side, e.target.value)} data-testid={`index-compare-${side === 0 ? 'a' : 'b'}`}>
              {rows.map((r) => (
                <option key={r.orgId} value={r.orgId}>
                  {r.name}（{r.score.toFixed(2)}）
                </option>
              ))}
            </select>
          </label>
        ))}
      </div>
      {error && <p className="index-error">{t('index.error', { message: error })}</p>}
      {cmp && (
        <div className="index-compare-body">
          {cmp.streets.map((s, k) => (
            <section key={s.orgId} className="index-panel index-compare-card" style={{ borderTopColor: COLORS[k] }} data-testid="index-compare-card">
              <h2>{s.name}</h2>
              <div className="index-compare-score">
                <span className="index-profile-score">{s.score.toFixed(2)}</span>
                <span className="index-stars index-stars-big">{stars(s.stars)}</span>
                {s.rank !== null && <span>{t('index.rankOf', { rank: s.rank, count: s.rankOf ?? 0 })}</span>}
              </div>
              <table className="index-table">
                <tbody>
                  {s.dimensions.map((d) => (
                    <tr key={d.id}>
                      <td>{props.i18n.locale === 'en' ? d.nameEn : d.name}</td>
                      <td className="num">{d.score === null ? '' : d.score.toFixed(1)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <h3>{t('index.children')}</h3>
              <ol className="index-compare-children">
                {s.children.slice(0, 12).map((c) => (
                  <li key={c.orgId}>
                    <span>{c.name}</span>
                    <span className="index-list-score">{c.score.toFixed(2)}</span>
                  </li>
                ))}
              </ol>
            </section>
          ))}
          <div className="index-compare-charts">
            <section className="index-panel">
              <h2>{t('index.compare.dimensions')}</h2>
              {radar && <IndexChart option={radar} testId="index-compare-radar" />}
            </section>
            <section className="index-panel">
              <h2>{t('index.trend')}</h2>
              {trend && <IndexChart option={trend} testId="index-compare-trend" />}
            </section>
          </div>
        </div>
      )}
    </div>
  );
}
