import type { ReactNode } from 'react';
import type { Kpis } from '../../src-shared/api.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { MessageKey } from '../i18n/translator.ts';

interface KpiSpec {
  id: string;
  label: MessageKey;
  unit: MessageKey;
  value: (k: Kpis) => number;
  /** How the tile is tinted when the figure is above zero. */
  tone: 'neutral' | 'red' | 'yellow';
}

const KPIS: readonly KpiSpec[] = [
  { id: 'kpi-open', label: 'kpi.open', unit: 'kpi.unit.items', value: (k) => k.open, tone: 'neutral' },
  { id: 'kpi-overdue', label: 'kpi.overdue', unit: 'kpi.unit.items', value: (k) => k.overdue, tone: 'yellow' },
  { id: 'kpi-new-today', label: 'kpi.newToday', unit: 'kpi.unit.items', value: (k) => k.newToday, tone: 'neutral' },
  { id: 'kpi-red', label: 'kpi.red', unit: 'kpi.unit.items', value: (k) => k.red, tone: 'red' },
  { id: 'kpi-alerts-open', label: 'kpi.alertsOpen', unit: 'kpi.unit.alerts', value: (k) => k.alertsOpen, tone: 'yellow' },
  { id: 'kpi-cameras-offline', label: 'kpi.camerasOffline', unit: 'kpi.unit.cameras', value: (k) => k.camerasOffline, tone: 'neutral' },
];

/** `extra`: the wall's own tile after the figures (issue 4: unacknowledged alarms and the carousel switch). */
export function KpiStrip(props: { kpis: Kpis | null; extra?: ReactNode }) {
  const i18n = useI18n();
  const k = props.kpis;
  return (
    <section className="kpi-strip" aria-label={i18n.t('kpi.region')}>
      {KPIS.map((spec) => {
        const raw = k ? spec.value(k) : null;
        const value = typeof raw === 'number' && Number.isFinite(raw) ? raw : null;
        const alarm = value !== null && value > 0 && spec.tone !== 'neutral' ? spec.tone : 'none';
        const unit = i18n.t(spec.unit);
        return (
          <div key={spec.id} className="kpi" data-testid={spec.id} data-value={value ?? ''} data-alarm={alarm}>
            <div className="kpi-label">{i18n.t(spec.label)}</div>
            <div className="kpi-figure">
              <span className="kpi-value">{value === null ? i18n.t('kpi.pending') : i18n.formatNumber(value)}</span>
              {unit ? <span className="kpi-unit">{unit}</span> : null}
            </div>
            {spec.id === 'kpi-open' && k ? <div className="kpi-sub">{i18n.t('kpi.closedToday', { n: i18n.formatNumber(k.closedToday) })}</div> : null}
          </div>
        );
      })}
      {props.extra ? <div className="kpi-extra">{props.extra}</div> : null}
    </section>
  );
}
