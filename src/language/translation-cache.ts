// The translation cache: identical normalised text for the same engine, model and pair is
// translated once. In memory for a run (bounded), backed by the case's store table when given.

export interface CachedTranslation {
  text: string;
  model: string;
}

export interface TranslationCache {
  getMany(keys: readonly string[]): Promise<Map<string, CachedTranslation>>;
  putMany(
    entries: ReadonlyArray<{
      key: string;
      value: CachedTranslation;
      engine: string;
      source: string;
      target: string;
    }>,
  ): Promise<void>;
}

export class MemoryTranslationCache implements TranslationCache {
  private readonly map = new Map<string, CachedTranslation>();
  constructor(private readonly maxEntries = 500_000) {}

  async getMany(keys: readonly string[]): Promise<Map<string, CachedTranslation>> {
    const out = new Map<string, CachedTranslation>();
    for (const k of keys) {
      const v = this.map.get(k);
      if (v) out.set(k, v);
    }
    return out;
  }

  async putMany(entries: ReadonlyArray<{ key: string; value: CachedTranslation }>): Promise<void> {
    for (const e of entries) {
      if (this.map.size >= this.maxEntries) {
        const first = this.map.keys().next().value;
        if (first !== undefined) this.map.delete(first);
      }
      this.map.set(e.key, e.value);
    }
  }

  get size(): number {
    return this.map.size;
  }
}

/** A memory cache in front of a slower one (the store); writes go to both. */
export class LayeredTranslationCache implements TranslationCache {
  constructor(
    private readonly front: MemoryTranslationCache,
    private readonly back: TranslationCache,
  ) {}

  async getMany(keys: readonly string[]): Promise<Map<string, CachedTranslation>> {
    const found = await this.front.getMany(keys);
    const missing = keys.filter((k) => !found.has(k));
    if (missing.length) {
      const more = await this.back.getMany(missing);
      for (const [k, v] of more) found.set(k, v);
      await this.front.putMany([...more].map(([key, value]) => ({ key, value })));
    }
    return found;
  }

  async putMany(
    entries: ReadonlyArray<{
      key: string;
      value: CachedTranslation;
      engine: string;
      source: string;
      target: string;
    }>,
  ): Promise<void> {
    await this.front.putMany(entries);
    await this.back.putMany(entries);
  }
}
