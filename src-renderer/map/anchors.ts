// Where things without coordinates of their own are drawn: the sub-centres (at their street's label
// point) and the departments that dispatch arcs end at.
//
// The rule for departments (the data carries no department coordinates):
//  - a department whose name contains a street's name or id (a street office, 街道办事处 / 街道综合执法中队 …)
//    is anchored at that street's label point;
//  - every other department is a district department (城管, 公安, 市政, … as the demo and the 12345
//    hotline name them) and is anchored at the district's seat: the district polygon's label point stands
//    in for 历下区人民政府, and each department sits on a ring of DEPARTMENT_RING_DEG around it at an angle
//    fixed by its name (a hash), so arcs to different departments stay apart and always land in one place.
import type { LinkStateName } from '../../src-shared/api.ts';

export type LonLat = [number, number];

/** About 1 km at Jinan's latitude. */
export const DEPARTMENT_RING_DEG = 0.01;

export interface StreetAnchor {
  id: string;
  name: string;
  position: LonLat;
}

function nameHash(name: string): number {
  let h = 2166136261;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

/** The street short name (解放路街道 → 解放路) for matching free-text department names. */
function streetKey(name: string): string {
  return name.replace(/(街道办事处|街道)$/, '');
}

export function departmentAnchor(department: string, districtSeat: LonLat, streets: readonly StreetAnchor[]): { position: LonLat; street: string | null } {
  for (const s of streets) {
    const key = streetKey(s.name);
    if ((key.length >= 2 && department.includes(key)) || department.includes(s.id)) return { position: s.position, street: s.id };
  }
  const angle = ((nameHash(department) % 360) * Math.PI) / 180;
  // Longitude degrees are shorter than latitude degrees here: stretch so the ring looks round.
  const stretch = 1 / Math.cos((districtSeat[1] * Math.PI) / 180);
  return { position: [districtSeat[0] + DEPARTMENT_RING_DEG * stretch * Math.cos(angle), districtSeat[1] + DEPARTMENT_RING_DEG * Math.sin(angle)], street: null };
}

export interface DispatchArc {
  incidentId: string;
  department: string;
  source: LonLat;
  target: LonLat;
  severity: number;
}

export interface SubcentreMark {
  subcentreId: string;
  name: string;
  position: LonLat;
  state: LinkStateName | 'unknown';
}

/** Link state → the colour class of the marker. */
export function linkTone(state: SubcentreMark['state']): 'ok' | 'warn' | 'bad' | 'idle' {
  if (state === 'connected') return 'ok';
  if (state === 'stale' || state === 'connecting') return 'warn';
  if (state === 'down') return 'bad';
  return 'idle';
}
