// Seeded byte mutation of fixtures (after libarchive's test_fuzz.c, but reproducible: the seed is
// printed with every failure).

/** xorshift32: small, fast, reproducible. */
export function rng(seed: number): () => number {
  let x = seed >>> 0 || 0x9e3779b9;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 0x100000000;
  };
}

/** Change under `fraction` of the bytes (at least one), sometimes truncate. */
export function mutateBytes(input: Uint8Array, seed: number, fraction = 0.005): Buffer {
  const r = rng(seed);
  const out = Buffer.from(input);
  const n = Math.max(1, Math.floor(out.length * fraction * r()));
  for (let i = 0; i < n; i++) {
    const pos = Math.floor(r() * out.length);
    const op = r();
    if (op < 0.6) out[pos] = Math.floor(r() * 256);
    else if (op < 0.8) out[pos] = 0;
    else out[pos] = 0xff;
  }
  if (r() < 0.1) return out.subarray(0, Math.floor(out.length * r()));
  return out;
}
