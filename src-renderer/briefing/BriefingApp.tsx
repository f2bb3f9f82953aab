// The leaders' briefing (?view=briefing): KPI cards with their change against the previous period,
// echarts panels, rankings and the overdue list, on the dark wall theme. With &print=1 the same
// figures laid out for A4 landscape on a light theme: Chromium's own printing makes the PDF.
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ConsoleApi } from '../../src-shared/api.ts';
import type { Briefing } from '../../src-shared/briefing.ts';
import { parseShanghaiDay, periodOf, shanghaiDay } from '../../src-shared/domain/briefing-period.ts';
import type { IncidentStatus, Severity, Source } from '../../src-shared/sfp/schemas.ts';
import { useI18n, type I18nValue } from '../i18n/I18nProvider.tsx';
import { ViewNav } from '../shell/ViewNav.tsx';
import { Chart } from './Chart.tsx';
import { briefingCsv, isPrintSearch, lastDay, periodFromSearch, periodSearch, presentSearch, type PeriodChoice } from './model.ts';
import { chartOptions, DARK_PALETTE, IndexPanel, KpiCards, OverdueTable, ProblemTable, streetName } from './parts.tsx';
import { BriefingPrint } from './BriefingPrint.tsx';
import { useBriefing } from './use-briefing.ts';
import { PresentApp } from '../present/PresentApp.tsx';
import './briefing.css';

const DAY_MS = 86_400_000;

declare global {
  interface Window {
    /** Electron only (src-main/electron/preload.ts): prints this window to a PDF the user saves. */
    superbrainShell?: { printToPdf(name: string): Promise<string | null> };
  }
}

