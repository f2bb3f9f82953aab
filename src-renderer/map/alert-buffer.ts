// Video alerts on the map as typed arrays, like incidents: an id → slot map, updates in place, only open
// alerts visible (confirmed ones live on as incidents, dismissed ones are done).
import { SEVERITY_CODES } from '../../src-shared/api.ts';
import type { AlertColumns } from '../../src-shared/api.ts';
import { SEVERITY_RGB } from '../theme/tokens.ts';
import { finiteOr, grown, slotFor } from './typed-arrays.ts';

/** AlertColumns.state indexes into this. */
export const ALERT_STATE_CODES = ['open', 'confirmed', 'dismissed'] as const;
const OPEN = 0;

export interface AlertBuffer {
  length: number;
  positions: Float32Array;
  colors: Uint8Array; // severity colour, alpha 0 unless open
  open: Uint8Array; // 1 when open and drawable
  raisedAt: Float64Array;
  indexById: Map<string, number>;
  // issue 4: what the hover card needs
  ids: string[];
  /** The alert kind by slot ("crowd", "fire-smoke", …). */
  kinds: string[];
  version: number;
  columnsVersion: number;
  openCount: number;
}

export function createAlertBuffer(capacity = 256): AlertBuffer {
  return {
    length: 0,
    positions: new Float32Array(capacity * 2),
    colors: new Uint8Array(capacity * 4),
    open: new Uint8Array(capacity),
    raisedAt: new Float64Array(capacity),
    indexById: new Map(),
    ids: [],
    kinds: [],
    version: 0,
    columnsVersion: 0,
    openCount: 0,
  };
}

function setOpen(buf: AlertBuffer, slot: number, open: boolean): void {
  const before = buf.open[slot] ?? 0;
  const now = open ? 1 : 0;
  buf.open[slot] = now;
  buf.openCount += now - before;
  if (!open) buf.colors[slot * 4 + 3] = 0;
}

export function applyAlertColumns(buf: AlertBuffer, cols: AlertColumns): void {
  const count = Math.max(0, Math.min(finiteOr(cols.count, 0), cols.ids?.length ?? 0));
  const need = buf.length + count;
  if (buf.open.length < need) {
    buf.positions = grown(buf.positions, need * 2);
    buf.colors = grown(buf.colors, need * 4);
    buf.open = grown(buf.open, need);
    buf.raisedAt = grown(buf.raisedAt, need);
  }
  for (let i = 0; i < count; i++) {
    const id = cols.ids[i];
    if (typeof id !== 'string') continue;
    const slot = slotFor(buf, id);
    buf.kinds[slot] = cols.kinds?.[finiteOr(cols.kind?.[i], -1)] ?? '';
    const lon = finiteOr(cols.lon?.[i], Number.NaN);
    const lat = finiteOr(cols.lat?.[i], Number.NaN);
    const severity = SEVERITY_CODES[finiteOr(cols.severity?.[i], -1)];
    const open = finiteOr(cols.state?.[i], -1) === OPEN && severity !== undefined && Number.isFinite(lon) && Number.isFinite(lat);
    buf.positions[slot * 2] = open ? lon : 0;
    buf.positions[slot * 2 + 1] = open ? lat : 0;
    buf.raisedAt[slot] = finiteOr(cols.raisedAt?.[i], 0);
    if (open) {
      const rgb = SEVERITY_RGB[severity];
      buf.colors.set([rgb[0], rgb[1], rgb[2], 255], slot * 4);
    }
    setOpen(buf, slot, open);
  }
  for (const id of cols.deleted ?? []) {
    const slot = buf.indexById.get(id);
    if (slot !== undefined) setOpen(buf, slot, false);
  }
  buf.columnsVersion = Math.max(buf.columnsVersion, finiteOr(cols.version, buf.columnsVersion));
  buf.version++;
}

/** Open alerts drawn at a place (a camera's: alerts sit at their camera), for the camera's card. */
export function openAlertsAt(buf: AlertBuffer | null | undefined, lon: number, lat: number): number {
  if (!buf) return 0;
  let n = 0;
  for (let slot = 0; slot < buf.length; slot++) {
    if (buf.open[slot] === 1 && Math.abs(buf.positions[slot * 2]! - lon) < 1e-5 && Math.abs(buf.positions[slot * 2 + 1]! - lat) < 1e-5) n++;
  }
  return n;
}
