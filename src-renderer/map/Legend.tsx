// The legend: exactly the entries of the layers that are on (legendGroups), each mark drawn in code.
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { MessageKey } from '../i18n/translator.ts';
import type { LegendEntry, LegendMark, MapLayerId } from './layers/registry.ts';

function Mark(props: { mark: LegendMark }) {
  const m = props.mark;
  if (m.kind === 'shape') {
    return (
      <svg className="legend-svg" viewBox="0 0 64 64" aria-hidden="true">
        <path d={m.path} fill={m.color} />
      </svg>
    );
  }
  if (m.kind === 'arc') {
    return (
      <svg className="legend-svg legend-arc" viewBox="0 0 64 32" aria-hidden="true">
        <defs>
          <linearGradient id="legend-arc-gradient" x1="0" x2="1">
            <stop offset="0" stopColor={m.from} />
            <stop offset="1" stopColor={m.to} />
          </linearGradient>
        </defs>
        <path d="M4 28 Q32 -6 60 28" fill="none" stroke="url(#legend-arc-gradient)" strokeWidth="5" />
      </svg>
    );
  }
  if (m.kind === 'heat') return <span className="legend-heat" style={{ background: `linear-gradient(90deg, ${m.colors.join(', ')})` }} />;
  const size = m.size ?? 1;
  return <span className={`legend-mark2 mark2-${m.kind}`} style={{ ['--mark-color' as string]: m.color, ['--mark-size' as string]: String(size) }} />;
}

export function Legend(props: {
  groups: Array<{ id: MapLayerId; title: MessageKey; entries: LegendEntry[] }>;
  subtitle?: Partial<Record<MapLayerId, string>>;
  /** Folded to its title, the legend leaves the map's west free; the choice is kept per wall. */
  open: boolean;
  onToggle: () => void;
}) {
  const { t } = useI18n();
  return (
    <div className="map-legend map-legend2" data-testid="map-legend" data-open={props.open ? 'true' : 'false'}>
      <button type="button" className="legend-title map-fold" aria-expanded={props.open} onClick={props.onToggle} title={t(props.open ? 'map.fold.hide' : 'map.fold.show')} data-testid="legend-toggle">
        {t('legend.title')}
        <span className="map-fold-mark" aria-hidden="true">{props.open ? '▾' : '▸'}</span>
      </button>
      {props.open ? props.groups.map((g) => (
        <section key={g.id} className="legend-group" data-testid={`legend-${g.id}`}>
          <div className="legend-group-title">
            {t(g.title)}
            {props.subtitle?.[g.id] ? <span className="legend-sub"> · {props.subtitle[g.id]}</span> : null}
          </div>
          <ul>
            {g.entries.map((e) => (
              <li key={e.key} data-legend={e.key}>
                {e.mark.kind === 'square' && e.mark.color === 'transparent' ? null : <Mark mark={e.mark} />}
                <span className={e.mark.kind === 'square' && e.mark.color === 'transparent' ? 'legend-note' : undefined}>{'text' in e.label ? e.label.text : t(e.label.key, e.label.params)}</span>
              </li>
            ))}
          </ul>
        </section>
      )) : null}
    </div>
  );
}
