// Incident bodies of realistic size and shape for the benchmarks (about 0.8 KB of JSON each, like the
// demo's): varied categories, sources, states and a short history.
import type { Incident } from '../src-shared/sfp/schemas.ts';
import { formatShanghaiIso } from '../src-shared/domain/time.ts';

const CATEGORIES = [
  { major: '街面秩序', minor: '占道经营', name: '占道经营' },
  { major: '街面秩序', minor: '乱停车', name: '机动车乱停放' },
  { major: '市容环境', minor: '暴露垃圾', name: '暴露垃圾' },
  { major: '市容环境', minor: '积存垃圾渣土', name: '积存垃圾渣土' },
  { major: '施工管理', minor: '施工扰民', name: '夜间施工扰民' },
  { major: '宣传广告', minor: '违规广告', name: '违规张贴小广告' },
  { major: '矛盾纠纷', minor: '邻里纠纷', name: '邻里纠纷' },
  { major: '安全隐患', minor: '燃气隐患', name: '燃气管线隐患' },
  { major: '民生服务', minor: '供暖', name: '供暖不热' },
] as const;
const SOURCES = ['grid-worker', 'grid-worker', 'grid-worker', 'hotline-12345', 'video', 'patrol', 'resident', 'department'] as const;
const SEVERITIES = ['green', 'green', 'green', 'yellow', 'yellow', 'red'] as const;
const STATUSES = ['reported', 'accepted', 'dispatched', 'handling', 'resolved', 'closed'] as const;

/** Deterministic small PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function makeIncident(street: string, n: number, rand: () => number, at: Date): Incident {
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const category = pick(CATEGORIES);
  const iso = formatShanghaiIso(at);
  const status = pick(STATUSES);
  return {
    incidentId: `${street}-bench-${String(n).padStart(7, '0')}`,
    rev: 1,
    category: { ...category },
    title: `第${(n % 40) + 1}网格 ${category.name}`,
    description: `网格员巡查发现${category.name}，位置在历下区某社区${(n % 200) + 1}号楼附近，请及时处置。`,
    source: pick(SOURCES),
    severity: pick(SEVERITIES),
    level: 'grid',
    status,
    location: { lon: 117.02 + rand() * 0.14, lat: 36.63 + rand() * 0.07, gridId: `${street}-g${(n % 70) + 1}`, address: `历下区某路${(n % 300) + 1}号` },
    reportedAt: iso,
    dueAt: formatShanghaiIso(new Date(at.getTime() + 24 * 3600_000)),
    updatedAt: iso,
    history: [
      { at: iso, action: 'report', by: { id: 'gw-0142', name: '王建国' } },
      ...(status !== 'reported' ? [{ at: iso, action: 'incident.accept', by: { id: 'op-017', name: '张伟' } }] : []),
    ],
  };
}
