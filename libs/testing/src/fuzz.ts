/** Deterministic randomness for the seeded fuzz tests: the same seed sends the same requests. */

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)];
  }
  /** a version-4 UUID made of PRNG bytes: well-formed, and (with overwhelming probability) unknown */
  uuid(): string {
    const hex = Array.from({ length: 32 }, () => this.int(16).toString(16));
    hex[12] = '4';
    hex[16] = '89ab'[this.int(4)];
    const s = hex.join('');
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
  }
  /** printable and unprintable junk, some of it far outside ASCII */
  junk(maxLength: number): string {
    const alphabet = ['a', 'Z', '0', ' ', '-', '_', '%', '"', "'", '\\', '/', '\n', '\t', '\u0001', '台', '山', '\u202e', '😀', '{', '}', '<', '>', ';', '\u00e9'];
    return Array.from({ length: 1 + this.int(maxLength) }, () => this.pick(alphabet)).join('');
  }
}

