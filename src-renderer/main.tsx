// The renderer's entry: theme variables, i18n, then the view the address asks for (the wall by default).
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nProvider } from './i18n/I18nProvider.tsx';
import { applyThemeVariables } from './theme/tokens.ts';
import { ViewRoot } from './shell/ViewRoot.tsx';
import { installNavigationGuard } from './security/navigation-guard.ts';
import 'maplibre-gl/dist/maplibre-gl.css';
import './theme/wall.css';

applyThemeVariables(document.documentElement);
installNavigationGuard(); // issue 8: no new windows, no outside navigation

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <I18nProvider>
        <ViewRoot />
      </I18nProvider>
    </StrictMode>,
  );
}
