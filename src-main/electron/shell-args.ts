// The Electron shell's own command-line options, picked out from among Electron's and Chromium's
// switches (and whatever a test driver adds), which are left alone. No Electron import: tested under Node.
//   --wall-display N   --wall   --config FILE   --speed N   --data-dir DIR   --wall-span A-B (issue 4)
import path from 'node:path';

export interface ShellArgs {
  wallDisplay?: number;
  /** issue 4: one wall window across displays A..B (1-based, left to right). */
  wallSpan?: [number, number];
  forceWall: boolean;
  config?: string;
  speed?: number;
  dataDir?: string;
}

/** Throws an Error naming the option when one of ours is malformed. */
export function parseShellArgs(argv: string[]): ShellArgs {
  const out: ShellArgs = { forceWall: false };
  const value = (i: number, name: string): [string | undefined, number] => {
    const a = argv[i]!;
    if (a.startsWith(`${name}=`)) return [a.slice(name.length + 1), i];
    return [argv[i + 1], i + 1];
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const name = a.split('=')[0]!;
    if (name === '--wall') out.forceWall = true;
    else if (name === '--wall-span') {
      const [v, next] = value(i, name);
      i = next;
      const m = /^(\d+)-(\d+)$/.exec(v ?? '');
      if (!m || Number(m[2]) <= Number(m[1]) || Number(m[1]) < 1) throw new Error(`--wall-span must be two display positions like 1-2, got "${v ?? ''}"`);
      out.wallSpan = [Number(m[1]), Number(m[2])];
    }
    else if (name === '--wall-display' || name === '--config' || name === '--speed' || name === '--data-dir') {
      const [v, next] = value(i, name);
      i = next;
      if (v === undefined || v === '' || v.startsWith('--')) throw new Error(`${name} needs a value`);
      if (name === '--wall-display' || name === '--speed') {
        const n = Number(v);
        if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got "${v}"`);
        if (name === '--wall-display') out.wallDisplay = n;
        else out.speed = n;
      } else if (name === '--config') out.config = path.resolve(v);
      else out.dataDir = path.resolve(v);
    }
  }
  return out;
}

