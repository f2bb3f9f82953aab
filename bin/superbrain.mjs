#!/usr/bin/env node
// `npx superbrain …`: runs the TypeScript CLI under plain Node through tsx (a runtime dependency),
// so the data plane needs no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src-main/cli.ts');
process.exitCode = await main(process.argv.slice(2));
