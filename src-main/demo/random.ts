// A small seeded PRNG (sfc32, seeded through splitmix32) with the draws the demo needs. Every random
// choice of the demo goes through one of these, so a seed fixes the whole sequence of facts.

export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [min, max). */
  range(min: number, max: number): number;
  /** Uniform integer in [min, max] (both included). */
  int(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Picks by weight; `weights[i]` belongs to `items[i]`. */
  weighted<T>(items: readonly T[], weights: readonly number[]): T;
  /** Exponential waiting time for a Poisson process of `rate` events per unit. */
  exponential(rate: number): number;
  /** Approximately normal (sum of uniforms), mean 0, standard deviation 1. */
  gaussian(): number;
  /** A new independent generator derived from this one and a label (does not advance this one). */
  fork(label: string | number): Random;
  /** The internal state, to start an identical generator with `createRandom(0, state)`. */
  state(): [number, number, number, number];
}

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** FNV-1a over a string, to turn labels into seeds. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export function createRandom(seed: number, state?: readonly [number, number, number, number]): Random {
  let a: number, b: number, c: number, d: number;
  if (state) [a, b, c, d] = state;
  else {
    const sm = splitmix32(Math.floor(seed) >>> 0);
    a = sm();
    b = sm();
    c = sm();
    d = sm();
  }
  const nextU32 = (): number => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    const t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    const r = (t + d) | 0;
    c = (c + r) | 0;
    return r >>> 0;
  };
  // Warm up so that near seeds diverge at once.
  if (!state) for (let i = 0; i < 12; i++) nextU32();

  const rnd: Random = {
    next: () => nextU32() / 4294967296,
    range: (min, max) => min + (max - min) * rnd.next(),
    int: (min, max) => min + Math.floor(rnd.next() * (max - min + 1)),
    chance: (p) => rnd.next() < p,
    pick: (items) => {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[Math.floor(rnd.next() * items.length)]!;
    },
    weighted: (items, weights) => {
      if (items.length === 0 || items.length !== weights.length) throw new Error('weighted pick needs items and as many weights');
      let total = 0;
      for (const w of weights) total += Math.max(0, w);
      let x = rnd.next() * total;
      for (let i = 0; i < items.length; i++) {
        x -= Math.max(0, weights[i]!);
        if (x < 0) return items[i]!;
      }
      return items[items.length - 1]!;
    },
    exponential: (rate) => (rate <= 0 ? Number.POSITIVE_INFINITY : -Math.log(1 - rnd.next()) / rate),
    gaussian: () => {
      let s = 0;
      for (let i = 0; i < 6; i++) s += rnd.next();
      return (s - 3) * Math.SQRT2;
    },
    fork: (label) => createRandom((hashString(String(label)) ^ Math.imul(a, 31) ^ d) >>> 0),
    state: () => [a >>> 0, b >>> 0, c >>> 0, d >>> 0],
  };
  return rnd;
}
