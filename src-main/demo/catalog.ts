// What the demo's incidents are made of: categories in the spirit of GB/T 30428 and Lixia's
// "6 大类 74 项" (codes are the demo's own: 2-digit major, 4-digit minor), the departments that take
// dispatched work (街呼区应), the mix of sources, and the roads of each street for addresses and names.
import type { Category, Severity, Source } from '../../src-shared/sfp/schemas.ts';

export interface MinorCategory {
  code: string;
  name: string;
  /** Short department names (the incident's `department`), most likely first. */
  departments: readonly string[];
  /** Weights of red, yellow, green. */
  severity: readonly [number, number, number];
  /** Relative frequency inside its major. */
  weight: number;
}

export interface MajorCategory {
  code: string;
  name: string;
  weight: number;
  minors: readonly MinorCategory[];
}

const m = (code: string, name: string, departments: string[], weight: number, severity: [number, number, number] = [0.03, 0.17, 0.8]): MinorCategory => ({ code, name, departments, weight, severity });

export const INCIDENT_CATEGORIES: readonly MajorCategory[] = [
  {
    code: '01', name: '市容环境', weight: 25,
    minors: [
      m('0101', '暴露垃圾', ['城管'], 6), m('0102', '垃圾满溢', ['城管'], 5), m('0103', '道路不洁', ['城管'], 3),
      m('0104', '乱堆物料', ['城管'], 3), m('0105', '违规晾晒', ['城管'], 1), m('0106', '绿地脏乱', ['城管'], 2),
      m('0107', '废弃车辆', ['城管', '公安'], 1), m('0108', '私搭乱建', ['城管', '住建'], 2, [0.02, 0.28, 0.7]),
    ],
  },
  {
    code: '02', name: '街面秩序', weight: 25,
    minors: [
      m('0201', '占道经营', ['城管', '市场监管'], 6), m('0202', '店外经营', ['城管'], 4), m('0203', '违章停车', ['公安'], 6),
      m('0204', '非机动车乱停放', ['城管'], 3), m('0205', '无照游商', ['城管', '市场监管'], 2), m('0206', '露天烧烤', ['城管', '环保'], 2),
      m('0207', '乞讨卖艺', ['民政', '公安'], 1),
    ],
  },
  {
    code: '03', name: '施工管理', weight: 8,
    minors: [
      m('0301', '施工扰民', ['住建', '环保'], 4, [0.02, 0.3, 0.68]), m('0302', '工地扬尘', ['环保', '住建'], 3, [0.02, 0.3, 0.68]),
      m('0303', '道路遗撒', ['城管'], 2), m('0304', '施工占道', ['市政', '城管'], 2), m('0305', '违规夜间施工', ['住建', '城管'], 1, [0.03, 0.4, 0.57]),
    ],
  },
  {
    code: '04', name: '宣传广告', weight: 10,
    minors: [
      m('0401', '违规小广告', ['城管'], 5, [0, 0.05, 0.95]), m('0402', '违规户外广告', ['城管'], 2), m('0403', '占道广告牌', ['城管'], 2),
      m('0404', '条幅标语破损', ['城管'], 1, [0, 0.1, 0.9]),
    ],
  },
  {
    code: '05', name: '突发事件', weight: 4,
    minors: [
      m('0501', '积水内涝', ['市政'], 3, [0.2, 0.5, 0.3]), m('0502', '路面塌陷', ['市政'], 1, [0.5, 0.45, 0.05]), m('0503', '供水管道破裂', ['市政'], 2, [0.3, 0.6, 0.1]),
      m('0504', '燃气泄漏', ['消防', '住建'], 1, [0.8, 0.2, 0]), m('0505', '火情烟雾', ['消防'], 1, [0.85, 0.15, 0]), m('0506', '人员聚集', ['公安'], 1, [0.3, 0.6, 0.1]),
      m('0507', '人员倒地', ['卫健', '公安'], 1, [0.5, 0.45, 0.05]),
    ],
  },
  {
    code: '06', name: '矛盾纠纷', weight: 8,
    minors: [
      m('0601', '邻里纠纷', ['司法'], 5, [0.02, 0.25, 0.73]), m('0602', '物业纠纷', ['住建'], 4, [0.01, 0.25, 0.74]), m('0603', '劳资纠纷', ['人社'], 2, [0.05, 0.4, 0.55]),
      m('0604', '家庭纠纷', ['司法', '民政'], 2, [0.05, 0.3, 0.65]), m('0605', '消费纠纷', ['市场监管'], 2),
    ],
  },
  {
    code: '07', name: '安全隐患', weight: 8,
    minors: [
      m('0701', '燃气隐患', ['住建', '消防'], 2, [0.25, 0.55, 0.2]), m('0702', '消防通道堵塞', ['消防'], 3, [0.1, 0.5, 0.4]), m('0703', '电动车违规充电', ['消防'], 3, [0.1, 0.5, 0.4]),
      m('0704', '井盖缺失', ['市政'], 2, [0.3, 0.55, 0.15]), m('0705', '危房隐患', ['住建'], 1, [0.2, 0.6, 0.2]), m('0706', '高空坠物隐患', ['住建', '城管'], 1, [0.2, 0.6, 0.2]),
      m('0707', '非法闯入', ['公安'], 1, [0.1, 0.5, 0.4]),
    ],
  },
  {
    code: '08', name: '民生服务', weight: 12,
    minors: [
      m('0801', '路灯损坏', ['市政'], 3), m('0802', '供暖问题', ['住建'], 3, [0.02, 0.3, 0.68]), m('0803', '停水停电', ['市政'], 2, [0.05, 0.45, 0.5]),
      m('0804', '老人帮扶', ['民政'], 2), m('0805', '噪音扰民', ['环保', '公安'], 3), m('0806', '宠物扰民', ['公安'], 1),
      m('0807', '电梯故障', ['市场监管', '住建'], 2, [0.1, 0.5, 0.4]),
    ],
  },
];

