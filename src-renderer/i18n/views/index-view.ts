import { defineMessages } from './define.ts';

export const indexMessages = defineMessages({}, {});
