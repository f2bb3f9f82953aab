import { defineMessages } from './define.ts';

export const briefingMessages = defineMessages({}, {});
