import { defineMessages } from './define.ts';

export const operatorMessages = defineMessages({}, {});
