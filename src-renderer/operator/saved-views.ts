// Saved queue views (filter + sort under a name), kept per browser profile in localStorage.
import type { QueueFilter, QueueSort } from './queue-model.ts';

export interface SavedView {
  name: string;
  filter: QueueFilter;
  sort: QueueSort;
}

const KEY = 'superbrain.operator.savedViews';

interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export function loadSavedViews(storage: KeyValueStorage | null): SavedView[] {
  try {
    const v = JSON.parse(storage?.getItem(KEY) ?? '[]') as unknown;
    return Array.isArray(v) ? (v.filter((x) => x && typeof x === 'object' && typeof (x as SavedView).name === 'string') as SavedView[]) : [];
  } catch {
    return [];
  }
}

/** Adds or replaces the view of that name; returns the new list. */
export function saveView(storage: KeyValueStorage | null, views: SavedView[], view: SavedView): SavedView[] {
  const next = [...views.filter((v) => v.name !== view.name), view].sort((a, b) => a.name.localeCompare(b.name));
  try {
    storage?.setItem(KEY, JSON.stringify(next));
  } catch {
    /* storage full or disabled: the view lasts for this page only */
  }
  return next;
}

export function deleteView(storage: KeyValueStorage | null, views: SavedView[], name: string): SavedView[] {
  const next = views.filter((v) => v.name !== name);
  try {
    storage?.setItem(KEY, JSON.stringify(next));
  } catch {
    /* as above */
  }
  return next;
}