/** Short name → the unit that answers (吹哨报到). */
export const DEPARTMENTS: Readonly<Record<string, string>> = {
  城管: '历下区综合行政执法局',
  市政: '历下区市政工程服务中心',
  公安: '历下公安分局',
  消防: '历下区消防救援大队',
  环保: '济南市生态环境局历下分局',
  住建: '历下区住房和城乡建设局',
  市场监管: '历下区市场监督管理局',
  民政: '历下区民政局',
  司法: '历下区司法局',
  卫健: '历下区卫生健康局',
  人社: '历下区人力资源和社会保障局',
};

export function departmentId(short: string): string {
  const keys = Object.keys(DEPARTMENTS);
  const i = keys.indexOf(short);
  return `dept-${i < 0 ? 'other' : String(i + 1).padStart(2, '0')}`;
}

export function categoryOf(major: MajorCategory, minor: MinorCategory): Category & { code: string } {
  return { major: major.name, minor: minor.name, name: minor.name, code: minor.code };
}

export function findMinor(minorName: string): { major: MajorCategory; minor: MinorCategory } | undefined {
  for (const major of INCIDENT_CATEGORIES) {
    const minor = major.minors.find((x) => x.name === minorName);
    if (minor) return { major, minor };
  }
  return undefined;
}

/** Who reports (grid workers most, then the 12345 hotline, …). Video incidents also come from alerts. */
export const SOURCE_MIX: ReadonlyArray<[Source, number]> = [
  ['grid-worker', 45],
  ['hotline-12345', 25],
  ['patrol', 12],
  ['resident', 8],
  ['video', 5],
  ['department', 5],
];

/** Time limits by three-colour rating (三色评级). */
export const DUE_HOURS: Readonly<Record<Severity, number>> = { red: 2, yellow: 24, green: 72 };

/** Roads of each street, for addresses, titles and camera names (real road names, placement generated). */
export const STREET_ROADS: Readonly<Record<string, readonly string[]>> = {
  '370102001': ['解放路', '历山路', '山大路', '青龙街', '十亩园街', '文化西路', '和平路'],
  '370102002': ['千佛山路', '经十路', '历山路', '文化西路', '山师东路', '千佛山东路'],
  '370102003': ['趵突泉北路', '泺源大街', '趵突泉南路', '南门大街', '黑虎泉西路', '正觉寺街'],
  '370102004': ['泉城路', '芙蓉街', '县西巷', '舜井街', '黑虎泉北路', '院前街', '省府前街'],
  '370102005': ['明湖路', '大明湖路', '明湖东路', '后宰门街', '曲水亭街', '鞭指巷'],
  '370102006': ['东关大街', '山水沟街', '历山路', '青龙后街', '北园大街', '东仓街'],
  '370102007': ['文化东路', '山大路', '和平路', '历黄路', '羊头峪路', '燕子山西路'],
  '370102008': ['和平路', '历山路', '建新街', '山大南路', '经十路', '千佛山东路'],
  '370102009': ['花园路', '甸柳庄路', '山大路', '二环东路', '文化东路', '华能路'],
  '370102010': ['燕子山路', '和平路', '经十路', '窑头路', '燕文路', '解放东路'],
  '370102011': ['经十路', '二环东路', '工业南路', '解放东路', '花园庄东路', '浆水泉路', '茂岭山路'],
  '370102012': ['龙洞路', '旅游路', '经十路', '奥体西路', '转山西路', '锦屏山路', '龙奥北路'],
  '370102013': ['工业南路', '奥体中路', '凤山路', '汉峪路', '舜华路', '中林路', '兴港路'],
};

/**
 * Video analytics kinds with how often each fires. Labels and categories come from
 * src-shared/domain/alerts.ts; its minor names (违章停车, 人员倒地, …) are minors above too, so that a
 * confirmed alert's incident finds its departments.
 */
export const ALERT_KIND_MIX: ReadonlyArray<[string, number]> = [
  ['illegal-parking', 25],
  ['street-vending', 20],
  ['garbage-overflow', 20],
  ['crowd', 12],
  ['intrusion', 8],
  ['fall', 5],
  ['fire-smoke', 5],
  ['flood', 5],
];
