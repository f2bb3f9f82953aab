// Issue 9: the host words import problems in English (the CLI prints them, the audit keeps them); the
// panel shows them in the duty officer's language. Each pattern below matches one of the host's reason
// templates (src-main/import/validate.ts, src-shared/domain/area-check.ts, read-file.ts); a reason with
// no pattern is shown as the host wrote it. tests/unit/renderer/import-problem-text.test.ts runs the
// validators on broken files and fails when one of their reasons has no translation here.
import type { Locale } from '../i18n/translator.ts';

type Rule = [RegExp, (m: RegExpExecArray) => string];

const ZH: Rule[] = [
  [/^missing$/, () => '缺少'],
  [/^missing: a Polygon or MultiPolygon is required$/, () => '缺少几何：需要 Polygon 或 MultiPolygon'],
  [/^missing: the community this grid belongs to$/, () => '缺少：网格所属社区'],
  [/^missing: the street this community belongs to$/, () => '缺少：社区所属街道'],
  [/^missing: only a street-committee may have no parent$/, () => '缺少上级：只有街道党工委可以没有上级'],
  [/^longer than (\d+) characters$/, (m) => `超过 ${m[1]} 个字符`],
  [/^duplicate grid id: also feature (\d+)$/, (m) => `网格编号重复：与要素 #${m[1]} 相同`],
  [/^duplicate id: also feature (\d+)$/, (m) => `编号重复：与要素 #${m[1]} 相同`],
  [/^duplicate: also row (\d+)$/, (m) => `重复：与第 ${m[1]} 行相同`],
  [/^"(.*)" is not a well-formed id \(.*\)$/, (m) => `"${m[1]}" 不是合规的编号（字母、数字、_ . : -，最多 64 个字符）`],
  [/^a district code has 6 digits \(GB\/T 2260\), got "(.*)"$/, (m) => `区代码应为 6 位数字（GB/T 2260），实为 "${m[1]}"`],
  [/^a street code has 9 digits, got "(.*)"$/, (m) => `街道代码应为 9 位数字，实为 "${m[1]}"`],
  [/^a community code has 12 digits, got "(.*)"$/, (m) => `社区代码应为 12 位数字，实为 "${m[1]}"`],
  [/^a camera id has 20 digits \(GB\/T 28181\), got "(.*)"$/, (m) => `摄像机编号应为 20 位数字（GB/T 28181），实为 "${m[1]}"`],
  [/^a second district \(the first is (.*)\): one district per file$/, (m) => `出现第二个区（第一个是 ${m[1]}）：每个文件只能有一个区`],
  [/^"(.*)" is not the district of this file$/, (m) => `"${m[1]}" 不是本文件中的区`],
  [/^street "(.*)" is not in this file$/, (m) => `街道 "${m[1]}" 不在本文件中`],
  [/^community code "(.*)" does not start with its street code (.*)$/, (m) => `社区代码 "${m[1]}" 不以所属街道代码 ${m[2]} 开头`],
  [/^street code "(.*)" does not start with the district code (.*)$/, (m) => `街道代码 "${m[1]}" 不以区代码 ${m[2]} 开头`],
  [/^must be district, street or community, got (.*)$/, (m) => `应为 district、street 或 community，实为 ${m[1]}`],
  [/^the file has no district feature \(level "district"\)$/, () => '文件中没有区（level 为 "district"）'],
  [/^the file has no street \(level "street"\)$/, () => '文件中没有街道（level 为 "street"）'],
  [/^the file holds no feature$/, () => '文件中没有任何要素'],
  [/^the file holds no row under its header$/, () => '表头下没有任何数据行'],
  [/^the file must be a GeoJSON FeatureCollection$/, () => '文件必须是 GeoJSON FeatureCollection'],
  [/^not a GeoJSON Feature$/, () => '不是 GeoJSON Feature'],
  [/^the file is empty$/, () => '文件是空的'],
  [/^a (.*) import takes (.*), not (.*)$/, (m) => `此类导入只接受 ${m[2]} 文件，不接受 ${m[3]}`],
  [/^not valid JSON: (.*)$/, (m) => `不是有效的 JSON：${m[1]}`],
  [/^the file is not valid UTF-8 .*$/, () => '文件不是有效的 UTF-8：请选择 GBK / GB18030 编码，或另存为 UTF-8'],
  [/^a quoted cell that starts on line (\d+) is never closed$/, (m) => `第 ${m[1]} 行开始的带引号单元格没有结束引号`],
  [/^not a readable Excel \(\.xlsx\) workbook: (.*)$/, (m) => `无法读取的 Excel（.xlsx）工作簿：${m[1]}`],
  [/^the workbook has no worksheet$/, () => '工作簿中没有工作表'],
  [/^not an Excel \(\.xlsx\) workbook: the file is not a zip archive/, () => '不是 Excel（.xlsx）工作簿：文件不是 zip 格式（旧版 .xls？请另存为 .xlsx 或 CSV）'],
  [/^imported grid (.*) lies in community (.*), which this file does not have \(import the grids again first\)$/, (m) => `已导入的网格 ${m[1]} 位于社区 ${m[2]}，而本文件中没有该社区（请先重新导入网格）`],
  [/^no boundaries are loaded: import the district boundaries first$/, () => '尚未加载边界：请先导入区边界'],
  [/^community "(.*)" is not in the boundaries in force$/, (m) => `社区 "${m[1]}" 不在当前边界中`],
  [/^street "(.*)" is not in the boundaries in force$/, (m) => `街道 "${m[1]}" 不在当前边界中`],
  [/^"(.*)" disagrees with the street of community (.*) \((.*)\)$/, (m) => `"${m[1]}" 与社区 ${m[2]} 所属街道（${m[3]}）不一致`],
  [/^"(.*)" disagrees with the street of grid (.*) \((.*)\)$/, (m) => `"${m[1]}" 与网格 ${m[2]} 所属街道（${m[3]}）不一致`],
  [/^must be a whole number ≥ 0, got (.*)$/, (m) => `应为不小于 0 的整数，实为 ${m[1]}`],
  [/^must be a whole number 1–5, got (.*)$/, (m) => `应为 1–5 的整数，实为 ${m[1]}`],
  [/^must be one of street-committee, .*, got "(.*)"$/, (m) => `应为街道党工委、社区党委、网格党支部、楼院党小组或党员中心户，实为 "${m[1]}"`],
  [/^column missing \(header "(.*?)" or (.*)\)$/, (m) => `缺少列（表头 "${m[1]}" 或 ${m[2]}）`],
  [/^grid "(.*)" is not among the grids in force$/, (m) => `网格 "${m[1]}" 不在当前网格中`],
  [/^an organisation cannot be its own parent$/, () => '组织不能是自己的上级'],
  [/^"(.*)" is neither in this file nor in the organisation tree$/, (m) => `"${m[1]}" 既不在本文件中，也不在组织体系中`],
  [/^a (.*) cannot hang under a (.*)$/, (m) => `${m[1]} 不能隶属于 ${m[2]}`],
  [/^cannot tell the street: .*$/, () => '无法确定所属街道：请在本行（或上级）填写 9 位街道编号，或填写网格编号'],
  [/^branch "(.*)" is not in the organisation tree$/, (m) => `支部 "${m[1]}" 不在组织体系中`],
  [/^"(.*)" is a (.*), not a grid-branch$/, (m) => `"${m[1]}" 是 ${m[2]}，不是网格党支部`],
  [/^grid (.*) is already given to another branch on row (\d+)$/, (m) => `网格 ${m[1]} 已在第 ${m[2]} 行对应了另一个支部`],
  [/^grid (.*) lies in street (.*), branch (.*) in street (.*)$/, (m) => `网格 ${m[1]} 属于街道 ${m[2]}，支部 ${m[3]} 属于街道 ${m[4]}`],
  [/^not a number: "(.*)"$/, (m) => `不是数字："${m[1]}"`],
  [/^(\[.*\]) is outside China \(.*\); lon and lat swapped\?$/, (m) => `${m[1]} 不在中国范围内（经度 73–136，纬度 3–54）；经纬度是否颠倒？`],
  [/^must be online, offline or fault .*got "(.*)"$/, (m) => `应为在线、离线或故障，实为 "${m[1]}"`],
  [/^must be yes or no .*got "(.*)"$/, (m) => `应为是或否，实为 "${m[1]}"`],
  [/^must be Polygon or MultiPolygon, got (.*)$/, (m) => `应为 Polygon 或 MultiPolygon，实为 ${m[1]}`],
  [/^must be a non-empty array$/, () => '应为非空数组'],
  [/^a polygon must be a non-empty array of rings$/, () => '多边形应为非空的环数组'],
  [/^a ring must be an array of positions$/, () => '环应为坐标数组'],
  [/^a position must be \[lon, lat\] with finite numbers$/, () => '坐标应为 [经度, 纬度] 且为有限数字'],
  [/^a ring needs at least 4 positions \(the first repeated at the end\), got (\d+)$/, (m) => `环至少需要 4 个坐标（首点在末尾重复），实为 ${m[1]} 个`],
  [/^the ring is not closed: it starts at (\[.*\]) and ends at (\[.*\])$/, (m) => `环未闭合：起点 ${m[1]}，终点 ${m[2]}`],
  [/^the ring has no area .*$/, () => '环没有面积（所有坐标在一条线或一个点上）'],
  [/^the ring crosses itself \(edges (\d+) and (\d+)\)$/, (m) => `环自相交（第 ${m[1]} 与第 ${m[2]} 条边）`],
];

/** The reason in the panel's language; the host's English when no pattern matches (or for en). */
export function problemText(reason: string, locale: Locale): string {
  if (locale !== 'zh-CN') return reason;
  for (const [re, zh] of ZH) {
    const m = re.exec(reason);
    if (m) return zh(m);
  }
  return reason;
}

/** Whether a reason has a translation (for the test that keeps this table complete). */
export function hasProblemText(reason: string): boolean {
  return ZH.some(([re]) => re.test(reason));
}
