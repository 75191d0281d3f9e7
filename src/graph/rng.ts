// Seeded random numbers (pure-rand's xoroshiro128+) so that sampled and randomised measures give the
// same result for the same seed on every machine.
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';

/** Default seed of every randomised graph measure (recorded with the results). */
export const DEFAULT_SEED = 20240601;

/** A function returning uniform floats in [0, 1), deterministic for the seed. */
export function seededRandom(seed: number = DEFAULT_SEED): () => number {
  const g = xoroshiro128plus(seed | 0);
  return () => uniformFloat64(g);
}

/** Fisher–Yates shuffle in place, driven by the given random function. */
export function shuffleInPlace<T extends { [i: number]: number; length: number }>(
  a: T,
  random: () => number,
): T {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = a[i]!;
    a[i] = a[j]!;
    a[j] = t;
  }
  return a;
}
