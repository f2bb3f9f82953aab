import { useI18n } from '../i18n/I18nProvider.tsx';

export function Legend() {
  const { t } = useI18n();
  return (
    <div className="map-legend" data-testid="map-legend">
      <div className="legend-title">{t('legend.title')}</div>
      <ul>
        <li>
          <span className="legend-mark mark-dot sev-red" />
          {t('legend.red')}
        </li>
        <li>
          <span className="legend-mark mark-dot sev-yellow" />
          {t('legend.yellow')}
        </li>
        <li>
          <span className="legend-mark mark-dot sev-green" />
          {t('legend.green')}
        </li>
        <li>
          <span className="legend-mark mark-ring" />
          {t('legend.overdue')}
        </li>
        <li>
          <span className="legend-mark mark-pulse" />
          {t('legend.new')}
        </li>
        <li>
          <span className="legend-mark mark-diamond" />
          {t('legend.alert')}
        </li>
      </ul>
    </div>
  );
}
