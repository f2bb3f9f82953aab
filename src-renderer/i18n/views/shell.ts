import { defineMessages } from './define.ts';

export const shellMessages = defineMessages(
  {
    'view.nav': '视图',
    'view.wall': '指挥大屏',
    'view.operator': '值班处置',
    'view.index': '组织力指数',
    'view.briefing': '领导简报',
    'view.settings': '系统设置', // issue 9
    'view.loading': '正在打开视图…',
    'view.unknown': '没有这个视图：{view}',
  },
  {
    'view.nav': 'Views',
    'view.wall': 'Wall',
    'view.operator': 'Operator',
    'view.index': 'Index', // short: the top bar holds eight view links at 1920 wide
    'view.briefing': 'Briefing',
    'view.settings': 'Settings', // issue 9
    'view.loading': 'Opening the view…',
    'view.unknown': 'No such view: {view}',
  },
);
