// Pure helpers of the index view: what the address says, and how numbers read.
import type { IndexLevel } from '../../src-shared/index-api.ts';
import { INDEX_LEVELS } from '../../src-shared/index-api.ts';

export type IndexMode =
  | { kind: 'ranking'; level: IndexLevel }
  | { kind: 'profile'; orgId: string }
  | { kind: 'grid'; gridId: string }
  | { kind: 'compare'; a: string | null; b: string | null };

export interface IndexAddress {
  mode: IndexMode;
  period: string | null;
}

/** Reads ?level=, ?org=, ?grid= (a grid's branch: how the map links here), ?compare=a,b and ?period= (the rest of the query is kept by writeAddress). */
export function readAddress(search: string): IndexAddress {
  const q = new URLSearchParams(search);
  const period = /^\d{4}-\d{2}$/.test(q.get('period') ?? '') ? q.get('period') : null;
  const org = q.get('org');
  if (org) return { mode: { kind: 'profile', orgId: org }, period };
  const grid = q.get('grid');
  if (grid) return { mode: { kind: 'grid', gridId: grid }, period };
  const compare = q.get('compare');
  if (compare !== null) {
    const [a, b] = compare.split(',');
    return { mode: { kind: 'compare', a: a || null, b: b || null }, period };
  }
  const level = q.get('level');
  return { mode: { kind: 'ranking', level: (INDEX_LEVELS as readonly string[]).includes(level ?? '') ? (level as IndexLevel) : 'grid-branch' }, period };
}

export function writeAddress(search: string, address: IndexAddress): string {
  const q = new URLSearchParams(search);
  for (const k of ['org', 'grid', 'compare', 'level', 'period']) q.delete(k);
  const m = address.mode;
  if (m.kind === 'profile') q.set('org', m.orgId);
  else if (m.kind === 'grid') q.set('grid', m.gridId);
  else if (m.kind === 'compare') q.set('compare', `${m.a ?? ''},${m.b ?? ''}`);
  else q.set('level', m.level);
  if (address.period) q.set('period', address.period);
  return `?${q.toString()}`;
}

export function stars(n: number): string {
  const k = Math.max(0, Math.min(5, Math.round(n)));
  return '★'.repeat(k) + '☆'.repeat(5 - k);
}

/** "+1.25" / "−0.40" / "0.00"; null → the placeholder. */
export function signed(x: number | null, placeholder = '—'): string {
  if (x === null) return placeholder;
  const r = Math.round(x * 100) / 100;
  if (r === 0) return '0.00';
  return `${r > 0 ? '+' : '−'}${Math.abs(r).toFixed(2)}`;
}

export function changeClass(x: number | null): string {
  if (x === null || Math.round(x * 100) === 0) return 'index-flat';
  return x > 0 ? 'index-up' : 'index-down';
}

/** A raw indicator value for a table: shares (by source or indicator id) as percentages. */
export function formatValue(value: number | null, source: string, indicatorId = ''): string {
  if (value === null) return '';
  if (/share/.test(source + ' ' + indicatorId) && value >= 0 && value <= 1.0001) return `${(value * 100).toFixed(1)}%`;
  if (Number.isInteger(value)) return String(value);
  return value.toFixed(2);
}
