import type { EpochMs, LinkState } from '../../src-shared/api.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { summariseLinks } from './updaters.ts';

export function LinkPanel(props: { links: readonly LinkState[]; now: EpochMs }) {
  const i18n = useI18n();
  const { t } = i18n;
  const sum = summariseLinks(props.links);
  return (
    <section className="panel links-panel">
      <header className="panel-head">
        <h2 className="panel-title">{t('links.title')}</h2>
        <span className="panel-meta" data-alarm={sum.up < sum.total ? 'yellow' : 'none'}>
          {t('links.summary', { up: sum.up, total: sum.total })}
        </span>
      </header>
      {props.links.length === 0 ? <div className="panel-empty">{t('links.empty')}</div> : null}
      <ol className="link-list" style={{ gridTemplateRows: `repeat(${Math.max(props.links.length, 1)}, minmax(0, 1fr))` }}>
        {props.links.map((link) => (
          <li key={link.subcentreId} className="link-row" data-testid={`link-row-${link.subcentreId}`} data-state={link.state}>
            <span className="state-dot" aria-hidden="true" />
            <span className="link-name" title={link.url}>
              {i18n.placeName(link.subcentreId, link.name)}
            </span>
            <span className="link-state">{i18n.linkState(link.state)}</span>
            <span className="link-lag" data-alarm={link.lag > 0 ? 'yellow' : 'none'}>
              {t('links.lag', { n: i18n.formatNumber(Math.max(0, link.lag)) })}
            </span>
            <span className="link-heard">{link.lastHeardAt ? i18n.formatAgo(link.lastHeardAt, props.now) : t('links.never')}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
