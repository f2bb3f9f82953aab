// Generated Chinese personal names for the demo (grid workers, secretaries, operators, residents).
// Common surnames weighted roughly by frequency, given names from everyday characters.
import type { Random } from './random.ts';

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯史陶黎贺顾毛郝龚邵万钱严武戴孔汤庞'.split('');
// Shandong's most frequent surnames first, with more weight.
const SURNAME_WEIGHTS = SURNAMES.map((_, i) => (i < 5 ? 8 : i < 15 ? 4 : i < 40 ? 2 : 1));
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建国志文斌宇浩凯健俊帆雪琳晨欣怡梓涵子轩雨萱博文佳琪思远海燕春梅晓东立新国庆庆华淑珍凤琴建华永强玉珍金凤德明振华秀兰桂芳'.split('');

export function personName(rnd: Random): string {
  const surname = rnd.weighted(SURNAMES, SURNAME_WEIGHTS);
  const n = rnd.chance(0.72) ? 2 : 1;
  let given = '';
  for (let i = 0; i < n; i++) given += rnd.pick(GIVEN);
  return surname + given;
}
