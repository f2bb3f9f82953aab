// `superbrain start`: the same as `npm start` — the console on the embedded demo, in Electron where its
// binary is installed, else in web mode (Chromium app window or the printed address). The logic lives in
// scripts/start.mjs, plain Node, so that `npm start` does not need this TypeScript CLI to pick a shell.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { DEFAULT_ROOT } from '../runtime/paths.ts';

export async function run(argv: string[]): Promise<number> {
  if (argv.includes('--help')) {
    console.log('usage: superbrain start [--wall-display N] [--speed N]\n\nStarts the console on the demo district: Electron if installed, else web mode.');
    return 0;
  }
  const child = spawn(process.execPath, [path.join(DEFAULT_ROOT, 'scripts', 'start.mjs'), ...argv], { stdio: 'inherit', cwd: DEFAULT_ROOT });
  // The terminal's Ctrl-C reaches the child too (same process group), so SIGINT is only waited out;
  // a SIGTERM sent to this process alone is passed on.
  const ignore = (): void => undefined;
  const forward = (): void => void child.kill('SIGTERM');
  process.on('SIGINT', ignore);
  process.on('SIGTERM', forward);
  try {
    return await new Promise<number>((resolve) => {
      child.on('error', (err) => {
        console.error(`superbrain start: ${err.message}`);
        resolve(1);
      });
      child.on('exit', (code, signal) => resolve(code ?? (signal ? 130 : 0)));
    });
  } finally {
    process.off('SIGINT', ignore);
    process.off('SIGTERM', forward);
  }
}