export function BriefingApp() {
  const [search, setSearch] = useState(() => location.search);
  const period = useMemo(() => periodFromSearch(search, Date.now()), [search]);
  const print = isPrintSearch(search);
  // Presentation mode in place: the address changes by pushState only (the desktop shell blocks navigation).
  const [presenting, setPresenting] = useState(false);
  const present = useCallback(() => {
    history.pushState(null, '', presentSearch(location.search, period));
    setPresenting(true);
  }, [period]);
  const leavePresent = useCallback(() => {
    if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
    const params = new URLSearchParams(location.search);
    params.set('view', 'briefing');
    params.delete('slide');
    const next = periodSearch(`?${params.toString()}`, period);
    history.pushState(null, '', next);
    setSearch(next);
    setPresenting(false);
  }, [period]);
  // the browser's Back and Forward move between the dashboard and the presentation
  useEffect(() => {
    const onPop = (): void => {
      setSearch(location.search);
      setPresenting(new URLSearchParams(location.search).get('view') === 'present');
    };
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  // Electron: the dashboard lays itself out for print, the main process prints it (printToPDF).
  const [exporting, setExporting] = useState(false);
  const state = useBriefing(period, print || exporting);
  const i18n = useI18n();
  const [notice, setNotice] = useState<string | null>(null);
  const printed = useCallback(() => {
    const shell = window.superbrainShell;
    if (!shell) return;
    shell.printToPdf(`briefing-${shanghaiDay(period.from)}-${lastDay(period)}.pdf`).then(
      (path) => {
        setNotice(path ? i18n.t('briefing.exportPdfDone', { path }) : null);
        setExporting(false);
      },
      (err: unknown) => {
        setNotice(i18n.t('briefing.error', { message: err instanceof Error ? err.message : String(err) }));
        setExporting(false);
      },
    );
  }, [period, i18n]);
  const go = (p: PeriodChoice): void => {
    const next = periodSearch(location.search, p);
    history.replaceState(null, '', next);
    setSearch(next);
  };
  useEffect(() => {
    document.documentElement.classList.toggle('briefing-print-mode', print || exporting);
    return () => document.documentElement.classList.remove('briefing-print-mode');
  }, [print, exporting]);
  const printProps = { briefing: state.briefing, district: state.district, error: state.error, boundaries: state.boundaries, boundariesError: state.boundariesError };
  if (exporting) return <BriefingPrint {...printProps} onReady={printed} progress={i18n.t('briefing.exportPdfBusy')} />;
  if (print) return <BriefingPrint {...printProps} />;
  if (presenting) return <PresentApp onLeave={leavePresent} />;
  return <BriefingDashboard period={period} onPeriod={go} onPresent={present} onExportPdf={window.superbrainShell ? () => setExporting(true) : null} notice={notice} {...state} />;
}

function downloadText(name: string, text: string | Uint8Array<ArrayBuffer>, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function fromBase64(base64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(base64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function csvFor(i18n: I18nValue, b: Briefing): string {
  return briefingCsv(b, {
    t: (k) => i18n.t(k),
    source: (k) => i18n.source(k as Source),
    street: (id) => streetName(i18n, id),
    status: (k) => i18n.status(k as IncidentStatus),
    severity: (k) => i18n.severity(k as Severity),
    formatTime: (ms) => `${i18n.formatDate(ms)} ${i18n.formatTime(ms)}`,
  });
}

function BriefingDashboard(props: {
  period: PeriodChoice;
  onPeriod: (p: PeriodChoice) => void;
  briefing: Briefing | null;
  district: { id: string; name: string };
  error: string | null;
  busy: boolean;
  reload: () => void;
  api: ConsoleApi | null;
  onPresent: () => void;
  /** Electron: make the PDF in place; null in web mode (the print page opens instead). */
  onExportPdf: (() => void) | null;
  notice: string | null;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const { period, briefing } = props;
  const [customFrom, setCustomFrom] = useState(() => shanghaiDay(period.from));
  const [customTo, setCustomTo] = useState(() => lastDay(period));
  const charts = useMemo(() => (briefing ? chartOptions(i18n, briefing, DARK_PALETTE, true) : null), [i18n, briefing]);
  const applyCustom = (): void => {
    const from = parseShanghaiDay(customFrom);
    const to = parseShanghaiDay(customTo);
    if (Number.isFinite(from) && Number.isFinite(to) && to >= from) props.onPeriod({ kind: 'custom', from, to: to + DAY_MS });
  };
  const printHref = periodSearch(location.search, period, true);
  // The workbook is made on the host (exceljs) from the same figures, then saved as a download.
  const [xlsxBusy, setXlsxBusy] = useState(false);
  const exportXlsx = (): void => {
    if (!props.api) return;
    setXlsxBusy(true);
    props.api.exportBriefingWorkbook({ from: period.from, to: period.to }).then(
      (w) => {
        downloadText(w.name, fromBase64(w.base64), XLSX_TYPE);
        setXlsxBusy(false);
      },
      (err: unknown) => {
        setXlsxError(err instanceof Error ? err.message : String(err));
        setXlsxBusy(false);
      },
    );
  };
  const [xlsxError, setXlsxError] = useState<string | null>(null);
  return (
    <div className="briefing" data-testid="briefing" data-ready={briefing && !props.busy ? '1' : '0'} data-from={period.from} data-to={period.to} data-generated-at={briefing?.generatedAt ?? ''}>
      <header className="briefing-header">
        <div className="briefing-title">
          <h1>{t('briefing.district', { district: i18n.placeName(props.district.id, props.district.name) })}</h1>
          <div className="briefing-range" data-testid="briefing-range">
            {t('briefing.period.range', { from: shanghaiDay(period.from), to: lastDay(period) })}
            {briefing ? <span className="briefing-prev-range">{t('briefing.period.previous', { from: shanghaiDay(briefing.previous.from), to: lastDay(briefing.previous) })}</span> : null}
          </div>
        </div>
        <div className="briefing-periods" role="group" aria-label={t('briefing.title')}>
          {(['today', 'week', 'month'] as const).map((k) => (
            <button key={k} type="button" className={period.kind === k ? 'active' : ''} data-testid={`period-${k}`} onClick={() => props.onPeriod(periodOf(k, Date.now()))}>
              {t(`briefing.period.${k}`)}
            </button>
          ))}
          <span className={period.kind === 'custom' ? 'briefing-custom active' : 'briefing-custom'}>
            <label>
              {t('briefing.period.from')} <input type="date" value={customFrom} onChange={(e) => setCustomFrom(e.target.value)} data-testid="period-from" />
            </label>
            <label>
              {t('briefing.period.to')} <input type="date" value={customTo} onChange={(e) => setCustomTo(e.target.value)} data-testid="period-to" />
            </label>
            <button type="button" onClick={applyCustom} data-testid="period-apply">
              {t('briefing.period.apply')}
            </button>
          </span>
        </div>
        <div className="briefing-actions">
          <button type="button" onClick={props.reload} disabled={props.busy}>
            {props.busy ? t('briefing.loading') : t('briefing.refresh')}
          </button>
          <button type="button" disabled={!briefing} data-testid="export-csv" onClick={() => briefing && downloadText(`briefing-${shanghaiDay(period.from)}-${lastDay(period)}.csv`, csvFor(i18n, briefing), 'text/csv;charset=utf-8')}>
            {t('briefing.exportCsv')}
          </button>
          <button type="button" disabled={!briefing || xlsxBusy} data-testid="export-xlsx" onClick={exportXlsx}>
            {xlsxBusy ? t('briefing.exportXlsxBusy') : t('briefing.exportXlsx')}
          </button>
          {props.onExportPdf ? (
            <button type="button" disabled={!briefing} onClick={props.onExportPdf} data-testid="export-pdf">
              {t('briefing.exportPdf')}
            </button>
          ) : (
            <a className="briefing-button" href={printHref} target="_blank" rel="noreferrer" data-testid="open-print">
              {t('briefing.exportPdf')}
            </a>
          )}
          <button type="button" onClick={props.onPresent} data-testid="open-present">
            {t('briefing.present')}
          </button>
        </div>
        <ViewNav />
      </header>
      {props.notice ? (
        <div className="briefing-notice" role="status" data-testid="briefing-notice">
          {props.notice}
        </div>
      ) : null}
      {props.error || xlsxError ? (
        <div className="briefing-error" role="alert">
          {t('briefing.error', { message: props.error ?? xlsxError ?? '' })}
        </div>
      ) : null}
      {!briefing || !charts ? (
        <div className="briefing-loading" role="status">
          {t('briefing.loading')}
        </div>
      ) : (
        <main className="briefing-body">
          <KpiCards i18n={i18n} briefing={briefing} />
          <section className="briefing-panel span-2">
            <h2>{t('briefing.chart.byDay')}</h2>
            <Chart option={charts.byDay} testId="chart-byDay" />
          </section>
          <section className="briefing-panel">
            <h2>{t('briefing.chart.bySource')}</h2>
            <Chart option={charts.bySource} testId="chart-bySource" />
          </section>
          <section className="briefing-panel span-2">
            <h2>{t('briefing.chart.byCategory')}</h2>
            <Chart option={charts.byCategory} testId="chart-byCategory" />
          </section>
          <section className="briefing-panel">
            <h2>{t('briefing.chart.alertsByKind')}</h2>
            <Chart option={charts.alertsByKind} testId="chart-alertsByKind" />
          </section>
          <section className="briefing-panel tall">
            <h2>{t('briefing.chart.byStreet')}</h2>
            <Chart option={charts.byStreet} testId="chart-byStreet" className="briefing-chart tall" />
          </section>
          <section className="briefing-panel">
            <h2>{t('briefing.table.warnings')}</h2>
            <ProblemTable i18n={i18n} rows={briefing.warnings} testId="briefing-warnings" baseline />
          </section>
          <section className="briefing-panel">
            <h2>{t('briefing.table.repeated')}</h2>
            <ProblemTable i18n={i18n} rows={briefing.repeated} testId="briefing-repeated" />
          </section>
          <section className="briefing-panel span-3">
            <h2>{t('briefing.index.title')}</h2>
            <IndexPanel i18n={i18n} index={briefing.index} />
          </section>
          <section className="briefing-panel span-3">
            <h2>{t('briefing.table.overdue')}</h2>
            <OverdueTable i18n={i18n} briefing={briefing} limit={20} />
          </section>
          <footer className="briefing-footnote">
            {t('briefing.generatedAt', { time: `${i18n.formatDate(briefing.generatedAt)} ${i18n.formatTime(briefing.generatedAt)}` })} · {t('briefing.definitions')}
          </footer>
        </main>
      )}
    </div>
  );
}
