// How many inputs each fuzz property generates: the fast count in `npm test`, times
// SUPERBRAIN_FUZZ_SCALE in `npm run faults` (which also asks, through SUPERBRAIN_FUZZ_COUNT_FILE, for the
// total generated, to report it in docs/reliability.md).
import { appendFileSync } from 'node:fs';

const scale = Math.max(1, Number(process.env.SUPERBRAIN_FUZZ_SCALE ?? 1) || 1);
let total = 0;
const countFile = process.env.SUPERBRAIN_FUZZ_COUNT_FILE;
if (countFile) process.on('exit', () => appendFileSync(countFile, `${total}\n`));

export function fuzzRuns(n: number): number {
  const runs = Math.round(n * scale);
  total += runs;
  return runs;
}
