export interface ResultCacheOptions {
  /** Most entries kept. Default 500. */
  maxEntries?: number;
  /** Most bytes kept (as estimated by the caller). Default 64 MiB. */
  maxBytes?: number;
}

const DEFAULTS = { maxEntries: 500, maxBytes: 64 * 1024 * 1024 } satisfies ResultCacheOptions;

interface Entry<V> {
  generation: string;
  value: V;
  bytes: number;
}

/** What a lookup returns: the value and whether it came from the cache (or a computation in flight). */
export interface Cached<V> {
  value: V;
  hit: boolean;
}

/**
 * Least-recently-used results keyed by store generation and request. Within a generation the data
 * cannot change (an ingest writes a new generation), so an entry is valid until the generation
 * changes; `retainGeneration` then drops the rest. Concurrent lookups of the same key share one
 * computation; a failed computation is not kept.
 */
export class ResultCache<V> {
  private readonly options: typeof DEFAULTS;
  private readonly entries = new Map<string, Entry<V>>();
  private readonly inFlight = new Map<string, Promise<Entry<V>>>();
  private bytes = 0;
  private current?: string;

  constructor(options: ResultCacheOptions = {}) {
    this.options = { ...DEFAULTS, ...options };
  }

  /** Returns the cached value for (generation, key), computing and keeping it on a miss. */
  async get(generation: string, key: string, compute: () => Promise<{ value: V; bytes: number }>): Promise<Cached<V>> {
    const full = `${generation}\u0000${key}`;
    const found = this.entries.get(full);
    if (found) {
      this.entries.delete(full);
      this.entries.set(full, found);
      return { value: found.value, hit: true };
    }
    const pending = this.inFlight.get(full);
    if (pending) return { value: (await pending).value, hit: true };
    const computation = compute().then(({ value, bytes }) => {
      const entry = { generation, value, bytes };
      if (this.current === undefined || this.current === generation) this.keep(full, entry);
      return entry;
    });
    this.inFlight.set(full, computation);
    try {
      return { value: (await computation).value, hit: false };
    } finally {
      this.inFlight.delete(full);
    }
  }

  /** Marks `generation` as current and drops every entry of another one. */
  retainGeneration(generation: string): void {
    this.current = generation;
    for (const [key, entry] of this.entries) {
      if (entry.generation !== generation) this.drop(key, entry);
    }
  }

  /** Entries and estimated bytes held. */
  get size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }

  private keep(key: string, entry: Entry<V>): void {
    if (entry.bytes > this.options.maxBytes) return;
    this.entries.set(key, entry);
    this.bytes += entry.bytes;
    for (const [oldKey, old] of this.entries) {
      if (this.entries.size <= this.options.maxEntries && this.bytes <= this.options.maxBytes) break;
      this.drop(oldKey, old);
    }
  }

  private drop(key: string, entry: Entry<V>): void {
    this.entries.delete(key);
    this.bytes -= entry.bytes;
  }
}
