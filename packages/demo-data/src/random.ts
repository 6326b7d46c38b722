import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/**
 * A seeded random source: the same seed gives the same sequence on every machine and Node version,
 * which is what makes generated snapshots byte-identical.
 */
export class Random {
  private readonly rng;
  private spareNormal: number | null = null;

  constructor(seed: number) {
    this.rng = xoroshiro128plus(seed | 0);
  }

  /** Uniform in [0, 1). */
  next(): number {
    return (this.rng.next() >>> 0) / 4294967296;
  }

  /** Uniform integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  /** Standard-normal via Box-Muller, scaled. */
  normal(mean = 0, sd = 1): number {
    if (this.spareNormal !== null) {
      const value = this.spareNormal;
      this.spareNormal = null;
      return mean + sd * value;
    }
    let u = 0;
    while (u === 0) u = this.next();
    const v = this.next();
    const radius = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = radius * Math.sin(2 * Math.PI * v);
    return mean + sd * radius * Math.cos(2 * Math.PI * v);
  }

  /** Poisson count (Knuth), for small means. */
  poisson(mean: number): number {
    const limit = Math.exp(-mean);
    let count = 0;
    let product = this.next();
    while (product > limit) {
      count += 1;
      product *= this.next();
    }
    return count;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** Fisher-Yates, in place. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    return items;
  }
}

/** Independent streams per concern, so changing one part of the world (samples) leaves others (patients) identical. */
export function streamSeed(
  seed: number,
  stream: 'clinical' | 'samples' | 'expression' | 'variants' | 'trials',
): number {
  const offsets = {
    clinical: 0x1000,
    samples: 0x2000,
    expression: 0x3000,
    variants: 0x4000,
    trials: 0x5000,
  } as const;
  return (Math.imul(seed, 0x9e3779b1) ^ offsets[stream]) | 0;
}

/** Code-unit order: unlike localeCompare, the same on every machine and ICU version. */
export function compareAscii(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
