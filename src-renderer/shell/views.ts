// The renderer's views and how a page picks one: `?view=<name>` (web mode; Electron windows say
// `?role=wall|operator`). Each view is its own module, loaded on demand, exporting `View`.
import type { ComponentType } from 'react';
import type { MessageKey } from '../i18n/translator.ts';

export interface ViewModule {
  View: ComponentType;
}

interface ViewEntry {
  title: MessageKey;
  load: () => Promise<ViewModule>;
}

export const VIEWS = {
  wall: { title: 'view.wall', load: () => import('../wall/WallApp.tsx').then((m) => ({ View: m.WallApp })) },
  operator: { title: 'view.operator', load: () => import('../operator/OperatorApp.tsx').then((m) => ({ View: m.OperatorApp })) },
  briefing: { title: 'view.briefing', load: () => import('../briefing/BriefingApp.tsx').then((m) => ({ View: m.BriefingApp })) },
  present: { title: 'view.present', load: () => import('../present/PresentApp.tsx').then((m) => ({ View: m.PresentApp })) }, // issue 7: presentation mode
  index: { title: 'view.index', load: () => import('../index-view/IndexApp.tsx').then((m) => ({ View: m.IndexApp })) }, // issue 6
  settings: { title: 'view.settings', load: () => import('../settings/SettingsApp.tsx').then((m) => ({ View: m.SettingsApp })) }, // issue 9
  imports: { title: 'view.imports', load: () => import('../imports/ImportsApp.tsx').then((m) => ({ View: m.ImportsApp })) }, // issue 9: imports
} satisfies Record<string, ViewEntry>;

export type ViewName = keyof typeof VIEWS;

export function isViewName(name: string): name is ViewName {
  return Object.prototype.hasOwnProperty.call(VIEWS, name);
}

/** The view this page shows: ?view=, else ?role= (Electron), else the wall. */
export function currentViewName(search: string = location.search): string {
  const params = new URLSearchParams(search);
  return params.get('view') ?? params.get('role') ?? 'wall';
}

/** The address of another view, keeping the rest of the query (the web host's token). */
export function viewHref(view: ViewName, search: string = location.search): string {
  const params = new URLSearchParams(search);
  params.delete('role');
  params.set('view', view);
  return `?${params.toString()}`;
}
