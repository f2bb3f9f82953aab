// Loads the module of the current view and renders it; an unknown view name says so.
import { useEffect, useState, type ComponentType } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { currentViewName, isViewName, VIEWS } from './views.ts';
import { ConsoleLanguage } from '../settings/ConsoleLanguage.tsx'; // issue 9: the language setting

export function ViewRoot() {
  const { t } = useI18n();
  const name = currentViewName();
  const [View, setView] = useState<ComponentType | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!isViewName(name)) return;
    let cancelled = false;
    VIEWS[name].load().then(
      (m) => !cancelled && setView(() => m.View),
      (err: unknown) => !cancelled && setError(err instanceof Error ? err.message : String(err)),
    );
    return () => {
      cancelled = true;
    };
  }, [name]);
  if (!isViewName(name)) return <div className="connect-screen connect-message connect-failed" role="alert">{t('view.unknown', { view: name.slice(0, 40) })}</div>;
  if (error) return <div className="connect-screen connect-message connect-failed" role="alert">{error}</div>;
  if (!View) return <div className="connect-screen connect-message" role="status">{t('view.loading')}</div>;
  return (
    <>
      <ConsoleLanguage />
      <View />
    </>
  );
}
