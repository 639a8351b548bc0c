import { createStorage } from 'async-cache-dedupe'
import type { CachedResponse, ResponseStore } from './store.ts'
import { referenceGlobRegExp } from './store.ts'

/** The parts of async-cache-dedupe's memory storage used here (its `.d.ts` types them loosely). */
interface MemoryStorage {
  get(key: string): CachedResponse | undefined
  set(key: string, value: CachedResponse, ttl: number, references: string[]): void
  invalidate(references: string[]): string[]
  /** reference → keys; the storage's own index, read for glob matching */
  referencesKeys: Map<string, string[]>
}

/**
 * The embedded adapter: entries in this process's memory, in async-cache-dedupe's LRU storage
 * (at most `maxEntries`, least recently used evicted first) with reference invalidation on.
 * Always available. Per process: with several processes (`--workers`) each has its own entries,
 * and a write only invalidates the entries of the process that served it.
 * @see https://github.com/mcollina/async-cache-dedupe#storage
 */
export class MemoryResponseStore implements ResponseStore {
  readonly kind = 'memory' as const
  private readonly storage: MemoryStorage
  private counter = 0

  /** @param maxEntries LRU capacity, entries (≥ 1) */
  constructor(maxEntries: number) {
    this.storage = createStorage('memory', { size: maxEntries, invalidation: true }) as unknown as MemoryStorage
    // Glob invalidation reads the storage's reference index; fail at start, not at the first
    // admin call, should a new release of the library rename it.
    if (!(this.storage.referencesKeys instanceof Map)) throw new Error('async-cache-dedupe memory storage has no reference index')
  }

  available(): boolean {
    return true
  }

  async get(key: string): Promise<CachedResponse | undefined> {
    return this.storage.get(key) ?? undefined
  }

  async set(key: string, entry: CachedResponse, ttl: number, references: readonly string[], generation: string): Promise<boolean> {
    // One synchronous step: no invalidation can run between the check and the store.
    if (String(this.counter) !== generation) return false
    this.storage.set(key, entry, ttl, [...references])
    // async-cache-dedupe 3.4.0 appends a key to each reference's key list, but removes keys by a
    // merge that assumes those lists sorted: unsorted, an invalidation left keys behind, which
    // every later invalidation of the reference walked again (and counted as dropped). Keeping
    // them sorted makes its removal exact.
    for (const reference of references) this.storage.referencesKeys.get(reference)?.sort()
    return true
  }

  async invalidate(references: readonly string[]): Promise<number> {
    // A response being computed now is not stored (see set).
    this.counter++
    return this.storage.invalidate([...references]).length
  }

  async referencesMatching(glob: string): Promise<string[]> {
    const regexp = referenceGlobRegExp(glob)
    return [...this.storage.referencesKeys.keys()].filter((reference) => regexp.test(reference))
  }

  async generation(): Promise<string> {
    return String(this.counter)
  }

  async close(): Promise<void> {}
}
