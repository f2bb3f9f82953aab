// Links between the views (wall, operator, …), for the top bar of each view.
import { useI18n } from '../i18n/I18nProvider.tsx';
import { currentViewName, viewHref, VIEWS, type ViewName } from './views.ts';

export function ViewNav() {
  const { t } = useI18n();
  const names = Object.keys(VIEWS) as ViewName[];
  if (names.length < 2) return null;
  const current = currentViewName();
  return (
    <nav className="view-nav" aria-label={t('view.nav')} data-testid="view-nav">
      {names.map((name) => (
        <a key={name} href={viewHref(name)} className={name === current ? 'view-link active' : 'view-link'} aria-current={name === current ? 'page' : undefined} data-testid={`view-link-${name}`}>
          {t(VIEWS[name].title)}
        </a>
      ))}
    </nav>
  );
}
