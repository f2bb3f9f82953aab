// English names of the demo district and its 13 streets (code → name). In Chinese the data's own name is
// shown; in English a known code gets its romanised name and anything else keeps the data's name.
export const EN_PLACE_NAMES: Readonly<Record<string, string>> = {
  '370102': 'Lixia District',
  '370102001': 'Jiefanglu',
  '370102002': 'Qianfoshan',
  '370102003': 'Baotuquan',
  '370102004': 'Quanchenglu',
  '370102005': 'Daminghu',
  '370102006': 'Dongguan',
  '370102007': 'Wendong',
  '370102008': 'Jianxin',
  '370102009': 'Dianliu',
  '370102010': 'Yanshan',
  '370102011': 'Yaojia',
  '370102012': 'Longdong',
  '370102013': 'Zhiyuan',
};
